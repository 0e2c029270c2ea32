package io.cepheus.core.pattern;

import java.util.Objects;

/**
 * A quantified group, e.g. {@code (a b)+}: the body is matched repeatedly as a whole.
 *
 * @param body the pattern repeated; not a negation
 * @param quantifier how many times, with which contiguity between repetitions
 */
public record Group(Pattern body, Quantifier quantifier) implements Pattern {

    public Group {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(quantifier, "quantifier");
    }

    public static Group of(Pattern body, Quantifier quantifier) {
        return new Group(body, quantifier);
    }
}
