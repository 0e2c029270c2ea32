package io.cepheus.dsl;

import io.cepheus.core.Match;
import io.cepheus.core.MatchKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An alert rendered from a rule's result.
 *
 * @param rule the rule's name
 * @param kind match, absence or timeout
 * @param key the partition key
 * @param severity from the alert block, else the rule; null if neither says
 * @param title the rule's title; null if none
 * @param summary the summary template filled in (the title or rule name if there is no summary)
 * @param fields the named alert fields in declaration order; values as in events (timestamps and
 *     durations are Long milliseconds), null for SQL NULL
 * @param channels where to send it ({@code notify})
 * @param match the result it was rendered from (bound events by step, timestamps, id)
 */
public record Alert(String rule, MatchKind kind, String key, String severity, String title, String summary,
        Map<String, Object> fields, List<String> channels, Match match) {

    public Alert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(summary, "summary");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        channels = List.copyOf(channels);
    }
}
