package io.cepheus.dsl.tree;

import java.util.List;
import java.util.Objects;

/** A clause of a rule. */
public sealed interface RuleClause extends Node {

    record Title(Expression.StringLiteral text, Span span) implements RuleClause {}

    record Description(Expression.StringLiteral text, Span span) implements RuleClause {}

    /** {@code severity high}. */
    record Severity(Identifier level, Span span) implements RuleClause {}

    record Tags(List<Label> tags, Span span) implements RuleClause {
        public Tags {
            tags = List.copyOf(tags);
        }
    }

    record Owner(Expression.StringLiteral owner, Span span) implements RuleClause {}

    /**
     * A stream read by a rule: {@code payments}, or {@code alerts(rule)}: the alerts of another rule
     * as events.
     *
     * @param alertsOf the rule whose alerts are read; null for a stream ({@code stream} is then
     *     the stream, else the word {@code alerts})
     */
    record StreamRef(Identifier stream, Identifier alertsOf, Span span) implements Node {
        public StreamRef {
            Objects.requireNonNull(stream, "stream");
        }

        /** The name of the stream read: {@code payments}, or {@code alerts(rule)}. */
        public String text() {
            return alertsOf == null ? stream.value() : stream.value() + "(" + alertsOf.value() + ")";
        }
    }

    /**
     * {@code from payments}, {@code from alerts(rule)}, or several: {@code from logins,
     * alerts(failed_login_burst)} (a pattern rule over several streams; each step then says which
     * stream it takes events from).
     *
     * @param sources the streams read, in the order written; at least one
     */
    record From(List<StreamRef> sources, Span span) implements RuleClause {
        public From {
            sources = List.copyOf(sources);
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("from reads at least one stream");
            }
        }

        /** {@code from stream} or {@code from alerts(rule)}: one source. */
        public From(Identifier stream, Identifier alertsOf, Span span) {
            this(List.of(new StreamRef(stream, alertsOf, span)), span);
        }
    }

    /** {@code filter condition}: which events an aggregate rule sees. */
    record Filter(Expression condition, Span span) implements RuleClause {}

    /** {@code aggregate WINDOW { name: expression ... }}: an aggregate rule's window and named aggregates. */
    record Aggregate(WindowSpec window, List<AggregateItem> items, Span span) implements RuleClause {
        public Aggregate {
            Objects.requireNonNull(window, "window");
            items = List.copyOf(items);
        }
    }

    /** {@code when condition}: the threshold of an aggregate rule. */
    record When(Expression condition, Span span) implements RuleClause {}

    /**
     * The window of an aggregate rule as written.
     *
     * @param size {@code over last D} (sliding, hopping), {@code every D} (tumbling) or {@code gap D} (session)
     * @param advance {@code every D} of a hopping window; null otherwise
     */
    record WindowSpec(WindowKind kind, Expression.DurationLiteral size, Expression.DurationLiteral advance, Span span)
            implements Node {
        public WindowSpec {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(size, "size");
            if ((kind == WindowKind.HOPPING) != (advance != null)) {
                throw new IllegalArgumentException("an advance is given exactly for hopping windows, kind " + kind);
            }
        }
    }

    /** {@code over last D}, {@code every D}, {@code every A over last D}, {@code session gap D}. */
    enum WindowKind { SLIDING, TUMBLING, HOPPING, SESSION }

    /** {@code name: expression} in an aggregate clause. */
    record AggregateItem(Identifier name, Expression value, Span span) implements Node {
        public AggregateItem {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code partition by card_id, merchant}. */
    record PartitionBy(List<Expression> keys, Span span) implements RuleClause {
        public PartitionBy {
            keys = List.copyOf(keys);
        }
    }

    /** {@code pattern probe{3,} -> big}. */
    record Pattern(PatternNode pattern, Span span) implements RuleClause {}

    /** {@code where probe: ... big: ...}. */
    record Where(List<StepDefinition> definitions, Span span) implements RuleClause {
        public Where {
            definitions = List.copyOf(definitions);
        }
    }

    /** {@code within 10m}. */
    record Within(Expression.DurationLiteral duration, Span span) implements RuleClause {}

    /** {@code after match skip ...}. */
    record AfterMatch(SkipStrategy strategy, Span span) implements RuleClause {}

    /** {@code alert [on timeout] { items }}. */
    record Alert(boolean onTimeout, List<AlertItem> items, Span span) implements RuleClause {
        public Alert {
            items = List.copyOf(items);
        }
    }

    /** {@code suppress [per expr, ...] for 1h}; no keys means per partition key. */
    record Suppress(List<Expression> keys, Expression.DurationLiteral duration, Span span) implements RuleClause {
        public Suppress {
            keys = List.copyOf(keys);
        }
    }

    /** {@code notify fraud-team, "pager"}. */
    record Notify(List<Label> channels, Span span) implements RuleClause {
        public Notify {
            channels = List.copyOf(channels);
        }
    }

    /**
     * A tag or channel name: words joined by {@code -}, or a quoted string.
     *
     * @param quoted whether it was written as a string
     */
    record Label(String value, boolean quoted, Span span) implements Node {
        public Label {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * {@code step: condition [until stop]}; in a rule over several streams {@code step from stream:
     * condition} or {@code step from stream} (every event of the stream).
     *
     * @param source the stream the step takes events from; null when not written
     * @param condition null only when a source is given without a condition
     * @param until null when absent
     */
    record StepDefinition(Identifier step, StreamRef source, Expression condition, Expression until, Span span)
            implements Node {
        public StepDefinition {
            Objects.requireNonNull(step, "step");
            if (condition == null && (source == null || until != null)) {
                throw new IllegalArgumentException("a step definition without a condition names a stream and has no until");
            }
        }

        /** {@code step: condition [until stop]}. */
        public StepDefinition(Identifier step, Expression condition, Expression until, Span span) {
            this(step, null, Objects.requireNonNull(condition, "condition"), until, span);
        }
    }

    /**
     * An after-match skip strategy.
     *
     * @param step the target step for {@code TO_FIRST}/{@code TO_LAST}, else null
     * @param orFail for {@code TO_FIRST}/{@code TO_LAST}: a miss is an error
     */
    record SkipStrategy(Kind kind, Identifier step, boolean orFail, Span span) implements Node {
        public enum Kind { NO_SKIP, TO_NEXT, PAST_LAST_EVENT, TO_FIRST, TO_LAST }

        public SkipStrategy {
            Objects.requireNonNull(kind, "kind");
            if ((kind == Kind.TO_FIRST || kind == Kind.TO_LAST) != (step != null)) {
                throw new IllegalArgumentException("a step is named exactly by skip to first/last, kind " + kind);
            }
        }
    }

    /** An item of an alert block. */
    sealed interface AlertItem extends Node {}

    record AlertSeverity(Identifier level, Span span) implements AlertItem {}

    record AlertSummary(Template template, Span span) implements AlertItem {}

    /** {@code name: expression}: a named alert field. */
    record AlertField(Identifier name, Expression value, Span span) implements AlertItem {}

    /**
     * A string with {@code ${expression}} parts.
     *
     * @param quote the quote character it was written with
     * @param parts text and interpolations, in order
     */
    record Template(char quote, List<TemplatePart> parts, Span span) implements Node {
        public Template {
            parts = List.copyOf(parts);
        }
    }

    sealed interface TemplatePart {}

    record TextPart(String text) implements TemplatePart {}

    record Interpolation(Expression expression) implements TemplatePart {}
}
