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
 * @param ruleErrors errors raised by rule conditions
 */
public record BacktestSummary(long eventsRead, long rejected, long late, Map<String, Long> alertsByRule,
        Map<String, Long> suppressed, Map<String, Long> withoutKey, long ruleErrors) {
    public BacktestSummary {
        alertsByRule = Collections.unmodifiableMap(new LinkedHashMap<>(alertsByRule));
        suppressed = Collections.unmodifiableMap(new LinkedHashMap<>(suppressed));
        withoutKey = Collections.unmodifiableMap(new LinkedHashMap<>(withoutKey));
    }

    public long alerts() {
        return alertsByRule.values().stream().mapToLong(Long::longValue).sum();
    }
}
