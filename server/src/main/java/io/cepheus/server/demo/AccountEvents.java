package io.cepheus.server.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code account_events} stream's events (rules-examples/account-takeover): what happens on an online bank account. */
final class AccountEvents {

    static final String STREAM = "account_events";

    private AccountEvents() {}

    /**
     * @param type {@code login}, {@code login_failed}, {@code password_reset}, {@code transfer} or {@code logout}
     * @param amount a transfer's amount; null for the others
     */
    static DemoEvent event(Instant at, String account, String type, String device, boolean newDevice, BigDecimal amount) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("account", account);
        f.put("type", type);
        f.put("device", device);
        f.put("new_device", newDevice);
        f.put("amount", amount);
        f.put("ts", Times.text(at));
        return new DemoEvent(at, STREAM, account, f);
    }
}
