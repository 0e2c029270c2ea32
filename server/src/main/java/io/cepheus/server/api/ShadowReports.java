package io.cepheus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cepheus.server.control.Catalog;
import io.cepheus.server.control.Deployment;
import io.cepheus.server.control.RuleDefinition;
import io.cepheus.server.control.RuleState;
import io.cepheus.server.kafka.KafkaClients;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /rules/{id}/shadow-report}: a rule's alerts over a time range of the alerts topic (record
 * timestamps in {@code [from, to)}, read {@code read_committed} by {@link TopicRange}), split into
 * those only its shadow gave ({@code "shadow": true}), only its live versions gave, and both gave —
 * compared by a key that ignores the version: key, kind, the times, the window and the bound events.
 * Each list holds at most {@value #MAX_LISTED} alerts; the counts are complete. Thread-safe.
 */
public final class ShadowReports {

    /** Alerts listed per list of a report. */
    static final int MAX_LISTED = 1_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final Set<String> NOT_IN_KEY = Set.of("shadow", "version", "id", "summary", "fields", "values",
            "title", "severity", "tags");

    private final ControlWrites control;
    private final KafkaClients clients;
    private final String alertsTopic;
    private final Duration timeout;

    ShadowReports(ControlWrites control, KafkaClients clients, String alertsTopic, Duration timeout) {
        this.control = control;
        this.clients = clients;
        this.alertsTopic = alertsTopic;
        this.timeout = timeout;
    }

    /**
     * Compares rule {@code id}'s shadow and live alerts over {@code [from, to)}.
     *
     * @throws ApiException not found (rule); invalid (a range that ends before it starts);
     *     unavailable (Kafka does not answer)
     */
    public ObjectNode report(String id, Instant from, Instant to) {
        Catalog c = control.catalog();
        RuleDefinition current = c.rule(id).orElseThrow(() -> ApiException.notFound("no rule " + id));
        if (!from.isBefore(to)) {
            throw ApiException.invalid("the range must end after it starts: from " + from + ", to " + to);
        }
        List<JsonNode> shadow = new ArrayList<>();
        List<JsonNode> live = new ArrayList<>();
        try (TopicRange range = new TopicRange(clients, alertsTopic, from, to, timeout)) {
            range.read((partition, offset, timestamp, value) -> {
                JsonNode alert = parse(value);
                if (alert != null && id.equals(alert.path("rule").asText(null))) {
                    (alert.path("shadow").asBoolean(false) ? shadow : live).add(alert);
                }
            }, () -> false);
        }
        ObjectNode out = NODES.objectNode();
        out.put("rule", id);
        out.put("from", from.toString());
        out.put("to", to.toString());
        if (current.state() == RuleState.SHADOW) {
            out.put("shadowVersion", current.version());
        } else {
            out.putNull("shadowVersion");
        }
        Deployment.live(c, id).ifPresentOrElse(r -> out.put("liveVersion", r.version()), () -> out.putNull("liveVersion"));
        Map<String, Deque<JsonNode>> byKey = new LinkedHashMap<>();
        live.forEach(a -> byKey.computeIfAbsent(key(a), k -> new ArrayDeque<>()).add(a));
        ArrayNode onlyShadow = NODES.arrayNode();
        ArrayNode onlyLive = NODES.arrayNode();
        ArrayNode both = NODES.arrayNode();
        long[] counts = new long[3];
        for (JsonNode a : shadow) {
            Deque<JsonNode> same = byKey.get(key(a));
            JsonNode twin = same == null ? null : same.poll();
            if (twin == null) {
                add(onlyShadow, counts, 0, a);
            } else {
                ObjectNode pair = NODES.objectNode();
                pair.set("shadow", a);
                pair.set("live", twin);
                add(both, counts, 2, pair);
            }
        }
        byKey.values().forEach(q -> q.forEach(a -> add(onlyLive, counts, 1, a)));
        ObjectNode n = out.putObject("counts");
        n.put("onlyShadow", counts[0]);
        n.put("onlyLive", counts[1]);
        n.put("both", counts[2]);
        out.set("onlyShadow", onlyShadow);
        out.set("onlyLive", onlyLive);
        out.set("both", both);
        return out;
    }

    private static void add(ArrayNode list, long[] counts, int which, JsonNode item) {
        counts[which]++;
        if (list.size() < MAX_LISTED) {
            list.add(item);
        }
    }

    private static String key(JsonNode alert) {
        ObjectNode k = alert.deepCopy();
        NOT_IN_KEY.forEach(k::remove);
        return k.toString();
    }

    private static JsonNode parse(byte[] value) {
        try {
            JsonNode n = JSON.readTree(value);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }
}
