package io.cepheus.core.window;

import io.cepheus.core.Event;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One aggregate kept by an aggregate rule over its window.
 *
 * <p>{@code COUNT} counts events ({@code value} may be null); the others aggregate {@code value}
 * of each event, skipping nulls (as SQL does). An optional {@code where} restricts the events the
 * measure sees, e.g. {@code count(status == "failed")}. Values: {@code COUNT} and {@code
 * COUNT_DISTINCT} are {@code Long}; {@code SUM} is {@code Long} for integral inputs, {@code
 * BigDecimal} for decimal, otherwise {@code Double}; {@code AVG} is {@code Double} ({@code
 * BigDecimal} for decimal inputs); {@code MIN}, {@code MAX}, {@code FIRST}, {@code LAST} keep the
 * input's type. Over an empty window, counts are 0 and the others null.
 *
 * @param name unique within the rule
 * @param kind the function
 * @param value what is aggregated; must be pure and thread-safe; null only for COUNT
 * @param where which events count; null for all
 */
public record Measure(String name, Kind kind, Function<Event, Object> value, Predicate<Event> where) {

    /** The aggregate functions. */
    public enum Kind { COUNT, SUM, AVG, MIN, MAX, COUNT_DISTINCT, FIRST, LAST }

    public Measure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind of measure " + name);
        if (value == null && kind != Kind.COUNT) {
            throw new IllegalArgumentException("measure " + name + ": " + kind + " needs a value");
        }
    }

    public static Measure count(String name) {
        return new Measure(name, Kind.COUNT, null, null);
    }

    public static Measure countIf(String name, Predicate<Event> where) {
        return new Measure(name, Kind.COUNT, null, where);
    }

    /** {@code kind} over the event field at index {@code field}. */
    public static Measure of(String name, Kind kind, int field) {
        return new Measure(name, kind, e -> e.get(field), null);
    }

    public static Measure of(String name, Kind kind, Function<Event, Object> value) {
        return new Measure(name, kind, value, null);
    }

    public Measure where(Predicate<Event> condition) {
        return new Measure(name, kind, value, condition);
    }
}
