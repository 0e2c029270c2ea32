package io.cepheus.dsl.tree;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** An expression of the rule language. */
public sealed interface Expression extends Node {

    record NullLiteral(Span span) implements Expression {}

    record BooleanLiteral(boolean value, Span span) implements Expression {}

    record IntegerLiteral(long value, Span span) implements Expression {}

    /** {@code 2.00}: an exact decimal; the scale is kept for formatting. */
    record DecimalLiteral(BigDecimal value, Span span) implements Expression {
        public DecimalLiteral {
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code 2.5e3}; {@code text} is kept for formatting. */
    record DoubleLiteral(double value, String text, Span span) implements Expression {}

    /** A string literal with its escapes resolved; {@code quote} is the quote character used. */
    record StringLiteral(String value, char quote, Span span) implements Expression {
        public StringLiteral {
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code 1h30m}: {@code millis} and the text as written. */
    record DurationLiteral(long millis, String text, Span span) implements Expression {}

    /** A bare name: a field of the current event. */
    record Name(Identifier name, Span span) implements Expression {}

    /** {@code base.field}: a field of a step's event ({@code big.amount}, {@code last(probe).merchant}). */
    record FieldAccess(Expression base, Identifier field, Span span) implements Expression {}

    /** {@code f(args)}: a function or an aggregate. */
    record Call(Identifier function, List<Expression> arguments, Span span) implements Expression {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * {@code avg(amount) over last 30d}: a rolling aggregate of the partition key's own events as of
     * the event being evaluated (a per-key baseline).
     */
    record Baseline(Call call, DurationLiteral window, Span span) implements Expression {
        public Baseline {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(window, "window");
        }
    }

    /** {@code count distinct expression}: the number of distinct values in an aggregate rule's window. */
    record CountDistinct(Identifier function, Expression value, Span span) implements Expression {
        public CountDistinct {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code (e)}: kept so that formatting preserves the author's grouping. */
    record Parenthesized(Expression expression, Span span) implements Expression {}

    /** {@code -e}. */
    record Negate(Expression operand, Span span) implements Expression {}

    /** {@code not e}. */
    record Not(Expression operand, Span span) implements Expression {}

    /** A binary operator: arithmetic, comparison or logic. */
    record Binary(Operator operator, Expression left, Expression right, Span span) implements Expression {}

    enum Operator {
        MULTIPLY("*"), DIVIDE("/"), MODULO("%"), ADD("+"), SUBTRACT("-"),
        EQUAL("=="), NOT_EQUAL("!="), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">="),
        AND("and"), OR("or");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean isComparison() {
            return ordinal() >= EQUAL.ordinal() && ordinal() <= GREATER_OR_EQUAL.ordinal();
        }

        public boolean isArithmetic() {
            return ordinal() <= SUBTRACT.ordinal();
        }

        public boolean isLogical() {
            return this == AND || this == OR;
        }
    }

    /** {@code e [not] in (a, b, c)}. */
    record InList(Expression value, List<Expression> list, boolean negated, Span span) implements Expression {
        public InList {
            list = List.copyOf(list);
        }
    }

    /** {@code e [not] like "pattern"}: SQL LIKE with {@code %} and {@code _}. */
    record Like(Expression value, Expression pattern, boolean negated, Span span) implements Expression {}

    /** {@code e [not] matches "regex"}: the whole string matches the Java regular expression. */
    record Matches(Expression value, Expression pattern, boolean negated, Span span) implements Expression {}

    /** {@code e is [not] null}. */
    record IsNull(Expression value, boolean negated, Span span) implements Expression {}
}
