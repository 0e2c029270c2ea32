package io.cepheus.core.pattern;

import java.util.Objects;

/**
 * An aggregate over the events bound to one step, kept incrementally in every partial match and
 * read by conditions through {@link MatchContext#aggregate(int)} (the slot is the aggregate's
 * index in the rule's list).
 *
 * <p>Values: {@code COUNT} is a {@code Long}; {@code SUM} of {@code Long}/{@code Integer} fields is
 * a {@code Long}, of {@code BigDecimal} fields a {@code BigDecimal}, otherwise a {@code Double};
 * {@code AVG} is a {@code Double} (a {@code BigDecimal} for decimal fields); {@code MIN}/{@code MAX}
 * keep the field's type; {@code FIRST}/{@code LAST} are the bound {@link io.cepheus.core.Event}s.
 * Null field values are skipped, as in SQL.
 *
 * @param step the step whose events are aggregated
 * @param kind the function
 * @param field index of the event field aggregated; ignored (use -1) for COUNT, FIRST and LAST
 */
public record Aggregate(String step, Kind kind, int field) {

    /** The aggregate functions. */
    public enum Kind { COUNT, SUM, AVG, MIN, MAX, FIRST, LAST }

    public Aggregate {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(kind, "kind");
        boolean needsField = kind == Kind.SUM || kind == Kind.AVG || kind == Kind.MIN || kind == Kind.MAX;
        if (needsField && field < 0) {
            throw new IllegalArgumentException(kind + " over step " + step + " needs a field index, was " + field);
        }
    }

    public static Aggregate count(String step) {
        return new Aggregate(step, Kind.COUNT, -1);
    }

    public static Aggregate first(String step) {
        return new Aggregate(step, Kind.FIRST, -1);
    }

    public static Aggregate last(String step) {
        return new Aggregate(step, Kind.LAST, -1);
    }

    public static Aggregate of(String step, Kind kind, int field) {
        return new Aggregate(step, kind, field);
    }
}
