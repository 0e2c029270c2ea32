package io.cepheus.server.api;

import io.cepheus.server.runtime.LivePartialMatches;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a rule and key's live partial matches are — the "why hasn't this fired?" question. The node
 * fills it from the data plane's interactive query; the API knows nothing of how.
 */
public interface LiveMatches {

    /** Nothing runs (before the data plane starts). */
    LiveMatches NONE = (rule, key) -> new Unavailable("the data plane is not running");

    /**
     * @throws IllegalArgumentException if no such rule runs, or it is an aggregate rule (no partial matches)
     */
    Answer find(String rule, String key);

    /**
     * The partial matches held now per rule (a rule in shadow's as {@code NAME~shadow}), over every node
     * of the cluster that answers; a rule that holds none may be left out. Empty when the data plane
     * does not run.
     */
    default Optional<Map<String, Long>> partialMatchCounts() {
        return Optional.empty();
    }

    /** What a node can say of a key. */
    sealed interface Answer permits Here, Elsewhere, Unavailable {}

    /**
     * This node owns the key.
     *
     * @param node this node's address ({@code host:port}), as the cluster names it
     * @param matches the key's partial matches
     * @param streams the clocks of the streams the rule reads, as the key's task keeps them
     */
    record Here(String node, LivePartialMatches matches, List<StreamClock> streams) implements Answer {
        public Here {
            streams = List.copyOf(streams);
        }

        /**
         * The answer as JSON: rule, key, version, node, watermark, partial matches, and per stream its
         * clock and the key's late and dead-lettered counts.
         */
        public Map<String, Object> view() {
            LivePartialMatches m = matches;
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("rule", m.rule());
            o.put("key", m.key());
            o.put("version", m.version());
            o.put("node", node);
            o.put("watermark", time(m.watermark()));
            List<Map<String, Object>> partials = new ArrayList<>();
            for (LivePartialMatches.PartialMatch p : m.partialMatches()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("version", p.version());
                pm.put("waitingIn", p.waitingIn());
                pm.put("start", time(p.start()));
                pm.put("deadline", p.deadline() == null ? null : time(p.deadline()));
                pm.put("completed", p.completed());
                Map<String, Object> steps = new LinkedHashMap<>();
                p.steps().forEach((step, events) -> steps.put(step, events.stream().map(e -> {
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("id", e.id());
                    event.put("time", time(e.timestamp()));
                    event.put("fields", e.fields());
                    return event;
                }).toList()));
                pm.put("steps", steps);
                partials.add(pm);
            }
            o.put("partialMatches", partials);
            o.put("streams", streams.stream().map(s -> {
                Map<String, Object> stream = new LinkedHashMap<>();
                stream.put("stream", s.stream());
                stream.put("watermark", time(s.watermark()));
                stream.put("idle", s.idle());
                stream.put("late", s.late());
                stream.put("deadLettered", s.deadLettered());
                return stream;
            }).toList());
            return o;
        }

        /** ISO-8601; null before any event ({@code Long.MIN_VALUE}). */
        private static String time(long millis) {
            return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis).toString();
        }
    }

    /** Another node owns the key: ask it. */
    record Elsewhere(String host, int port) implements Answer {}

    /** No node can answer now (a rebalance, a restore). */
    record Unavailable(String reason) implements Answer {}

    /**
     * A stream's clock in the key's task, and the key's records of the stream that were not used.
     *
     * @param watermark epoch millis; {@code Long.MIN_VALUE} before any event
     * @param idle whether every partition of the stream is idle (its watermark follows the wall clock)
     * @param late the key's events that were late (an estimate that is never low; see the data plane's
     *     {@code KeyCounts})
     * @param deadLettered the key's records sent to the dead-letter topic, late ones included (likewise)
     */
    record StreamClock(String stream, long watermark, boolean idle, long late, long deadLettered) {}
}
