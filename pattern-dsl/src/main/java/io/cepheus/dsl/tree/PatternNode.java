package io.cepheus.dsl.tree;

import java.util.List;
import java.util.Objects;

/** A node of a pattern. */
public sealed interface PatternNode extends Node {

    /** A step by name. */
    record StepRef(Identifier name, Span span) implements PatternNode {}

    /** {@code not step}: a negation inside a sequence (never first). */
    record Negated(Identifier name, Span span) implements PatternNode {}

    /** A parenthesised pattern: a group (quantified by a {@link Quantified} around it) or an alternation. */
    record Group(PatternNode body, Span span) implements PatternNode {}

    /** {@code a | b c}: one of several sequences. */
    record Alternation(List<PatternNode> alternatives, Span span) implements PatternNode {
        public Alternation {
            alternatives = List.copyOf(alternatives);
            if (alternatives.size() < 2) {
                throw new IllegalArgumentException("an alternation has at least two alternatives");
            }
        }
    }

    /** Elements joined by links. */
    record Sequence(PatternNode first, List<Link> rest, Span span) implements PatternNode {
        public Sequence {
            Objects.requireNonNull(first, "first");
            rest = List.copyOf(rest);
        }
    }

    /**
     * How an element joins the element before it, and the element.
     *
     * @param within {@code -> within 5s b}: the window from the previous event to the element's
     *     (Flink's {@code PREVIOUS_AND_CURRENT}); null when not written
     */
    record Link(LinkKind kind, Expression.DurationLiteral within, PatternNode element, Span span) implements Node {}

    enum LinkKind {
        /** Juxtaposition {@code a b}: strict contiguity. */
        STRICT,
        /** {@code a -> b}: relaxed contiguity (skip till next match). */
        RELAXED,
        /** {@code a ->> b}: non-deterministic relaxed contiguity (skip till any match). */
        ANY
    }

    /**
     * A step or group with a quantifier and/or {@code optional} and/or an inner contiguity.
     *
     * @param quantifier null when not given
     * @param optional whether {@code optional} was written ({@code a{3} optional}: none, or three)
     * @param inner null when not given (relaxed)
     */
    record Quantified(PatternNode atom, Quantifier quantifier, boolean optional, InnerContiguity inner, Span span)
            implements PatternNode {
        public Quantified {
            Objects.requireNonNull(atom, "atom");
            if (quantifier == null && !optional && inner == null) {
                throw new IllegalArgumentException("a quantified atom needs a quantifier, optional or an inner contiguity");
            }
        }
    }

    enum InnerContiguity { CONSECUTIVE, ANY }

    /**
     * A quantifier as written.
     *
     * @param min at least this many (0 for {@code *}, {@code ?}, {@code {0,m}})
     * @param max at most this many; {@link #UNBOUNDED} for none
     * @param reluctant whether a trailing {@code ?} was written
     */
    record Quantifier(Form form, int min, int max, boolean reluctant, Span span) implements Node {
        public static final int UNBOUNDED = Integer.MAX_VALUE;

        /** Which notation was used. */
        public enum Form { PLUS, STAR, QUESTION, EXACTLY, RANGE }

        public Quantifier {
            Objects.requireNonNull(form, "form");
        }
    }
}
