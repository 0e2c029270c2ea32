package io.cepheus.core.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Patterns one after another. Each part after the first says how it joins the part before it.
 *
 * @param parts at least one; the connector of the first part is ignored
 */
public record Sequence(List<Part> parts) implements Pattern {

    /**
     * One part of a sequence.
     *
     * @param connector how it joins the previous part
     * @param pattern what it matches; for a negation, a single {@link Step} with no quantifier
     */
    public record Part(Connector connector, Pattern pattern) {
        public Part {
            Objects.requireNonNull(connector, "connector");
            Objects.requireNonNull(pattern, "pattern");
            if (connector.isNegation()) {
                if (!(pattern instanceof Step step)) {
                    throw new IllegalArgumentException(connector + " takes a single step, got " + pattern);
                }
                if (!step.quantifier().equals(Quantifier.once())) {
                    throw new IllegalArgumentException("a negated step cannot be quantified: " + step.name());
                }
            }
        }
    }

    public Sequence {
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a sequence needs at least one part");
        }
        if (parts.get(0).connector().isNegation()) {
            throw new IllegalArgumentException("a sequence cannot start with a negation");
        }
    }

    /** Starts a sequence with {@code first}. */
    public static Builder begin(Pattern first) {
        return new Builder(first);
    }

    /** Fluent builder, in the style of Flink's Pattern API. Not thread-safe. */
    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();

        private Builder(Pattern first) {
            parts.add(new Part(Connector.FOLLOWED_BY, first));
        }

        public Builder then(Connector connector, Pattern next) {
            parts.add(new Part(connector, next));
            return this;
        }

        public Builder next(Pattern next) {
            return then(Connector.NEXT, next);
        }

        public Builder followedBy(Pattern next) {
            return then(Connector.FOLLOWED_BY, next);
        }

        public Builder followedByAny(Pattern next) {
            return then(Connector.FOLLOWED_BY_ANY, next);
        }

        public Builder notNext(Step step) {
            return then(Connector.NOT_NEXT, step);
        }

        public Builder notFollowedBy(Step step) {
            return then(Connector.NOT_FOLLOWED_BY, step);
        }

        public Sequence build() {
            return new Sequence(parts);
        }
    }
}
