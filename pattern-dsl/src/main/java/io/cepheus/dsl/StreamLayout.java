package io.cepheus.dsl;

import io.cepheus.core.Event;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A declared stream and the layout of its events: field {@code i} of an {@link Event} holds the
 * stream's {@code i}-th declared field, typed as {@link FieldType} says. Indices follow the
 * declaration order, so they do not change when rules are added or removed; a decoder needs to
 * fill only the fields some rule reads ({@link CompiledRules#fieldsRead(String)}) and may leave
 * the others null.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the stream's name
 * @param topic the Kafka topic; null if not declared
 * @param timeField the event-time field; null if not declared
 * @param timeFormat how the time field is written ({@code epoch_millis}, {@code epoch_seconds},
 *     {@code iso8601}); null if not declared
 * @param lateness bounded out-of-orderness; {@link Duration#ZERO} if not declared
 * @param keyField the field producers put in the record key; null if not declared
 * @param idField the field whose value identifies an event ({@code id FIELD}): two records with the
 *     same value are the same event, whatever else they hold; null if not declared (an event is then
 *     identified by its record's content)
 * @param idleTimeout after this long without events the stream is idle; null if not declared
 * @param fields the declared fields in order; {@code fields.get(i).index() == i}
 */
public record StreamLayout(String name, String topic, String timeField, String timeFormat, Duration lateness,
        String keyField, String idField, Duration idleTimeout, List<Field> fields) {

    /** A declared field: its name, type and index in the event's values. */
    public record Field(String name, FieldType type, int index) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    public StreamLayout {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lateness, "lateness");
        fields = List.copyOf(fields);
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).index() != i) {
                throw new IllegalArgumentException("field " + fields.get(i).name() + " has index " + fields.get(i).index() + ", expected " + i);
            }
        }
    }

    /** A stream without an id field: its events are identified by their records' content. */
    public StreamLayout(String name, String topic, String timeField, String timeFormat, Duration lateness,
            String keyField, Duration idleTimeout, List<Field> fields) {
        this(name, topic, timeField, timeFormat, lateness, keyField, null, idleTimeout, fields);
    }

    /** The field called {@code name}, or null. */
    public Field field(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /**
     * Builds an event from named values, converting each to its field's representation: numbers
     * and numeric strings to {@code Long}/{@code Double}/{@code BigDecimal}, ISO-8601 text or epoch
     * millis to timestamps, {@code "true"}/{@code "false"} to booleans. Fields not given are null.
     *
     * @throws IllegalArgumentException naming the field, for an unknown field or a value that does
     *     not convert
     */
    public Event event(long id, long timestamp, Map<String, ?> values) {
        Object[] array = new Object[fields.size()];
        for (Map.Entry<String, ?> e : values.entrySet()) {
            Field f = field(e.getKey());
            if (f == null) {
                throw new IllegalArgumentException("stream " + name + " has no field '" + e.getKey() + "'");
            }
            array[f.index()] = f.name().equals(timeField) ? timestampOf(e.getValue()) : convert(f, e.getValue());
        }
        return new Event(id, timestamp, array);
    }

    /** As {@link #event(long, long, Map)} with alternating names and values. */
    public Event event(long id, long timestamp, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate, got " + namesAndValues.length + " items");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return event(id, timestamp, map);
    }

    /**
     * Reads an event-time value as the stream's {@code time ... format} says: {@code epoch_millis}
     * (a number), {@code epoch_seconds} (a number, fractions allowed), {@code iso8601} (text such as
     * {@code 2024-05-01T10:00:00Z}); without a format, numbers are epoch milliseconds and text is
     * ISO-8601 (or digits).
     *
     * @return epoch milliseconds, or null for null
     * @throws IllegalArgumentException if the value does not read as the format says
     */
    public Long timestampOf(Object raw) {
        if (raw == null) {
            return null;
        }
        try {
            if ("epoch_seconds".equals(timeFormat)) {
                BigDecimal seconds = raw instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(raw.toString().trim());
                return seconds.movePointRight(3).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            }
            if ("iso8601".equals(timeFormat)) {
                return raw instanceof Instant i ? i.toEpochMilli() : Instant.parse(raw.toString().trim()).toEpochMilli();
            }
            if ("epoch_millis".equals(timeFormat)) {
                return raw instanceof Number n ? n.longValue() : Long.parseLong(raw.toString().trim());
            }
            return raw instanceof Number n ? n.longValue() : raw instanceof Instant i ? i.toEpochMilli()
                    : parseTimestamp(raw.toString().trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("time field " + timeField + ": cannot read " + raw + " as "
                    + (timeFormat == null ? "a timestamp" : timeFormat), e);
        }
    }

    private static Object convert(Field f, Object v) {
        if (v == null) {
            return null;
        }
        try {
            return switch (f.type()) {
                case BOOL -> v instanceof Boolean b ? b : parseBoolean(v.toString());
                case LONG, DURATION -> v instanceof Number n ? Long.valueOf(n.longValue()) : Long.valueOf(v.toString().trim());
                case DOUBLE -> v instanceof Number n ? Double.valueOf(n.doubleValue()) : Double.valueOf(v.toString().trim());
                case DECIMAL -> v instanceof BigDecimal d ? d : new BigDecimal(v.toString().trim());
                case STRING -> v.toString();
                case TIMESTAMP -> v instanceof Number n ? Long.valueOf(n.longValue())
                        : v instanceof Instant i ? Long.valueOf(i.toEpochMilli()) : parseTimestamp(v.toString().trim());
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("field " + f.name() + ": cannot read " + v + " as " + f.type(), e);
        }
    }

    private static Boolean parseBoolean(String s) {
        return switch (s) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not a bool: " + s);
        };
    }

    private static Long parseTimestamp(String s) {
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            return Long.valueOf(s);
        }
        return Instant.parse(s).toEpochMilli();
    }
}
