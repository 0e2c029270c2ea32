package io.cepheus.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One result of a rule for one key.
 *
 * @param rule the rule
 * @param version the version of the rule that produced it
 * @param key the partition key
 * @param kind match, absence or timeout
 * @param events the bound events by step name, in pattern order; steps with no event are absent
 * @param firstTimestamp timestamp of the first bound event
 * @param lastTimestamp timestamp of the last bound event
 * @param timestamp when the result happened: the last event's time for a match, the end of the
 *     window for an absence or a timeout
 * @param id deterministic: the same rule, key, kind and bound events always give the same id
 */
public record Match(
        RuleId rule,
        long version,
        String key,
        MatchKind kind,
        Map<String, List<Event>> events,
        long firstTimestamp,
        long lastTimestamp,
        long timestamp,
        MatchId id) {

    public Match {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (!(events instanceof StepEvents)) {
            Map<String, List<Event>> copy = new LinkedHashMap<>();
            events.forEach((step, list) -> copy.put(step, List.copyOf(list)));
            events = Collections.unmodifiableMap(copy);
        }
    }

    /** The events of {@code step}, empty if none. */
    public List<Event> events(String step) {
        return events.getOrDefault(step, List.of());
    }

    /** All bound events ordered by timestamp, then id. */
    public List<Event> allEvents() {
        List<Event> all = new ArrayList<>();
        events.values().forEach(all::addAll);
        all.sort(Comparator.comparingLong(Event::timestamp).thenComparingLong(Event::id));
        return all;
    }
}
