package io.cepheus.server.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: after its n-th failed attempt since it was queued, the n-th
 * pause of the schedule with jitter (uniform in 80–120 % of it, so that the retries of many
 * deliveries that failed together spread out), or later when the endpoint asked so with {@code
 * Retry-After} (seconds or an HTTP date; at most the whole schedule); after the last pause's retry,
 * none. With the default schedule (5 s, 30 s, 2 m, 10 m, 30 m, 1 h, 2 h, 4 h, 8 h, 8 h) a delivery
 * gets eleven attempts over about 24 hours. Immutable; thread-safe.
 */
final class RetryPolicy {

    private final List<Duration> schedule;
    private final Duration window;

    RetryPolicy(List<Duration> schedule) {
        if (schedule.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule has at least one pause");
        }
        this.schedule = List.copyOf(schedule);
        this.window = schedule.stream().reduce(Duration.ZERO, Duration::plus);
    }

    /** Attempts a delivery gets per queueing: the first and one per pause. */
    int attempts() {
        return schedule.size() + 1;
    }

    /** The schedule's pauses added up: about how long a delivery is retried. */
    Duration window() {
        return window;
    }

    /**
     * When to try again after the {@code failed}-th failed attempt (1 for the first).
     *
     * @param retryAfter what the endpoint asked for, if anything
     * @return empty when that was the last attempt
     */
    Optional<Instant> next(int failed, Instant now, Optional<Duration> retryAfter) {
        if (failed > schedule.size()) {
            return Optional.empty();
        }
        long base = schedule.get(failed - 1).toMillis();
        long pause = Math.round(base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        long asked = retryAfter.map(d -> capped(d).toMillis()).orElse(0L);
        return Optional.of(now.plusMillis(Math.max(pause, asked)));
    }

    /** {@code asked}, at most the schedule's total: how long an endpoint may make its deliveries wait. */
    Duration capped(Duration asked) {
        return asked.compareTo(window) > 0 ? window : asked;
    }

    /** A {@code Retry-After} value (RFC 9110 section 10.2.3: seconds, or an HTTP date) as a pause from {@code now}. */
    static Optional<Duration> retryAfter(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
