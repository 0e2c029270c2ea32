package io.cepheus.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An aggregate rule fired for one key and window.
 *
 * @param rule the rule
 * @param version the version of the rule that produced it
 * @param key the partition key
 * @param values the measures by name, in the rule's order
 * @param windowStart inclusive start of the window
 * @param windowEnd exclusive end of the window
 * @param timestamp when it fired: the triggering event's time for a sliding window, the window's
 *     end for the others
 * @param triggerEventId id of the event that fired a sliding window, or of the last event of the
 *     window for the others
 * @param eventCount events the window held
 * @param id deterministic: rule, key, window and trigger
 */
public record AggregateResult(
        RuleId rule,
        long version,
        String key,
        Map<String, Object> values,
        long windowStart,
        long windowEnd,
        long timestamp,
        long triggerEventId,
        long eventCount,
        MatchId id) {

    public AggregateResult {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
