package io.cepheus.server.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Planted account takeover (rule {@code account_takeover}): on an account new to the demo, three to
 * five failed logins from an unknown phone, seconds apart; a password reset; a login from that phone,
 * new to the account; then a payout of 5,000 to 15,000 — all within half a minute.
 */
final class AccountTakeover extends PlantedScenario {

    static final String RULE = "account_takeover";

    AccountTakeover(Population people) {
        super(RULE, people);
    }

    @Override
    public List<DemoEvent> play(Instant start, RandomGenerator random) {
        String account = people.freshAccount();
        String phone = people.device();
        List<DemoEvent> events = new ArrayList<>();
        Instant at = start;
        int failures = 3 + random.nextInt(3);
        for (int i = 0; i < failures; i++) {
            events.add(AccountEvents.event(at, account, "login_failed", phone, true, null));
            at = at.plus(Times.pause(random, 0.5, 2));
        }
        at = at.plus(Times.pause(random, 2, 5));
        events.add(AccountEvents.event(at, account, "password_reset", phone, true, null));
        at = at.plus(Times.pause(random, 2, 5));
        events.add(AccountEvents.event(at, account, "login", phone, true, null));
        at = at.plus(Times.pause(random, 3, 10));
        events.add(AccountEvents.event(at, account, "transfer", phone, true, Payments.amount(random, 5_000, 15_000)));
        return events;
    }
}
