package io.cepheus.core.pattern;

/**
 * How many events a step or group accepts, and how.
 *
 * @param min at least this many (≥ 1; zero occurrences are expressed with {@code optional})
 * @param max at most this many, {@link #UNBOUNDED} for no limit; {@code max ≥ min}
 * @param optional whether zero occurrences are also accepted
 * @param greedy whether a loop keeps taking events while it can instead of also proceeding
 *     (Flink's {@code greedy()}); the default, reluctant, branches at every event
 * @param inner the contiguity between the events accepted by a loop (Flink's default is relaxed)
 */
public record Quantifier(int min, int max, boolean optional, boolean greedy, Contiguity inner) {

    /** {@code max} of a quantifier without an upper bound. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    private static final Quantifier ONCE = new Quantifier(1, 1, false, false, Contiguity.RELAXED);

    public Quantifier {
        if (min < 1) {
            throw new IllegalArgumentException("min must be at least 1 (use optional for zero), was " + min);
        }
        if (max < min) {
            throw new IllegalArgumentException("max (" + max + ") must not be less than min (" + min + ")");
        }
        if (inner == null) {
            throw new IllegalArgumentException("inner contiguity must not be null");
        }
    }

    /** Exactly one event. */
    public static Quantifier once() {
        return ONCE;
    }

    /** Exactly {@code n} events. */
    public static Quantifier times(int n) {
        return new Quantifier(n, n, false, false, Contiguity.RELAXED);
    }

    /** From {@code min} to {@code max} events. */
    public static Quantifier times(int min, int max) {
        return new Quantifier(min, max, false, false, Contiguity.RELAXED);
    }

    /** {@code n} or more events. */
    public static Quantifier atLeast(int n) {
        return new Quantifier(n, UNBOUNDED, false, false, Contiguity.RELAXED);
    }

    /** One or more events. */
    public static Quantifier oneOrMore() {
        return atLeast(1);
    }

    /** Zero or more events. */
    public static Quantifier zeroOrMore() {
        return atLeast(1).asOptional();
    }

    /** Zero or one event. */
    public static Quantifier zeroOrOne() {
        return ONCE.asOptional();
    }

    /** Whether more than one event can be accepted. */
    public boolean isLooping() {
        return max == UNBOUNDED;
    }

    /** Whether this accepts a fixed or bounded number of events greater than one. */
    public boolean isTimes() {
        return max != UNBOUNDED && max > 1;
    }

    public Quantifier asOptional() {
        return new Quantifier(min, max, true, greedy, inner);
    }

    public Quantifier asGreedy() {
        return new Quantifier(min, max, optional, true, inner);
    }

    public Quantifier withInner(Contiguity contiguity) {
        return new Quantifier(min, max, optional, greedy, contiguity);
    }

    @Override
    public String toString() {
        String count = min == max ? "{" + min + "}"
                : max == UNBOUNDED ? "{" + min + ",}" : "{" + min + "," + max + "}";
        return count + (optional ? "?" : "") + (greedy ? " greedy" : "") + " inner " + inner;
    }
}
