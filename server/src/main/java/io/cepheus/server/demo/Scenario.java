package io.cepheus.server.demo;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One kind of traffic the demo plays, again and again on its {@link Timeline.Schedule}: a benign
 * event (a payment, a login), or a planted pattern (card testing, an account takeover) whose run is
 * the whole story of one card, account, device or user.
 */
interface Scenario {

    /**
     * One run: its events from {@code start} on, in any order (the timeline sorts them).
     *
     * @param random the demo's one source of randomness, so that a seed gives the same events
     */
    List<DemoEvent> play(Instant start, RandomGenerator random);

    /** The rule that each run of this scenario is planted for (its events' key is the alert's key); empty when benign. */
    default Optional<String> plants() {
        return Optional.empty();
    }

    /** What the scenario says when the demo stops at {@code now} (devices shutting down cleanly); usually nothing. */
    default List<DemoEvent> farewell(Instant now) {
        return List.of();
    }
}
