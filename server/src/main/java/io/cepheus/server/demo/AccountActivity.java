package io.cepheus.server.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Benign account activity: an account of the population logs in from its owner's phone (now and then
 * from a new one), mistypes a password, resets it, logs out, or transfers up to 3,000. Never a
 * transfer of 5,000 or more, so no reset and new-device login of theirs ends as an account takeover.
 */
final class AccountActivity implements Scenario {

    private final Population people;

    AccountActivity(Population people) {
        this.people = people;
    }

    @Override
    public List<DemoEvent> play(Instant start, RandomGenerator random) {
        Population.Account a = people.any(people.accounts);
        double p = random.nextDouble();
        DemoEvent e;
        if (p < 0.45) {
            boolean newPhone = random.nextDouble() < 0.03;
            e = AccountEvents.event(start, a.id(), "login", newPhone ? people.device() : a.device(), newPhone, null);
        } else if (p < 0.7) {
            e = AccountEvents.event(start, a.id(), "transfer", a.device(), false, amount(random));
        } else if (p < 0.82) {
            e = AccountEvents.event(start, a.id(), "logout", a.device(), false, null);
        } else if (p < 0.96) {
            e = AccountEvents.event(start, a.id(), "login_failed", a.device(), false, null);
        } else {
            e = AccountEvents.event(start, a.id(), "password_reset", a.device(), false, null);
        }
        return List.of(e);
    }

    private static BigDecimal amount(RandomGenerator random) {
        return Payments.amount(random, 10, random.nextDouble() < 0.9 ? 400 : 3_000);
    }
}
