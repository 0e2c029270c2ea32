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
 * @param key the partition key
 * @param kind {@code match}, or {@code timeout} (an absence whose window elapsed, or a partial match
 *     that timed out)
 * @param first time of the first bound event, epoch millis
 * @param last time of the last bound event, epoch millis
 * @param fired for a timeout, when it fired (the end of the window); for a match, equal to {@code last}
 * @param steps the bound events by step, in pattern order
 * @param summary the rendered summary; null if the rule has none
 * @param fields the alert fields in declaration order
 */
public record Alert(String rule, String key, String kind, long first, long last, long fired,
        Map<String, List<EventRef>> steps, String summary, Map<String, Object> fields) {

    public static final String MATCH = "match";
    public static final String TIMEOUT = "timeout";

    public Alert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Map<String, List<EventRef>> s = new LinkedHashMap<>();
        steps.forEach((k, v) -> s.put(k, List.copyOf(v)));
        steps = Collections.unmodifiableMap(s);
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
