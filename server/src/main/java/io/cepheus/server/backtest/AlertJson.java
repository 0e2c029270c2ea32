package io.cepheus.server.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of alerts, one object per line:
 *
 * <pre>
 * {"rule":"card_testing","key":"c1","kind":"match","first":"2026-03-01T10:00:00Z",
 *  "last":"2026-03-01T10:04:00Z","steps":{"probe":[1,2,3],"big":[4]},
 *  "summary":"...","fields":{"probes":3,"total":512.5}}
 * </pre>
 *
 * Times are ISO-8601 UTC; a {@code timeout} also has {@code fired}, the end of its window. Steps
 * name events by line number, or {@code "name:line"} with several inputs. Field values are JSON
 * numbers, strings, booleans or null; timestamps are ISO-8601 text, durations ISO-8601 ({@code
 * PT5M}). Stateless.
 */
public final class AlertJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private AlertJson() {}

    /** The alert as one line of JSON. */
    public static String line(Alert alert, boolean severalInputs) {
        try {
            return JSON.writeValueAsString(node(alert, severalInputs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an alert as JSON", e);
        }
    }

    /** The alert as a JSON tree, members in the documented order. */
    public static ObjectNode node(Alert alert, boolean severalInputs) {
        ObjectNode o = NODES.objectNode();
        o.put("rule", alert.rule());
        o.put("key", alert.key());
        o.put("kind", alert.kind());
        o.put("first", time(alert.first()));
        o.put("last", time(alert.last()));
        if (Alert.TIMEOUT.equals(alert.kind())) {
            o.put("fired", time(alert.fired()));
        }
        ObjectNode steps = o.putObject("steps");
        for (Map.Entry<String, List<EventRef>> e : alert.steps().entrySet()) {
            ArrayNode refs = steps.putArray(e.getKey());
            for (EventRef ref : e.getValue()) {
                if (severalInputs) {
                    refs.add(ref.render(true));
                } else {
                    refs.add(ref.line());
                }
            }
        }
        if (alert.summary() != null) {
            o.put("summary", alert.summary());
        }
        ObjectNode fields = o.putObject("fields");
        alert.fields().forEach((name, value) -> fields.set(name, value(value)));
        return o;
    }

    /** An epoch-millis time as ISO-8601 UTC text. */
    public static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static com.fasterxml.jackson.databind.JsonNode value(Object v) {
        return switch (v) {
            case null -> NODES.nullNode();
            case Boolean b -> NODES.booleanNode(b);
            case Long l -> NODES.numberNode(l);
            case Integer i -> NODES.numberNode(i);
            case Double d -> d.isNaN() || d.isInfinite() ? NODES.textNode(d.toString()) : NODES.numberNode(d);
            case BigDecimal d -> NODES.numberNode(d);
            case Instant i -> NODES.textNode(i.toString());
            case Duration d -> NODES.textNode(d.toString());
            default -> NODES.textNode(v.toString());
        };
    }
}
