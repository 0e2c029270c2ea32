package io.cepheus.server.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/** The {@code payments} stream's events (rules-examples/card-testing): a card paying a merchant. */
final class Payments {

    static final String STREAM = "payments";

    private Payments() {}

    static DemoEvent payment(Instant at, String card, BigDecimal amount, String merchant, boolean approved) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("card_id", card);
        f.put("amount", amount);
        f.put("merchant", merchant);
        f.put("status", approved ? "approved" : "declined");
        f.put("ts", Times.text(at));
        return new DemoEvent(at, STREAM, card, f);
    }

    /** An amount between {@code min} and {@code max}, in cents. */
    static BigDecimal amount(RandomGenerator random, double min, double max) {
        return BigDecimal.valueOf(Math.round(random.nextDouble(min, max) * 100), 2);
    }
}
