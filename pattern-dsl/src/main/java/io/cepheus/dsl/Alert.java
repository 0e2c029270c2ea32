package io.cepheus.dsl;

import io.cepheus.core.Match;
import io.cepheus.core.AggregateResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An alert rendered from a rule's result.
 *
 * @param rule the rule's name
 * @param kind match, absence or timeout for a pattern rule; aggregate for an aggregate rule
 * @param key the partition key
 * @param severity from the alert block, else the rule; null if neither says
 * @param title the rule's title; null if none
 * @param summary the summary template filled in (the title or rule name if there is no summary)
 * @param fields the named alert fields in declaration order: null for SQL NULL, {@link Boolean},
 *     {@link Long}, {@link Double}, {@link java.math.BigDecimal}, {@link String}, {@link
 *     java.time.Instant} for timestamps and {@link java.time.Duration} for durations
 * @param channels where to send it ({@code notify})
 * @param match the pattern result it was rendered from (bound events by step, timestamps, id); null
 *     for an aggregate rule
 * @param aggregate the aggregate result it was rendered from (measures, window, trigger); null for
 *     a pattern rule
 * @param values an aggregate rule's named aggregates (typed like {@code fields}); empty for a
 *     pattern rule
 */
public record Alert(String rule, Kind kind, String key, String severity, String title, String summary,
        Map<String, Object> fields, List<String> channels, Match match, AggregateResult aggregate,
        Map<String, Object> values) {

    /** What produced the alert. */
    public enum Kind { MATCH, ABSENCE, TIMEOUT, AGGREGATE }

    public Alert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(summary, "summary");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        channels = List.copyOf(channels);
        if ((match == null) == (aggregate == null)) {
            throw new IllegalArgumentException("an alert comes from exactly one of a match and an aggregate result");
        }
    }
}
