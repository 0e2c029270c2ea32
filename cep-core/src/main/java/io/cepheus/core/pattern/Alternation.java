package io.cepheus.core.pattern;

import java.util.List;

/**
 * One of several patterns, e.g. {@code (a | b c)}. A match takes exactly one alternative; when
 * several could start on the same event, each gives its own match.
 *
 * @param alternatives at least two
 */
public record Alternation(List<Pattern> alternatives) implements Pattern {

    public Alternation {
        alternatives = List.copyOf(alternatives);
        if (alternatives.size() < 2) {
            throw new IllegalArgumentException("an alternation needs at least two alternatives, got " + alternatives.size());
        }
    }

    public static Alternation of(Pattern... alternatives) {
        return new Alternation(List.of(alternatives));
    }
}
