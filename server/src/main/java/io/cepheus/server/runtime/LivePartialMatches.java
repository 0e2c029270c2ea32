package io.cepheus.server.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One rule and key's live partial matches, as its key space's stored state holds them (see {@link
 * PartialMatchReader}). Immutable.
 *
 * @param rule the rule's name
 * @param key the partition key
 * @param keySpace the key space (one engine) that runs the rule
 * @param version the version of the rule that runs now (a partial match of an older, draining
 *     version carries its own)
 * @param partialMatches the partial matches (and completed matches held back by the skip strategy) by
 *     start; empty when the key has none
 * @param watermark the key space's engine watermark (the least of its inputs'), epoch millis;
 *     {@code Long.MIN_VALUE} before the first
 */
public record LivePartialMatches(String rule, String key, String keySpace, long version,
        List<PartialMatch> partialMatches, long watermark) {

    public LivePartialMatches {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(keySpace, "keySpace");
        partialMatches = List.copyOf(partialMatches);
    }

    /**
     * A partial match.
     *
     * @param version the version of the rule it belongs to
     * @param waitingIn the step whose state it is in; null for an internal state (an alternation's choice)
     * @param steps the events bound so far, by step in pattern order
     * @param start the first bound event's time, epoch millis
     * @param deadline when it times out, epoch millis; null when the rule has no window
     * @param completed true for a completed match held back by the skip strategy
     */
    public record PartialMatch(long version, String waitingIn, Map<String, List<BoundEvent>> steps, long start,
            Long deadline, boolean completed) {
        public PartialMatch {
            Map<String, List<BoundEvent>> copy = new LinkedHashMap<>();
            steps.forEach((step, events) -> copy.put(step, List.copyOf(events)));
            steps = Collections.unmodifiableMap(copy);
        }
    }

    /**
     * An event bound to a step.
     *
     * @param id the event's id in hex, as an aggregate alert's {@code trigger} names it (see {@link EventIds})
     * @param timestamp its event time, epoch millis
     * @param fields its stream's declared fields in order, as decoded: null, {@link Boolean}, {@link
     *     Long} (also timestamps, epoch millis, and durations, millis), {@link Double}, {@link
     *     java.math.BigDecimal} or {@link String}
     */
    public record BoundEvent(String id, long timestamp, Map<String, Object> fields) {
        public BoundEvent {
            Objects.requireNonNull(id, "id");
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }
}
