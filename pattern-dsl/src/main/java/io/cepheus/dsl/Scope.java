package io.cepheus.dsl;

import io.cepheus.core.pattern.Aggregate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * What an expression can see: the stream's fields, the rule's steps and, in a step's condition,
 * which step is being tested. Collects the aggregates and fields the expressions use.
 */
final class Scope {

    enum Kind {
        /** A step's condition (or until): the tested event, earlier steps, aggregates so far. */
        CONDITION,
        /** {@code partition by}: the event alone. */
        EVENT,
        /** Alert fields, summary, suppression keys: the whole match; bare fields are the last event's. */
        ALERT,
        /** An aggregate rule's {@code filter}: the event alone. */
        FILTER,
        /** The argument of an aggregate of an aggregate rule ({@code sum(amount)}): the event alone. */
        MEASURE,
        /**
         * An aggregate rule's named aggregates, {@code when}, alert and suppression keys: the window's
         * aggregates; bare fields are the window's last event's.
         */
        AGGREGATE
    }

    /**
     * A measure of an aggregate rule as the language collects it.
     *
     * @param name its canonical text, e.g. {@code sum(amount)}: unique within the rule
     * @param type the static type of its value
     */
    record MeasureSpec(String name, io.cepheus.core.window.Measure measure, Type type) {}

    /**
     * A step of the rule's pattern.
     *
     * @param order position in the pattern text (0-based)
     * @param multi whether it can bind more than one event (a loop, {n,m}, or inside a quantified group)
     * @param negated whether it is a {@code not} step (it binds no event)
     * @param looping whether its own quantifier is unbounded ({@code +}, {@code *}, {@code {n,}})
     */
    record StepInfo(String name, int order, boolean multi, boolean negated, boolean looping) {}

    final Kind kind;
    final StreamLayout stream;
    final Map<String, StepInfo> steps;
    final StepInfo current;
    final List<Aggregate> aggregates;
    final BitSet fieldsRead;
    /** AGGREGATE: the rule's measures (slots of the context), else null. */
    List<MeasureSpec> measures;
    /** AGGREGATE: the named aggregates visible here, else empty. */
    Map<String, ExpressionCompiler.Typed> items = Map.of();
    /** The stream's baselines when this scope may read them (conditions, {@code when}), else null. */
    BaselineTable baselines;

    Scope(Kind kind, StreamLayout stream, Map<String, StepInfo> steps, StepInfo current, List<Aggregate> aggregates,
            BitSet fieldsRead) {
        this.kind = kind;
        this.stream = stream;
        this.steps = steps;
        this.current = current;
        this.aggregates = aggregates;
        this.fieldsRead = fieldsRead;
    }

    Scope forStep(StepInfo step) {
        Scope s = new Scope(Kind.CONDITION, stream, steps, step, aggregates, fieldsRead);
        s.baselines = baselines;
        return s;
    }

    /** The scope of an expression over one event, for the argument of an aggregate or a baseline. */
    Scope eventOnly(Kind kind) {
        return new Scope(kind, stream, Map.of(), null, aggregates, fieldsRead);
    }

    /** The slot of the measure named {@code spec.name()}, adding it if new. */
    int measureSlot(MeasureSpec spec) {
        for (int i = 0; i < measures.size(); i++) {
            if (measures.get(i).name().equals(spec.name())) {
                return i;
            }
        }
        measures.add(spec);
        return measures.size() - 1;
    }

    /** The slot of {@code aggregate}, adding it if new. */
    int slot(Aggregate aggregate) {
        int i = aggregates.indexOf(aggregate);
        if (i >= 0) {
            return i;
        }
        aggregates.add(aggregate);
        return aggregates.size() - 1;
    }

    static List<Aggregate> newAggregates() {
        return new ArrayList<>();
    }
}
