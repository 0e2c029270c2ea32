package io.cepheus.core.pattern;

import java.util.Objects;

/**
 * A named step: the events it accepts satisfy {@code condition}; how many is set by {@code
 * quantifier}. The events a step accepts are reported under its name.
 *
 * @param name unique within a pattern; not blank
 * @param condition what an accepted event satisfies
 * @param quantifier how many events, and with which contiguity between them
 * @param until for a loop: an event satisfying this stops the loop (Flink's {@code until}); may be
 *     null
 */
public record Step(String name, Condition condition, Quantifier quantifier, Condition until) implements Pattern {

    public Step {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a step name must not be blank");
        }
        Objects.requireNonNull(condition, "condition of step " + name);
        Objects.requireNonNull(quantifier, "quantifier of step " + name);
        if (until != null && !quantifier.isLooping()) {
            throw new IllegalArgumentException("until applies to looping steps only, step " + name + " is " + quantifier);
        }
    }

    /** A step accepting exactly one event that satisfies {@code condition}. */
    public static Step of(String name, Condition condition) {
        return new Step(name, condition, Quantifier.once(), null);
    }

    public Step quantified(Quantifier q) {
        return new Step(name, condition, q, until);
    }

    public Step times(int n) {
        return quantified(Quantifier.times(n));
    }

    public Step times(int min, int max) {
        return quantified(Quantifier.times(min, max));
    }

    public Step timesOrMore(int n) {
        return quantified(Quantifier.atLeast(n));
    }

    public Step oneOrMore() {
        return quantified(Quantifier.oneOrMore());
    }

    public Step optional() {
        return quantified(quantifier.asOptional());
    }

    public Step greedy() {
        return quantified(quantifier.asGreedy());
    }

    /** Strict contiguity between the events of a loop (Flink's {@code consecutive()}). */
    public Step consecutive() {
        return quantified(quantifier.withInner(Contiguity.STRICT));
    }

    /** Non-deterministic relaxed contiguity inside a loop (Flink's {@code allowCombinations()}). */
    public Step allowCombinations() {
        return quantified(quantifier.withInner(Contiguity.NON_DETERMINISTIC));
    }

    public Step until(Condition stop) {
        return new Step(name, condition, quantifier, stop);
    }
}
