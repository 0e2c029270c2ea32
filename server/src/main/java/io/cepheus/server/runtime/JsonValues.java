package io.cepheus.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

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

    /** An epoch-millis time as ISO-8601 UTC text. */
    public static String time(long epochMillis) {
        return IsoTime.format(epochMillis);
    }
}
