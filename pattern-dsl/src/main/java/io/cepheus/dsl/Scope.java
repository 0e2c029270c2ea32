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

    /**
     * The event layout of a pattern rule over several streams: field 0 holds the name of the event's
     * stream (the discriminator), then each stream's fields in a block of their own.
     *
     * @param streams the streams read, in the order of {@code from}
     * @param offsets where each stream's block starts in the rule's event
     * @param common the fields every stream has, with the same type (what the partition key, alert
     *     and {@code prev} can read of an event of any of the streams); indices are its own
     * @param commonIndices for each field of {@code common}, its index in every stream's block
     * @param stepStreams the stream of each step (index into {@code streams})
     */
    record Union(List<StreamLayout> streams, int[] offsets, StreamLayout common, int[][] commonIndices,
            Map<String, Integer> stepStreams) {

        static final int DISCRIMINATOR = 0;

        static Union of(List<StreamLayout> streams, Map<String, Integer> stepStreams) {
            int[] offsets = new int[streams.size()];
            int next = 1;
            for (int i = 0; i < streams.size(); i++) {
                offsets[i] = next;
                next += streams.get(i).fields().size();
            }
            List<StreamLayout.Field> common = new ArrayList<>();
            List<int[]> indices = new ArrayList<>();
            for (StreamLayout.Field f : streams.get(0).fields()) {
                int[] at = new int[streams.size()];
                boolean everywhere = true;
                for (int i = 0; i < streams.size() && everywhere; i++) {
                    StreamLayout.Field g = streams.get(i).field(f.name());
                    everywhere = g != null && g.type() == f.type();
                    at[i] = g == null ? -1 : offsets[i] + g.index();
                }
                if (everywhere) {
                    common.add(new StreamLayout.Field(f.name(), f.type(), common.size()));
                    indices.add(at);
                }
            }
            String name = String.join(", ", streams.stream().map(StreamLayout::name).toList());
            return new Union(streams, offsets, new StreamLayout(name, null, null, null, java.time.Duration.ZERO, null, null,
                    common), indices.toArray(int[][]::new), stepStreams);
        }

        /** The rule's event layout: the discriminator, then every stream's fields as {@code stream.field}. */
        StreamLayout layout() {
            List<StreamLayout.Field> fields = new ArrayList<>();
            fields.add(new StreamLayout.Field("$stream", FieldType.STRING, 0));
            for (StreamLayout s : streams) {
                for (StreamLayout.Field f : s.fields()) {
                    fields.add(new StreamLayout.Field(s.name() + "." + f.name(), f.type(), fields.size()));
                }
            }
            return new StreamLayout(common.name(), null, null, null, java.time.Duration.ZERO, null, null, fields);
        }

        /**
         * Why {@code name} is not a field of every stream, for a message; null if it is one of none.
         */
        String notEverywhere(String name) {
            List<String> missing = new ArrayList<>();
            List<String> typed = new ArrayList<>();
            for (StreamLayout s : streams) {
                StreamLayout.Field f = s.field(name);
                if (f == null) {
                    missing.add(s.name());
                } else {
                    typed.add(s.name() + " (" + f.type().keyword() + ")");
                }
            }
            if (typed.isEmpty()) {
                return null;
            }
            return missing.isEmpty() ? "field '" + name + "' has different types in the streams the rule reads: "
                    + String.join(", ", typed)
                    : "field '" + name + "' is not in stream " + String.join(", ", missing) + " (the rule reads "
                    + common.name() + ")";
        }
    }

    final Kind kind;
    /** The layout names resolve against: the rule's stream; over several streams the step's, or the common fields. */
    final StreamLayout stream;
    /** The rule's layout over several streams; null for a rule over one stream. */
    final Union union;
    /** Where {@link #stream}'s fields start in the rule's event; -1 for the common fields of a union. */
    final int offset;
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
        this(kind, stream, null, 0, steps, current, aggregates, fieldsRead);
    }

    /** A scope over a union: {@code current} null for the common fields (any stream's event), else that step's stream. */
    static Scope over(Kind kind, Union union, Map<String, StepInfo> steps, StepInfo current, List<Aggregate> aggregates,
            BitSet fieldsRead) {
        if (current == null) {
            return new Scope(kind, union.common(), union, -1, steps, null, aggregates, fieldsRead);
        }
        int i = union.stepStreams().get(current.name());
        return new Scope(kind, union.streams().get(i), union, union.offsets()[i], steps, current, aggregates, fieldsRead);
    }

    private Scope(Kind kind, StreamLayout stream, Union union, int offset, Map<String, StepInfo> steps, StepInfo current,
            List<Aggregate> aggregates, BitSet fieldsRead) {
        this.kind = kind;
        this.stream = stream;
        this.union = union;
        this.offset = offset;
        this.steps = steps;
        this.current = current;
        this.aggregates = aggregates;
        this.fieldsRead = fieldsRead;
    }

    Scope forStep(StepInfo step) {
        Scope s = union == null ? new Scope(Kind.CONDITION, stream, steps, step, aggregates, fieldsRead)
                : over(Kind.CONDITION, union, steps, step, aggregates, fieldsRead);
        s.baselines = baselines;
        return s;
    }

    /** The scope of an expression over one event, for the argument of an aggregate or a baseline. */
    Scope eventOnly(Kind kind) {
        return new Scope(kind, stream, union, offset, Map.of(), null, aggregates, fieldsRead);
    }

    /** The stream of {@code step}'s events. */
    StreamLayout streamOf(StepInfo step) {
        return union == null ? stream : union.streams().get(union.stepStreams().get(step.name()));
    }

    /** The index in the rule's event of field {@code f} of {@code step}'s stream; marks it read. */
    int index(StepInfo step, StreamLayout.Field f) {
        int index = union == null ? f.index() : union.offsets()[union.stepStreams().get(step.name())] + f.index();
        fieldsRead.set(index);
        return index;
    }

    /**
     * Reads field {@code f} of {@link #stream} from an event of the rule; marks it read. Over the common
     * fields of a union the event fills exactly one stream's block, so the first non-null of the
     * field's indices is its value.
     */
    Eval reader(StreamLayout.Field f) {
        if (offset >= 0) {
            int index = offset + f.index();
            fieldsRead.set(index);
            return (e, c) -> e.get(index);
        }
        int[] indices = union.commonIndices()[f.index()];
        for (int i : indices) {
            fieldsRead.set(i);
        }
        return firstNonNull(indices);
    }

    /**
     * Reads a field every stream of a union has: an event fills exactly one stream's block, so the
     * first non-null of the field's indices is its value.
     */
    static Eval firstNonNull(int[] indices) {
        return (e, c) -> {
            for (int i : indices) {
                Object v = e.get(i);
                if (v != null) {
                    return v;
                }
            }
            return null;
        };
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
