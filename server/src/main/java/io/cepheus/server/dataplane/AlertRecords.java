package io.cepheus.server.dataplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cepheus.core.AggregateResult;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.MatchKind;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.rules.RenderedAlert;
import io.cepheus.server.rules.Shadow;
import io.cepheus.server.runtime.RuntimeAlert;
import io.cepheus.server.runtime.JsonValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The JSON of an alert record on the alerts topic: the object {@code cepheus backtest} prints for the
 * same alert, member for member and in the same order ({@code rule, version, key, kind}, the times,
 * {@code steps} or the aggregate's window, trigger, events and values, {@code title}, {@code
 * summary}, {@code fields}, {@code severity}, {@code tags}, {@code id}: see {@code
 * backtest.AlertJson}), with the matched events themselves in {@code steps} (objects of their
 * stream's declared fields) where backtest gives line numbers:
 *
 * <pre>
 * {"rule":"unpaid_order","version":1,"key":"o1","kind":"timeout","first":"2026-03-01T10:00:00Z",
 *  "last":"2026-03-01T10:00:00Z","fired":"2026-03-01T10:15:00Z",
 *  "steps":{"placed":[{"order_id":"o1","type":"placed","amount":25.00,"ts":"2026-03-01T10:00:00Z"}]},
 *  "title":"Order not paid","summary":"...","fields":{"amount":25.00},"severity":"medium",
 *  "tags":["orders","payments"],"id":"3f0c..."}
 * </pre>
 *
 * An aggregate rule's {@code trigger} is the id of the triggering event (hex). The alerts of a rule's
 * shadow ({@link Shadow}) have the rule's own name and {@code "shadow": true} after it: the contract
 * by which nothing notifies anyone of them; other alerts have no {@code shadow} member. Stateless.
 */
final class AlertRecords {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private AlertRecords() {}

    /** The record key: {@code rule|key} (a shadow's alerts too have the rule's own name). */
    static String key(RuntimeAlert alert) {
        return Shadow.ruleOf(alert.rule().name()) + "|" + alert.key();
    }

    /** The record value. */
    static String json(RuntimeAlert alert) {
        try {
            return JSON.writeValueAsString(node(alert));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an alert as JSON", e);
        }
    }

    static ObjectNode node(RuntimeAlert alert) {
        RenderedAlert rendered = alert.rendered();
        ObjectNode o = NODES.objectNode();
        String rule = alert.rule().name();
        o.put("rule", Shadow.ruleOf(rule));
        if (Shadow.is(rule)) {
            o.put("shadow", true);
        }
        o.put("version", alert.version());
        o.put("key", alert.key());
        if (alert.match() != null) {
            Match m = alert.match();
            o.put("kind", m.kind() == MatchKind.MATCH ? "match" : "timeout");
            o.put("first", time(m.firstTimestamp()));
            o.put("last", time(m.lastTimestamp()));
            if (m.kind() != MatchKind.MATCH) {
                o.put("fired", time(m.timestamp()));
            }
            ObjectNode steps = o.putObject("steps");
            StreamLayout layout = alert.rule().stream();
            for (Map.Entry<String, List<Event>> e : m.events().entrySet()) {
                ArrayNode events = steps.putArray(e.getKey());
                e.getValue().forEach(event -> events.add(event(layout, event)));
            }
        } else {
            AggregateResult a = alert.aggregate();
            o.put("kind", "aggregate");
            ObjectNode window = o.putObject("window");
            window.put("start", time(a.windowStart()));
            window.put("end", time(a.windowEnd()));
            o.put("fired", time(a.timestamp()));
            o.put("trigger", Long.toHexString(a.triggerEventId()));
            o.put("events", a.eventCount());
            ObjectNode values = o.putObject("values");
            rendered.values().forEach((name, value) -> values.set(name, value(value)));
        }
        JsonValues.describe(o, alert.title(), rendered.summary(), rendered.fields(), alert.severity(), alert.tags());
        o.put("id", alert.id().value());
        return o;
    }

    /** An event as an object of its stream's declared fields. */
    static ObjectNode event(StreamLayout layout, Event event) {
        ObjectNode o = NODES.objectNode();
        for (StreamLayout.Field f : layout.fields()) {
            Object v = event.get(f.index());
            o.set(f.name(), switch (f.type()) {
                case TIMESTAMP -> v == null ? NODES.nullNode() : NODES.textNode(time(((Number) v).longValue()));
                case DURATION -> v == null ? NODES.nullNode() : NODES.textNode(Duration.ofMillis(((Number) v).longValue())
                        .toString());
                default -> value(v);
            });
        }
        return o;
    }

    /** The {@code traceparent} the event carried (a value after its stream's fields), or null. */
    static String traceparent(StreamLayout layout, Event event) {
        return event.size() > layout.fields().size() && event.get(layout.fields().size()) instanceof String s ? s : null;
    }

    private static String time(long epochMillis) {
        return JsonValues.time(epochMillis);
    }

    private static JsonNode value(Object v) {
        return JsonValues.of(v);
    }
}
