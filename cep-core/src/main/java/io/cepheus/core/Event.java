package io.cepheus.core;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;

/**
 * An event in the compact form the engine works on: an id, a timestamp and positional field values.
 * Which field sits at which index is decided by whoever builds events (the rule compiler decodes
 * only the fields its rules read); the engine only passes values to conditions.
 *
 * <p>Values are {@code null}, {@link Boolean}, {@link Integer}, {@link Long}, {@link Double},
 * {@link BigDecimal} or {@link String}; timestamps and durations are {@code Long} milliseconds.
 * Other types work on the heap state backend but cannot be stored in RocksDB or a snapshot.
 *
 * <p>Immutable and thread-safe (the value array is copied in and never exposed).
 */
public final class Event {

    private final long id;
    private final long timestamp;
    private final Object[] values;

    /**
     * @param id identifies the event in its source (an offset, a line number): it goes into
     *     deterministic match ids and lets a consumer find the event again
     * @param timestamp event time in epoch milliseconds
     * @param values field values by index
     */
    public Event(long id, long timestamp, Object... values) {
        this.id = id;
        this.timestamp = timestamp;
        this.values = values.clone();
    }

    public static Event of(long id, long timestamp, Object... values) {
        return new Event(id, timestamp, values);
    }

    public long id() {
        return id;
    }

    public long timestamp() {
        return timestamp;
    }

    /** Number of fields. */
    public int size() {
        return values.length;
    }

    /**
     * The value at {@code index}, or null if the event has fewer fields.
     *
     * @throws IndexOutOfBoundsException if {@code index} is negative
     */
    public Object get(int index) {
        return index < values.length ? values[index] : null;
    }

    /** The value at {@code index} as a long (numbers are narrowed); null stays null. */
    public Long getLong(int index) {
        Object v = get(index);
        return v == null ? null : ((Number) v).longValue();
    }

    /** The value at {@code index} as a double; null stays null. */
    public Double getDouble(int index) {
        Object v = get(index);
        return v == null ? null : ((Number) v).doubleValue();
    }

    /** The value at {@code index} as a string ({@code toString} of non-strings); null stays null. */
    public String getString(int index) {
        Object v = get(index);
        return v == null ? null : v.toString();
    }

    /** A copy of the values. */
    public Object[] values() {
        return values.clone();
    }

    /** This event with another timestamp (used in processing-time mode). */
    public Event withTimestamp(long newTimestamp) {
        return new Event(id, newTimestamp, values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e && e.id == id && e.timestamp == timestamp && Arrays.equals(e.values, values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, timestamp) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Event{id=" + id + ", ts=" + timestamp + ", " + Arrays.toString(values) + "}";
    }
}
