package io.cepheus.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How alert values and times look in JSON, the same in {@code backtest}'s output and on the alerts
 * topic: numbers as numbers (decimals exact, NaN and infinities as text), timestamps and durations
 * as ISO-8601 text. Stateless.
 */
public final class JsonValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private JsonValues() {}

    /** A field value (null, Boolean, Long, Integer, Double, BigDecimal, String, Instant, Duration) as JSON. */
    public static JsonNode of(Object v) {
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

    /**
     * Adds what describes an alert, in this order and the same in {@code backtest}'s output and on the
     * alerts topic: {@code title} (when given), {@code summary} (when given), {@code fields}, {@code
     * severity} (when given) and {@code tags} (always, perhaps empty).
     */
    public static void describe(ObjectNode o, String title, String summary, Map<String, Object> fields, String severity,
                                List<String> tags) {
        if (title != null) {
            o.put("title", title);
        }
        if (summary != null) {
            o.put("summary", summary);
        }
        ObjectNode f = o.putObject("fields");
        fields.forEach((name, value) -> f.set(name, of(value)));
        if (severity != null) {
            o.put("severity", severity);
        }
        ArrayNode t = o.putArray("tags");
        tags.forEach(t::add);
    }

    /** An epoch-millis time as ISO-8601 UTC text. */
    public static String time(long epochMillis) {
        return IsoTime.format(epochMillis);
    }
}
