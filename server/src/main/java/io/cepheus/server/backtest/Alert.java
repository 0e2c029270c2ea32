package io.cepheus.server.backtest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One alert of a backtest.
 *
 * @param rule the rule's name
 * @param version the version of the rule that fired
 * @param key the partition key
 * @param kind {@code match}, or {@code timeout} (an absence whose window elapsed, or a partial match
 *     that timed out)
 * @param first time of the first bound event, epoch millis
 * @param last time of the last bound event, epoch millis
 * @param fired for a timeout, when it fired (the end of the window); for a match, equal to {@code last}
 * @param emitted when the engine produced it, in event time: the time of the event being matched,
 *     or the watermark (or the next event's time) that timed it out, released it or closed its
 *     window; {@link #END_OF_INPUT} when it came out because time ran to its end at the end of the input
 * @param steps the bound events by step, in pattern order
 * @param summary the rendered summary; null if the rule has none
 * @param fields the alert fields in declaration order
 * @param aggregate for kind {@code aggregate}: the window, trigger and values; null otherwise
 * @param title the rule's title; null if it has none
 * @param severity the alert block's severity, else the rule's; null if neither gives one
 * @param tags the rule's tags; empty if it has none
 * @param id the alert's deterministic id (32 hex digits): rule, version, key and the bound events'
 *     ids (their declared id fields, else their contents), so the server gives the same events' alert
 *     the same id; null when not known
 */
public record Alert(String rule, long version, String key, String kind, long first, long last, long fired, long emitted,
        Map<String, List<EventRef>> steps, String summary, Map<String, Object> fields, Aggregate aggregate,
        String title, String severity, List<String> tags, String id) {

    public static final String MATCH = "match";
    public static final String TIMEOUT = "timeout";
    public static final String AGGREGATE = "aggregate";
    /** {@link #emitted()} of an alert that came out when time ran to its end at the end of the input. */
    public static final long END_OF_INPUT = Long.MAX_VALUE;

    /**
     * What an aggregate rule's alert adds.
     *
     * @param windowStart inclusive start of the window, epoch millis
     * @param windowEnd exclusive end of the window, epoch millis
     * @param trigger the event that fired a sliding window, or the last event of another window
     * @param events how many events the window held
     * @param values the named aggregates (or every measure by its text)
     */
    public record Aggregate(long windowStart, long windowEnd, EventRef trigger, long events, Map<String, Object> values) {
        public Aggregate {
            Objects.requireNonNull(trigger, "trigger");
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    public Alert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Map<String, List<EventRef>> s = new LinkedHashMap<>();
        steps.forEach((k, v) -> s.put(k, List.copyOf(v)));
        steps = Collections.unmodifiableMap(s);
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        tags = List.copyOf(tags);
    }
}
