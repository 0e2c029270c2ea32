package io.cepheus.server.backtest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a backtest did.
 *
 * @param eventsRead input lines that held an event or tried to (blank lines and {@code #} comments
 *     are not counted)
 * @param rejected lines that were not valid events
 * @param late events at or behind their stream's watermark
 * @param alertsByRule alerts per rule, every rule of the run in source order (zero included)
 * @param suppressed per rule, alerts dropped by its {@code suppress} clause
 * @param withoutKey per rule, events not given to it because their partition key was null
 * @param drops per rule that dropped anything, what its engine dropped at its per-key caps
 * @param ruleErrors per rule that had any, its errors: conditions that threw, alerts that could not be
 *     rendered, partition or suppression keys that could not be computed
 */
public record BacktestSummary(long eventsRead, long rejected, long late, Map<String, Long> alertsByRule,
        Map<String, Long> suppressed, Map<String, Long> withoutKey, Map<String, Drops> drops, Map<String, Long> ruleErrors) {
    public BacktestSummary {
        ruleErrors = Collections.unmodifiableMap(new LinkedHashMap<>(ruleErrors));
        alertsByRule = Collections.unmodifiableMap(new LinkedHashMap<>(alertsByRule));
        suppressed = Collections.unmodifiableMap(new LinkedHashMap<>(suppressed));
        withoutKey = Collections.unmodifiableMap(new LinkedHashMap<>(withoutKey));
        drops = Collections.unmodifiableMap(new LinkedHashMap<>(drops));
    }

    /**
     * What one rule's engine dropped at its caps: its alerts may be missing, or cover fewer events.
     *
     * @param partialMatches partial matches dropped because a key held more than the cap
     * @param windowEvents events dropped early from a key's sliding window that held more than the cap
     * @param distinctValues distinct values not counted because a key's distinct count was full
     */
    public record Drops(long partialMatches, long windowEvents, long distinctValues) {
        public boolean any() {
            return partialMatches > 0 || windowEvents > 0 || distinctValues > 0;
        }
    }

    public long alerts() {
        return alertsByRule.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rule errors over all rules. */
    public long ruleErrorCount() {
        return ruleErrors.values().stream().mapToLong(Long::longValue).sum();
    }
}
