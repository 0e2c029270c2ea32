package io.cepheus.server.runtime;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cepheus.dsl.StreamLayout;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Converts the parser's current value to a field's type (see {@link EventDecoder} for what each
 * type accepts). Each method either returns the value, leaving the parser on the value's last
 * token, or throws a {@link RejectedEventException} naming the field. Immutable.
 */
final class FieldReader {

    private static final String WHOLE = "a whole number";
    private static final String TIME = "epoch milliseconds or an ISO-8601 time such as 2026-03-01T10:00:00Z";
    private static final String DURATION = "milliseconds or an ISO-8601 duration such as PT5M";
    private static final long MAX_DURATION = TimeHorizon.MAX_TIME - TimeHorizon.MIN_TIME;

    private final StreamLayout.Field timeField;
    private final boolean epochSeconds;

    /** @param timeField the event-time field; with {@code epoch_seconds} its numbers are seconds */
    FieldReader(StreamLayout.Field timeField, String timeFormat) {
        this.timeField = timeField;
        this.epochSeconds = "epoch_seconds".equals(timeFormat);
    }

    Object read(StreamLayout.Field f, JsonToken t, JsonParser p) throws RejectedEventException, IOException {
        return switch (f.type()) {
            case BOOL -> bool(f, t, p);
            case LONG -> whole(f, t, p);
            case DOUBLE -> number(f, t, p).doubleValue();
            case DECIMAL -> number(f, t, p);
            case STRING -> string(f, t, p);
            case TIMESTAMP -> timestamp(f, t, p);
            case DURATION -> duration(f, t, p);
        };
    }

    private static Boolean bool(StreamLayout.Field f, JsonToken t, JsonParser p) throws RejectedEventException, IOException {
        if (t == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
        }
        throw Rejections.wrongType(f, "true or false", p);
    }

    private static String string(StreamLayout.Field f, JsonToken t, JsonParser p) throws RejectedEventException, IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? p.getBigIntegerValue().toString() : Long.toString(p.getLongValue());
            case VALUE_NUMBER_FLOAT -> decimal(f, p).toString();
            default -> throw Rejections.wrongType(f, "a string", p);
        };
    }

    private static Long whole(StreamLayout.Field f, JsonToken t, JsonParser p) throws RejectedEventException, IOException {
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
        }
        return exact(f, number(f, t, p), p, RejectReason.NUMBER_OUT_OF_RANGE, Rejections.LONG_RANGE);
    }

    /** A number, or a string of one; bounded (see {@link Numbers}). */
    private static BigDecimal number(StreamLayout.Field f, JsonToken t, JsonParser p) throws RejectedEventException, IOException {
        String expected = f.type() == io.cepheus.dsl.FieldType.LONG ? WHOLE : "a number";
        BigDecimal n;
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            n = decimal(f, p);
        } else if (t == JsonToken.VALUE_STRING) {
            String s = p.getText().trim();
            if (s.length() > Json.MAX_NUMBER_CHARS) {
                throw Rejections.of(RejectReason.NUMBER_OUT_OF_RANGE, f, Rejections.NUMBER_RANGE, p);
            }
            try {
                n = new BigDecimal(s);
            } catch (NumberFormatException e) {
                throw Rejections.wrongType(f, expected, p);
            }
        } else {
            throw Rejections.wrongType(f, expected, p);
        }
        if (!Numbers.inBounds(n)) {
            throw Rejections.of(RejectReason.NUMBER_OUT_OF_RANGE, f, Rejections.NUMBER_RANGE, p);
        }
        return n;
    }

    /** The current number token as a BigDecimal; valid JSON whose exponent does not fit an int is out of range. */
    private static BigDecimal decimal(StreamLayout.Field f, JsonParser p) throws RejectedEventException, IOException {
        try {
            return p.getDecimalValue();
        } catch (JsonParseException | NumberFormatException e) {
            throw Rejections.of(RejectReason.NUMBER_OUT_OF_RANGE, f, Rejections.NUMBER_RANGE, p);
        }
    }

    /** {@code n} as a long: a fraction is the wrong type, a whole number too large is out of range. */
    private static long exact(StreamLayout.Field f, BigDecimal n, JsonParser p, RejectReason tooLarge, String range)
            throws RejectedEventException, IOException {
        try {
            return n.longValueExact();
        } catch (ArithmeticException e) {
            boolean fraction = n.signum() != 0 && n.stripTrailingZeros().scale() > 0;
            throw fraction ? Rejections.wrongType(f, WHOLE, p) : Rejections.of(tooLarge, f, range, p);
        }
    }

    private Long timestamp(StreamLayout.Field f, JsonToken t, JsonParser p) throws RejectedEventException, IOException {
        boolean seconds = epochSeconds && f == timeField;
        long millis;
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            long n = p.getLongValue();
            if (seconds && (n < TimeHorizon.MIN_TIME / 1000 || n > TimeHorizon.MAX_TIME / 1000)) {
                throw Rejections.of(RejectReason.TIME_OUT_OF_RANGE, f, Rejections.TIME_RANGE, p);
            }
            millis = seconds ? n * 1000 : n;
        } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            BigDecimal n = number(f, t, p);
            if (seconds) {
                n = n.movePointRight(3).setScale(0, RoundingMode.FLOOR);
            }
            millis = exact(f, n, p, RejectReason.TIME_OUT_OF_RANGE, Rejections.TIME_RANGE);
        } else if (t == JsonToken.VALUE_STRING) {
            millis = isoTime(f, p);
        } else {
            throw Rejections.wrongType(f, TIME, p);
        }
        if (millis < TimeHorizon.MIN_TIME || millis > TimeHorizon.MAX_TIME) {
            throw Rejections.of(RejectReason.TIME_OUT_OF_RANGE, f, Rejections.TIME_RANGE, p);
        }
        return millis;
    }

    /** ISO-8601 text: the usual form without java.time, the rest as {@code Instant} or {@code OffsetDateTime} parses it. */
    private static long isoTime(StreamLayout.Field f, JsonParser p) throws RejectedEventException, IOException {
        long fast = IsoTime.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (fast != IsoTime.NOT_FAST) {
            return fast;
        }
        String s = p.getText().trim();
        Instant instant;
        try {
            try {
                instant = Instant.parse(s);
            } catch (DateTimeParseException e) {
                instant = OffsetDateTime.parse(s).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw Rejections.wrongType(f, TIME, p);
        }
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw Rejections.of(RejectReason.TIME_OUT_OF_RANGE, f, Rejections.TIME_RANGE, p);
        }
    }

    private static Long duration(StreamLayout.Field f, JsonToken t, JsonParser p) throws RejectedEventException, IOException {
        long millis;
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            millis = p.getLongValue();
        } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            millis = exact(f, number(f, t, p), p, RejectReason.TIME_OUT_OF_RANGE, Rejections.DURATION_RANGE);
        } else if (t == JsonToken.VALUE_STRING) {
            try {
                millis = Duration.parse(p.getText().trim()).toMillis();
            } catch (DateTimeParseException e) {
                if (e.getCause() instanceof ArithmeticException) {
                    throw Rejections.of(RejectReason.TIME_OUT_OF_RANGE, f, Rejections.DURATION_RANGE, p);
                }
                throw Rejections.wrongType(f, DURATION, p);
            } catch (ArithmeticException e) {
                throw Rejections.of(RejectReason.TIME_OUT_OF_RANGE, f, Rejections.DURATION_RANGE, p);
            }
        } else {
            throw Rejections.wrongType(f, DURATION, p);
        }
        if (millis > MAX_DURATION || millis < -MAX_DURATION) {
            throw Rejections.of(RejectReason.TIME_OUT_OF_RANGE, f, Rejections.DURATION_RANGE, p);
        }
        return millis;
    }
}
