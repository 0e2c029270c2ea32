package io.cepheus.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cepheus.core.Event;
import io.cepheus.dsl.FieldType;
import io.cepheus.dsl.StreamLayout;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The event decoder of {@code backtest} before issue 13, kept as the baseline of {@link
 * DecodeBenchmark} and {@code DecoderEquivalenceTest}: Jackson's tree model per line, then each
 * declared field converted from its node. Unchanged but for its name and package; it throws
 * {@link Rejected} where it threw {@code Rejected}.
 *
 * <p>Decodes one JSON object (a line of a JSONL file) into an {@link Event} of a stream: field
 * {@code i} of the event is the stream's {@code i}-th declared field, converted to its type. Members
 * the stream does not declare are ignored; declared fields that are missing or JSON {@code null}
 * are null. The event-time field is required.
 *
 * <p>Accepted JSON per field type: {@code bool} a boolean; {@code long} an integral number (or a
 * string of one); {@code double} and {@code decimal} a number (or a string of one: money is often
 * sent as text); {@code string} a string or a number; {@code timestamp} epoch milliseconds or
 * ISO-8601 text (as the stream's time format says); {@code duration} milliseconds or ISO-8601
 * ({@code PT5M}). Anything else is rejected with the field and what was expected.
 *
 * <p>Immutable and thread-safe.
 */
public final class LegacyTreeDecoder {

    /** A line that is not a valid event; the message says why. */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }


    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final StreamLayout stream;
    private final StreamLayout.Field timeField;

    /** @throws IllegalArgumentException if the stream declares no usable event-time field */
    public LegacyTreeDecoder(StreamLayout stream) {
        this.stream = Objects.requireNonNull(stream, "stream");
        if (stream.timeField() == null) {
            throw new IllegalArgumentException("stream " + stream.name() + " declares no event-time field ('time FIELD'): "
                    + "a backtest runs in event time");
        }
        this.timeField = stream.field(stream.timeField());
        if (timeField == null) {
            throw new IllegalArgumentException("stream " + stream.name() + ": its time field '" + stream.timeField()
                    + "' is not among its fields");
        }
    }

    StreamLayout stream() {
        return stream;
    }

    /**
     * @param line the JSON text of one event
     * @param id the event's id (its line number)
     * @throws Rejected with the reason, for anything but a valid event
     */
    public Event decode(String line, long id) throws Rejected {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new Rejected(jsonError(e));
        }
        if (node == null || !node.isObject()) {
            throw new Rejected("expected a JSON object, got " + describe(node));
        }
        Object[] values = new Object[stream.fields().size()];
        for (StreamLayout.Field f : stream.fields()) {
            JsonNode v = node.get(f.name());
            if (v != null && !v.isNull()) {
                values[f.index()] = convert(f, v);
            }
        }
        Object time = values[timeField.index()];
        if (time == null) {
            throw new Rejected("missing event time '" + timeField.name() + "'");
        }
        return new Event(id, (Long) time, values);
    }

    /** Jackson's message without its internals: where and what. */
    static String jsonError(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Trailing token")) {
            return "not valid JSON: more than one value on the line";
        }
        for (String cut : new String[] {" (start marker", "\n", " at [Source"}) {
            int i = message.indexOf(cut);
            if (i > 0) {
                message = message.substring(0, i);
            }
        }
        int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
        return "not valid JSON" + (column > 0 ? " at column " + column : "") + ": " + message;
    }

    private Object convert(StreamLayout.Field f, JsonNode v) throws Rejected {
        return switch (f.type()) {
            case BOOL -> {
                if (!v.isBoolean()) {
                    throw mismatch(f, "true or false", v);
                }
                yield v.booleanValue();
            }
            case LONG -> integral(f, v);
            case DOUBLE -> number(f, v).doubleValue();
            case DECIMAL -> number(f, v);
            case STRING -> {
                if (!v.isTextual() && !v.isNumber()) {
                    throw mismatch(f, "a string", v);
                }
                yield v.asText();
            }
            case TIMESTAMP -> timestamp(f, v);
            case DURATION -> duration(f, v);
        };
    }

    private static Long integral(StreamLayout.Field f, JsonNode v) throws Rejected {
        BigDecimal n = number(f, v);
        try {
            return n.longValueExact();
        } catch (ArithmeticException e) {
            throw mismatch(f, "a whole number", v);
        }
    }

    private static BigDecimal number(StreamLayout.Field f, JsonNode v) throws Rejected {
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            try {
                return new BigDecimal(v.textValue().trim());
            } catch (NumberFormatException e) {
                // fall through to the message
            }
        }
        throw mismatch(f, f.type() == FieldType.LONG ? "a whole number" : "a number", v);
    }

    private Long timestamp(StreamLayout.Field f, JsonNode v) throws Rejected {
        String format = f == timeField && stream.timeFormat() != null ? stream.timeFormat() : "";
        if (v.isNumber()) {
            long n = integral(f, v);
            return "epoch_seconds".equals(format) ? n * 1000 : n;
        }
        if (v.isTextual()) {
            String s = v.textValue().trim();
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
                } catch (DateTimeParseException e2) {
                    // fall through to the message
                }
            }
        }
        throw mismatch(f, "epoch milliseconds or an ISO-8601 time such as 2026-03-01T10:00:00Z", v);
    }

    private static Long duration(StreamLayout.Field f, JsonNode v) throws Rejected {
        if (v.isNumber()) {
            return integral(f, v);
        }
        if (v.isTextual()) {
            try {
                return Duration.parse(v.textValue().trim()).toMillis();
            } catch (DateTimeParseException e) {
                // fall through to the message
            }
        }
        throw mismatch(f, "milliseconds or an ISO-8601 duration such as PT5M", v);
    }

    private static Rejected mismatch(StreamLayout.Field f, String expected, JsonNode v) {
        return new Rejected("field " + f.name() + ": expected " + expected + ", got " + describe(v));
    }

    private static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        String text = v.toString();
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        return switch (v.getNodeType()) {
            case ARRAY -> "an array " + text;
            case OBJECT -> "an object " + text;
            case BOOLEAN -> text;
            case NUMBER -> "the number " + text;
            case STRING -> "the string " + text;
            default -> text;
        };
    }
}
