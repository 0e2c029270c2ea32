package io.cepheus.server.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Planted card testing (rule {@code card_testing}): a stolen card, new to the demo, is checked with
 * three to five tiny purchases at stores that sell digital goods, seconds apart (one may be
 * declined), then used for one large purchase at an electronics or luxury store, all within half a minute.
 */
final class CardTesting extends PlantedScenario {

    static final String RULE = "card_testing";

    private static final List<String> PROBE_MERCHANTS = List.of("Steam", "Google Play", "App Store",
            "Red Cross Donations", "Wikimedia Donations");
    private static final List<String> BIG_MERCHANTS = List.of("MediaMarkt", "Apple Store", "FNAC", "Louis Vuitton",
            "Rolex Boutique");

    CardTesting(Population people) {
        super(RULE, people);
    }

    @Override
    public List<DemoEvent> play(Instant start, RandomGenerator random) {
        String card = people.freshCard();
        List<DemoEvent> events = new ArrayList<>();
        Instant at = start;
        int probes = 3 + random.nextInt(3);
        for (int i = 0; i < probes; i++) {
            events.add(Payments.payment(at, card, Payments.amount(random, 0.5, 1.99), people.any(PROBE_MERCHANTS), true));
            if (i == 0 && random.nextBoolean()) {
                at = at.plus(Times.pause(random, 0.5, 2));
                events.add(Payments.payment(at, card, Payments.amount(random, 0.5, 1.99), people.any(PROBE_MERCHANTS),
                        false));
            }
            at = at.plus(Times.pause(random, 1, 4));
        }
        at = at.plus(Times.pause(random, 2, 8));
        events.add(Payments.payment(at, card, Payments.amount(random, 600, 2_500), people.any(BIG_MERCHANTS), true));
        return events;
    }
}
