package io.cepheus.core.pattern;

import java.time.Duration;
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
     * @param within the window from the previous event of the match to this part's event (Flink's
     *     {@code within(window, WithinType.PREVIOUS_AND_CURRENT)}): a partial match that waits for
     *     this part times out when it elapses; null for none. Where it may be written is checked when
     *     the rule is compiled (see {@link io.cepheus.core.Rule#validate()})
     */
    public record Part(Connector connector, Pattern pattern, Duration within) {
        public Part {
            Objects.requireNonNull(connector, "connector");
            Objects.requireNonNull(pattern, "pattern");
            if (within != null && (within.isNegative() || within.isZero())) {
                throw new IllegalArgumentException("the window of part " + pattern + " must be positive, was " + within);
            }
            if (connector.isNegation()) {
                if (!(pattern instanceof Step step)) {
                    throw new IllegalArgumentException(connector + " takes a single step, got " + pattern);
                }
                if (!step.quantifier().equals(Quantifier.once())) {
                    throw new IllegalArgumentException("a negated step cannot be quantified: " + step.name());
                }
            }
        }

        /** A part without a window of its own. */
        public Part(Connector connector, Pattern pattern) {
            this(connector, pattern, null);
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

        /**
         * Bounds the time from the previous event of a match to the event of the part added last
         * (Flink's {@code within(window, WithinType.PREVIOUS_AND_CURRENT)}).
         */
        public Builder withinPrevious(Duration window) {
            Part last = parts.remove(parts.size() - 1);
            parts.add(new Part(last.connector(), last.pattern(), window));
            return this;
        }

        public Sequence build() {
            return new Sequence(parts);
        }
    }
}
