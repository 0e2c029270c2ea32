package io.cepheus.server.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.cepheus.dsl.StreamLayout;
import java.io.IOException;
import java.time.Instant;

/**
 * The messages of rejected fields, in one form: {@code field NAME: expected WHAT, got VALUE}, the
 * value as JSON, cut to 40 characters. Stateless.
 */
final class Rejections {

    static final String TIME_RANGE = "a time from " + Instant.ofEpochMilli(TimeHorizon.MIN_TIME) + " to "
            + Instant.ofEpochMilli(TimeHorizon.MAX_TIME);
    static final String DURATION_RANGE = "a duration shorter than 10000 years either way";
    static final String NUMBER_RANGE = "a number of at most " + Numbers.MAX_DIGITS + " digits and an exponent from -"
            + Numbers.MAX_EXPONENT + " to " + Numbers.MAX_EXPONENT;
    static final String LONG_RANGE = "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;

    private Rejections() {}

    /** The parser's current value does not convert to {@code f}'s type; consumes the value. */
    static RejectedEventException wrongType(StreamLayout.Field f, String expected, JsonParser p) throws IOException {
        return of(RejectReason.WRONG_TYPE, f, expected, p);
    }

    /** The parser's current value is outside what {@code f} accepts; consumes the value. */
    static RejectedEventException of(RejectReason reason, StreamLayout.Field f, String expected, JsonParser p)
            throws IOException {
        return new RejectedEventException(reason, "field " + f.name() + ": expected " + expected + ", got " + describe(p));
    }

    /** A whole record that is not an object (or not JSON: then Jackson's error). */
    static RejectedEventException notAnObject(byte[] buf, int offset, int length) {
        JsonNode node;
        try {
            node = Json.RECORDS.readTree(buf, offset, length);
        } catch (JsonProcessingException e) {
            return new RejectedEventException(RejectReason.INVALID_JSON, Json.error(e));
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array", e);
        }
        return new RejectedEventException(RejectReason.NOT_AN_OBJECT, "expected a JSON object, got " + describe(node));
    }

    private static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        String written = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT ? p.getText() : null;
        try {
            return describe((JsonNode) Json.VALUES.readTree(p));
        } catch (JsonProcessingException | NumberFormatException e) {
            if (written == null) {
                throw e;
            }
            // a number whose exponent does not fit BigDecimal: as written
            return "the number " + cut(written);
        }
    }

    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        String text = cut(v.toString());
        return switch (v.getNodeType()) {
            case ARRAY -> "an array " + text;
            case OBJECT -> "an object " + text;
            case BOOLEAN -> text;
            case NUMBER -> "the number " + text;
            case STRING -> "the string " + text;
            default -> text;
        };
    }

    private static String cut(String text) {
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }
}
