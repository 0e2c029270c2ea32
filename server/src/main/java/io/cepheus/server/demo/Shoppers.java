package io.cepheus.server.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Benign payments: a card of the population pays a shop, an amount from 2.50 up (most below 100,
 * a few large ones), 4 % declined. Never a payment under 2.00, so no card of theirs looks like card
 * testing's probes.
 */
final class Shoppers implements Scenario {

    private static final List<String> MERCHANTS = List.of("Lidl", "Continente", "Pingo Doce", "Carrefour", "Galp",
            "Shell", "Uber", "Bolt", "Amazon", "Zara", "IKEA", "Decathlon", "Starbucks", "McDonald's", "Spotify",
            "Netflix", "Ryanair", "Booking.com", "El Corte Ingles", "Worten");

    private final Population people;

    Shoppers(Population people) {
        this.people = people;
    }

    @Override
    public List<DemoEvent> play(Instant start, RandomGenerator random) {
        String merchant = people.any(MERCHANTS);
        return List.of(Payments.payment(start, people.any(people.cards), amount(random), merchant,
                random.nextDouble() >= 0.04));
    }

    /** Mostly everyday amounts; one in fifty is a large purchase. */
    private static BigDecimal amount(RandomGenerator random) {
        if (random.nextDouble() < 0.02) {
            return Payments.amount(random, 300, 1_500);
        }
        return Payments.amount(random, 2.5, random.nextDouble() < 0.8 ? 60 : 250);
    }
}
