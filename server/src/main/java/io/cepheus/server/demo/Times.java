package io.cepheus.server.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.random.RandomGenerator;

/** Event times as the streams declare them (ISO-8601, milliseconds), and random pauses. */
final class Times {

    private Times() {}

    /** {@code at} as its stream's time field holds it: ISO-8601 in UTC, to the millisecond. */
    static String text(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** A pause between {@code minSeconds} and {@code maxSeconds}, to the millisecond. */
    static Duration pause(RandomGenerator random, double minSeconds, double maxSeconds) {
        return Duration.ofMillis(Math.round(random.nextDouble(minSeconds, maxSeconds) * 1000));
    }
}
