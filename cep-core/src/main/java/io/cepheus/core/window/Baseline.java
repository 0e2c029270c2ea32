package io.cepheus.core.window;

import io.cepheus.core.Event;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * A rolling aggregate of a key's own history, e.g. the 30-day average amount of a card, that any
 * condition can compare with: {@code amount > 3 * avg(amount) over last 30d}. Declared on the
 * engine (one per stream), read by pattern conditions through {@code MatchContext.baseline(slot)}
 * and by aggregate rules through {@code AggregateValues.baseline(slot)}; the slot is the
 * baseline's index in the engine's list.
 *
 * <p>The value is as of the event being evaluated, not including it. It is kept in {@code
 * buckets} time buckets of {@code window / buckets} each, so memory per key and baseline is
 * bounded by the bucket count, and the value covers the buckets that overlap {@code (t - window,
 * t)}: it may include events up to one bucket width older than the window (its granularity).
 * Kinds: COUNT, SUM, AVG, MIN, MAX.
 *
 * @param name for messages
 * @param kind the function
 * @param value what is aggregated (nulls skipped); null only for COUNT
 * @param window how far back
 * @param buckets how many buckets (≥ 1); 60 by default
 */
public record Baseline(String name, Measure.Kind kind, Function<Event, Object> value, Duration window, int buckets) {

    /** Default bucket count. */
    public static final int DEFAULT_BUCKETS = 60;

    public Baseline {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind of baseline " + name);
        Objects.requireNonNull(window, "window of baseline " + name);
        switch (kind) {
            case COUNT, SUM, AVG, MIN, MAX -> { }
            default -> throw new IllegalArgumentException("baseline " + name + ": " + kind + " is not supported over buckets"
                    + " (use COUNT, SUM, AVG, MIN or MAX)");
        }
        if (value == null && kind != Measure.Kind.COUNT) {
            throw new IllegalArgumentException("baseline " + name + ": " + kind + " needs a value");
        }
        if (buckets < 1) {
            throw new IllegalArgumentException("baseline " + name + ": buckets must be at least 1, was " + buckets);
        }
        if (window.toMillis() < buckets) {
            throw new IllegalArgumentException("baseline " + name + ": the window (" + window + ") must be at least one ms per bucket");
        }
    }

    public static Baseline of(String name, Measure.Kind kind, Function<Event, Object> value, Duration window) {
        return new Baseline(name, kind, value, window, DEFAULT_BUCKETS);
    }

    /** Bucket width in milliseconds. */
    public long bucketMillis() {
        return window.toMillis() / buckets;
    }
}
