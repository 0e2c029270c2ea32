package io.cepheus.dsl;

import io.cepheus.core.Event;
import io.cepheus.core.pattern.Aggregate;
import io.cepheus.core.window.Baseline;
import io.cepheus.core.window.Measure;
import java.time.Duration;
import java.util.function.Function;
import io.cepheus.dsl.tree.Expression;
import io.cepheus.dsl.tree.Expression.Operator;
import io.cepheus.dsl.tree.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Type-checks an expression and compiles it into an {@link Eval} closure in one pass. Errors go to
 * {@link Problems}; an expression with an error gets type {@link Type#ERROR}, which silences the
 * errors that would follow from it.
 *
 * <p>Design note. Every operator is resolved here, once: the closure of {@code a + b} on decimals
 * calls {@link Values#arithmetic} with the decimal type already chosen, a field reference is an
 * array index, a step reference is an aggregate slot ({@code LAST} of the step) read through the
 * engine's incremental {@link io.cepheus.core.pattern.MatchContext#aggregate}. Nothing is looked
 * up by name and no tree is walked when an event is tested. SQL NULL semantics: operators and
 * functions on null give null; {@code and}/{@code or} are three-valued; a condition that is null
 * is false.
 */
final class ExpressionCompiler {

    /** A checked, compiled expression; {@code step} names the step of an {@link Type#EVENT} value. */
    record Typed(Type type, Eval eval, String step) {
        static final Typed ERROR = new Typed(Type.ERROR, (e, c) -> null, null);

        static Typed of(Type type, Eval eval) {
            return new Typed(type, eval, null);
        }

        boolean failed() {
            return type == Type.ERROR;
        }
    }

    private final Problems problems;

    ExpressionCompiler(Problems problems) {
        this.problems = problems;
    }

    Typed compile(Expression expression, Scope scope) {
        return switch (expression) {
            case Expression.NullLiteral n -> Typed.of(Type.NULL, (e, c) -> null);
            case Expression.BooleanLiteral b -> constant(Type.BOOL, b.value());
            case Expression.IntegerLiteral i -> constant(Type.LONG, i.value());
            case Expression.DecimalLiteral d -> constant(Type.DECIMAL, d.value());
            case Expression.DoubleLiteral d -> constant(Type.DOUBLE, d.value());
            case Expression.StringLiteral s -> constant(Type.STRING, s.value());
            case Expression.DurationLiteral d -> constant(Type.DURATION, d.millis());
            case Expression.Parenthesized p -> compile(p.expression(), scope);
            case Expression.Name n -> name(n, scope);
            case Expression.FieldAccess f -> fieldAccess(f, scope);
            case Expression.Call c -> call(c, scope);
            case Expression.Negate n -> negate(n, scope);
            case Expression.Not n -> not(n, scope);
            case Expression.Binary b -> b.operator().isLogical() ? logical(b, scope)
                    : b.operator().isComparison() ? comparison(b, scope) : arithmetic(b, scope);
            case Expression.InList in -> inList(in, scope);
            case Expression.Like like -> like(like, scope);
            case Expression.Matches m -> matches(m, scope);
            case Expression.IsNull n -> isNull(n, scope);
            case Expression.Baseline b -> baseline(b, scope);
            case Expression.CountDistinct d -> countDistinct(d, scope);
        };
    }

    /** Compiles a condition: must be bool; the result is true only for TRUE (null is false). */
    Typed condition(Expression expression, Scope scope, String what) {
        Typed t = compile(expression, scope);
        if (!t.failed() && t.type() != Type.BOOL && t.type() != Type.NULL) {
            problems.error(expression, what + " must be bool, is " + describe(t));
            return Typed.ERROR;
        }
        return t;
    }

    private static Typed constant(Type type, Object value) {
        return Typed.of(type, (e, c) -> value);
    }

    // ------------------------------------------------------------------ names

    private Typed name(Expression.Name n, Scope scope) {
        String name = n.name().value();
        if (scope.kind == Scope.Kind.AGGREGATE) {
            return aggregateName(n, scope);
        }
        StreamLayout.Field field = scope.stream.field(name);
        if (field != null) {
            return field(field, scope);
        }
        if (scope.steps.containsKey(name)) {
            problems.error(n, "'" + name + "' is a step, not a value: use " + name + ".<field>, first(" + name + ").<field>, "
                    + "last(" + name + ").<field> or count(" + name + ")");
            return Typed.ERROR;
        }
        String why = scope.union != null && scope.offset < 0 ? scope.union.notEverywhere(name) : null;
        if (why != null) {
            problems.error(n, why + (scope.kind == Scope.Kind.EVENT
                    ? ": a rule over several streams computes its partition key from a field of the same name and type in each"
                    : ": read it from a step, e.g. " + scope.steps.keySet().iterator().next() + "." + name));
            return Typed.ERROR;
        }
        problems.error(n, "unknown field '" + name + "' in stream " + scope.stream.name() + didYouMean(name, scope, true));
        return Typed.ERROR;
    }

    private String didYouMean(String name, Scope scope, boolean withSteps) {
        List<String> candidates = new ArrayList<>(scope.stream.fields().stream().map(StreamLayout.Field::name).toList());
        if (withSteps) {
            candidates.addAll(scope.steps.keySet());
        }
        return Suggestions.didYouMean(name, candidates);
    }

    /** The current event's field (in an alert, the last event's). */
    private static Typed field(StreamLayout.Field field, Scope scope) {
        return Typed.of(Type.of(field.type()), scope.reader(field));
    }

    private Typed fieldAccess(Expression.FieldAccess f, Scope scope) {
        if (f.base() instanceof Expression.Name base && !isField(base, scope)) {
            Scope.StepInfo step = scope.steps.get(base.name().value());
            if (step == null) {
                problems.error(base, "unknown step '" + base.name().value() + "'"
                        + Suggestions.didYouMean(base.name().value(), scope.steps.keySet()));
                return Typed.ERROR;
            }
            return stepField(step, f, scope);
        }
        Typed base = compile(f.base(), scope);
        if (base.failed()) {
            return Typed.ERROR;
        }
        if (base.type() != Type.EVENT) {
            problems.error(f.field(), "only steps and first(step) / last(step) have fields; this is a " + base.type());
            return Typed.ERROR;
        }
        Scope.StepInfo of = base.step() == null ? null : scope.steps.get(base.step());
        StreamLayout.Field field = of == null ? resolve(f.field().value(), f.field(), scope)
                : resolve(f.field().value(), f.field(), scope.streamOf(of), scope);
        if (field == null) {
            return Typed.ERROR;
        }
        int index = of == null ? field.index() : scope.index(of, field);
        scope.fieldsRead.set(index);
        Eval eval = base.eval();
        return Typed.of(Type.of(field.type()), (e, c) -> {
            Object event = eval.eval(e, c);
            return event == null ? null : ((Event) event).get(index);
        });
    }

    private static boolean isField(Expression.Name name, Scope scope) {
        return scope.stream.field(name.name().value()) != null && !scope.steps.containsKey(name.name().value());
    }

    private StreamLayout.Field resolve(String name, Node at, Scope scope) {
        return resolve(name, at, scope.stream, scope);
    }

    /** A field of {@code stream} (the current one, or a step's in a rule over several streams). */
    private StreamLayout.Field resolve(String name, Node at, StreamLayout stream, Scope scope) {
        StreamLayout.Field field = stream.field(name);
        if (field == null) {
            String why = scope.union != null && stream == scope.union.common() ? scope.union.notEverywhere(name) : null;
            problems.error(at, why != null ? why : "unknown field '" + name + "' in stream " + stream.name()
                    + Suggestions.didYouMean(name, stream.fields().stream().map(StreamLayout.Field::name).toList()));
        }
        return field;
    }

    /** {@code step.field}. */
    private Typed stepField(Scope.StepInfo step, Expression.FieldAccess f, Scope scope) {
        StreamLayout.Field field = resolve(f.field().value(), f.field(), scope.streamOf(step), scope);
        if (field == null || !stepUsable(step, f.base(), scope)) {
            return Typed.ERROR;
        }
        if (scope.kind == Scope.Kind.CONDITION && step == scope.current) {
            return field(field, scope);
        }
        if (step.multi()) {
            problems.error(f, "step '" + step.name() + "' can bind several events: write first(" + step.name() + ")."
                    + field.name() + ", last(" + step.name() + ")." + field.name() + " or an aggregate such as count("
                    + step.name() + ")");
            return Typed.ERROR;
        }
        int slot = scope.slot(Aggregate.last(step.name()));
        int index = scope.index(step, field);
        return Typed.of(Type.of(field.type()), (e, c) -> {
            Object event = c.aggregate(slot);
            return event == null ? null : ((Event) event).get(index);
        });
    }

    /** Whether the step's events can be read here; reports why not. */
    private boolean stepUsable(Scope.StepInfo step, Node at, Scope scope) {
        if (scope.kind == Scope.Kind.EVENT) {
            problems.error(at, "a partition key is computed from the event alone: it cannot use step '" + step.name() + "'");
            return false;
        }
        if (step.negated()) {
            problems.error(at, "step '" + step.name() + "' is negated (not " + step.name() + "): it binds no event");
            return false;
        }
        if (scope.kind == Scope.Kind.CONDITION && step.order() > scope.current.order()) {
            problems.error(at, "step '" + step.name() + "' comes after '" + scope.current.name()
                    + "' in the pattern: its events are not known when '" + scope.current.name() + "' is tested");
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ calls

    private Typed call(Expression.Call call, Scope scope) {
        String name = call.function().value();
        if (Functions.SPECIAL.contains(name)) {
            return special(call, scope);
        }
        Functions.Fn fn = Functions.ALL.get(name);
        if (fn == null) {
            List<String> names = Stream.concat(Functions.ALL.keySet().stream(), Functions.SPECIAL.stream()).toList();
            problems.error(call.function(), "unknown function '" + name + "'" + Suggestions.didYouMean(name, names));
            call.arguments().forEach(a -> compile(a, scope));
            return Typed.ERROR;
        }
        List<Typed> args = call.arguments().stream().map(a -> compile(a, scope)).toList();
        if (args.stream().anyMatch(Typed::failed)) {
            return Typed.ERROR;
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).type() == Type.EVENT) {
                problems.error(call.arguments().get(i), "an event is not a value: use a field, e.g. " + args.get(i).step() + ".<field>");
                return Typed.ERROR;
            }
        }
        List<Type> types = args.stream().map(Typed::type).toList();
        switch (fn.typing().apply(types)) {
            case Functions.Wrong w -> {
                problems.error(call, name + ": " + w.message() + "; expected " + fn.signature());
                return Typed.ERROR;
            }
            case Functions.Ok ok -> {
                if (name.equals("timestamp") && call.arguments().get(0) instanceof Expression.StringLiteral s) {
                    try {
                        java.time.Instant.parse(s.value());
                    } catch (java.time.format.DateTimeParseException e) {
                        problems.error(s, "not an ISO-8601 instant: \"" + s.value() + "\" (expected e.g. 2024-05-01T12:00:00Z)");
                        return Typed.ERROR;
                    }
                }
                Functions.Body body = fn.body().apply(types);
                Eval[] evals = args.stream().map(Typed::eval).toArray(Eval[]::new);
                boolean nullSafe = fn.nullSafe();
                return Typed.of(ok.type(), (e, c) -> {
                    Object[] values = new Object[evals.length];
                    for (int i = 0; i < evals.length; i++) {
                        values[i] = evals[i].eval(e, c);
                        if (values[i] == null && !nullSafe) {
                            return null;
                        }
                    }
                    return body.apply(values);
                });
            }
        }
    }

    private Typed special(Expression.Call call, Scope scope) {
        String name = call.function().value();
        List<Expression> args = call.arguments();
        if (name.equals("prev")) {
            return prev(call, scope);
        }
        if (name.equals("window_start") || name.equals("window_end")) {
            return windowBound(call, scope);
        }
        if (scope.kind == Scope.Kind.EVENT) {
            problems.error(call, "a partition key is computed from the event alone: " + name + "(...) needs a match");
            return Typed.ERROR;
        }
        if (scope.kind == Scope.Kind.FILTER || scope.kind == Scope.Kind.MEASURE) {
            eventOnly(call, name, scope);
            return Typed.ERROR;
        }
        if (scope.kind == Scope.Kind.AGGREGATE) {
            return measure(call, scope);
        }
        if ((name.equals("min") || name.equals("max")) && args.size() > 1) {
            problems.error(call, name + " is an aggregate over a step: for the " + (name.equals("min") ? "smaller" : "larger")
                    + " of several values use " + (name.equals("min") ? "least" : "greatest") + "(...)");
            return Typed.ERROR;
        }
        boolean firstOrLast = name.equals("first") || name.equals("last");
        if (firstOrLast && (args.size() == 2 || args.size() == 1 && args.get(0) instanceof Expression.FieldAccess)) {
            return byOffset(call, scope);
        }
        if (args.size() != 1) {
            problems.error(call, name + " takes one argument, e.g. " + example(name) + ", got " + args.size());
            return Typed.ERROR;
        }
        Expression arg = args.get(0);
        boolean stepArgument = name.equals("count") || name.equals("first") || name.equals("last");
        if (stepArgument) {
            if (!(arg instanceof Expression.Name stepName) || !scope.steps.containsKey(stepName.name().value())) {
                String what = arg instanceof Expression.Name n ? "unknown step '" + n.name().value() + "' in " + name + "(...)"
                        + Suggestions.didYouMean(n.name().value(), scope.steps.keySet())
                        : name + " takes a step, e.g. " + example(name);
                problems.error(arg, what);
                return Typed.ERROR;
            }
            Scope.StepInfo step = scope.steps.get(stepName.name().value());
            if (!stepUsable(step, arg, scope)) {
                return Typed.ERROR;
            }
            if (name.equals("count")) {
                if (!step.multi()) {
                    notLoop(call, name, step);
                    return Typed.ERROR;
                }
                int slot = scope.slot(Aggregate.count(step.name()));
                return Typed.of(Type.LONG, (e, c) -> c.aggregate(slot));
            }
            int slot = scope.slot(name.equals("first") ? Aggregate.first(step.name()) : Aggregate.last(step.name()));
            return new Typed(Type.EVENT, (e, c) -> c.aggregate(slot), step.name());
        }
        if (!(arg instanceof Expression.FieldAccess access) || !(access.base() instanceof Expression.Name base)
                || !scope.steps.containsKey(base.name().value())) {
            if (arg instanceof Expression.FieldAccess access && access.base() instanceof Expression.Name base
                    && scope.stream.field(base.name().value()) == null) {
                problems.error(base, "unknown step '" + base.name().value() + "'"
                        + Suggestions.didYouMean(base.name().value(), scope.steps.keySet()));
                return Typed.ERROR;
            }
            problems.error(arg, name + " aggregates a field of a repeating step, e.g. " + example(name));
            return Typed.ERROR;
        }
        Scope.StepInfo step = scope.steps.get(base.name().value());
        StreamLayout.Field field = resolve(access.field().value(), access.field(), scope.streamOf(step), scope);
        if (field == null || !stepUsable(step, base, scope)) {
            return Typed.ERROR;
        }
        if (!step.multi()) {
            notLoop(call, name, step);
            return Typed.ERROR;
        }
        Type fieldType = Type.of(field.type());
        Aggregate.Kind kind = switch (name) {
            case "sum" -> Aggregate.Kind.SUM;
            case "avg" -> Aggregate.Kind.AVG;
            case "min" -> Aggregate.Kind.MIN;
            default -> Aggregate.Kind.MAX;
        };
        Type result;
        if (kind == Aggregate.Kind.SUM || kind == Aggregate.Kind.AVG) {
            if (!fieldType.isNumeric()) {
                problems.error(arg, name + " needs a numeric field; " + step.name() + "." + field.name() + " is " + fieldType);
                return Typed.ERROR;
            }
            result = kind == Aggregate.Kind.AVG && fieldType == Type.LONG ? Type.DOUBLE : fieldType;
        } else {
            if (!fieldType.isOrdered()) {
                problems.error(arg, name + " needs an ordered field; " + step.name() + "." + field.name() + " is " + fieldType);
                return Typed.ERROR;
            }
            result = fieldType;
        }
        int slot = scope.slot(Aggregate.of(step.name(), kind, scope.index(step, field)));
        if (result == Type.DOUBLE || result == Type.DECIMAL) {
            return Typed.of(result, (e, c) -> {
                Object v = c.aggregate(slot);
                return v == null ? null : Values.convert(v, result);
            });
        }
        return Typed.of(result, (e, c) -> c.aggregate(slot));
    }

    /**
     * {@code last(probe, 1)}: the event bound to {@code probe} one before its last, so far (SQL's
     * {@code LAST(probe.x, n)} is written {@code last(probe, n).x}, or {@code last(probe.x, n)}); {@code
     * first(probe, 1)} the one after its first. Offset 0 is {@code first}/{@code last} itself, kept
     * incrementally; a larger offset walks the partial match (the engine's {@link
     * io.cepheus.core.pattern.MatchContext#eventFromLast}: O(offset + events bound after it); {@code
     * first}: O(length)).
     */
    private Typed byOffset(Expression.Call call, Scope scope) {
        String name = call.function().value();
        List<Expression> args = call.arguments();
        Expression target = args.get(0);
        if (target instanceof Expression.FieldAccess access && access.base() instanceof Expression.Name) {
            // last(probe.amount, 1) is last(probe, 1).amount
            List<Expression> eventArgs = args.size() == 1 ? List.of(access.base()) : List.of(access.base(), args.get(1));
            Expression.Call event = new Expression.Call(call.function(), eventArgs, call.span());
            return compile(new Expression.FieldAccess(event, access.field(), call.span()), scope);
        }
        if (args.size() != 2 || !(args.get(1) instanceof Expression.IntegerLiteral offsetLiteral)
                || offsetLiteral.value() < 0 || offsetLiteral.value() > 9999) {
            problems.error(args.size() == 2 ? args.get(1) : call, name + "(step, offset) takes an offset that is an integer"
                    + " from 0 to 9999, e.g. " + name + "(probe, 1).amount");
            return Typed.ERROR;
        }
        if (!(target instanceof Expression.Name stepName) || !scope.steps.containsKey(stepName.name().value())) {
            problems.error(target, target instanceof Expression.Name n ? "unknown step '" + n.name().value() + "' in " + name
                    + "(...)" + Suggestions.didYouMean(n.name().value(), scope.steps.keySet())
                    : name + " takes a step, e.g. " + name + "(probe, 1).amount");
            return Typed.ERROR;
        }
        Scope.StepInfo step = scope.steps.get(stepName.name().value());
        if (!stepUsable(step, target, scope)) {
            return Typed.ERROR;
        }
        int offset = (int) offsetLiteral.value();
        if (offset == 0) {
            int slot = scope.slot(name.equals("first") ? Aggregate.first(step.name()) : Aggregate.last(step.name()));
            return new Typed(Type.EVENT, (e, c) -> c.aggregate(slot), step.name());
        }
        if (!step.multi()) {
            problems.error(call, name + "(" + step.name() + ", " + offset + ") reads an earlier event of a step that repeats;"
                    + " '" + step.name() + "' binds at most one event");
            return Typed.ERROR;
        }
        String stepKey = step.name();
        Eval read = name.equals("first") ? (e, c) -> c.eventFromFirst(stepKey, offset) : (e, c) -> c.eventFromLast(stepKey, offset);
        return new Typed(Type.EVENT, read, step.name());
    }

    private void notLoop(Expression.Call call, String name, Scope.StepInfo step) {
        problems.error(call, name + "(...) over step '" + step.name() + "', which binds at most one event: aggregates "
                + "apply to steps that repeat (+, *, {n}, {n,m}) or sit in a repeated group");
    }

    private static String example(String name) {
        return switch (name) {
            case "count" -> "count(probe)";
            case "first" -> "first(probe).amount";
            case "last" -> "last(probe).amount";
            default -> name + "(probe.amount)";
        };
    }

    /**
     * {@code prev(field)}: the field of the event bound last in the partial match, whatever its step
     * (the engine's {@link io.cepheus.core.pattern.MatchContext#lastEvent()}, O(1)).
     */
    private Typed prev(Expression.Call call, Scope scope) {
        if (scope.kind != Scope.Kind.CONDITION) {
            problems.error(call, "prev(...) is the previous event of the match as a step is tested: it is only "
                    + "available in step conditions");
            return Typed.ERROR;
        }
        if (call.arguments().size() != 1 || !(call.arguments().get(0) instanceof Expression.Name n)) {
            problems.error(call, "prev takes one field name, e.g. prev(amount)");
            return Typed.ERROR;
        }
        // over several streams the previous event can be of any of them: the fields they share
        Scope any = scope.union == null ? scope : Scope.over(scope.kind, scope.union, scope.steps, null, scope.aggregates,
                scope.fieldsRead);
        StreamLayout.Field field = resolve(n.name().value(), n, any);
        if (field == null) {
            return Typed.ERROR;
        }
        Eval read = any.reader(field);
        return Typed.of(Type.of(field.type()), (e, c) -> {
            Event last = c.lastEvent();
            return last == null ? null : read.eval(last, c);
        });
    }

    // ------------------------------------------------------------------ aggregate rules

    /** A name in an aggregate rule's expressions: a named aggregate, else the field of the window's last event. */
    private Typed aggregateName(Expression.Name n, Scope scope) {
        String name = n.name().value();
        Typed item = scope.items.get(name);
        if (item != null) {
            return item;
        }
        StreamLayout.Field field = scope.stream.field(name);
        if (field == null) {
            List<String> candidates = new ArrayList<>(scope.items.keySet());
            scope.stream.fields().forEach(f -> candidates.add(f.name()));
            problems.error(n, "unknown name '" + name + "': neither a named aggregate nor a field of stream "
                    + scope.stream.name() + Suggestions.didYouMean(name, candidates));
            return Typed.ERROR;
        }
        int index = field.index();
        scope.fieldsRead.set(index);
        Type type = Type.of(field.type());
        int slot = scope.measureSlot(new Scope.MeasureSpec("last(" + name + ")",
                Measure.of("last(" + name + ")", Measure.Kind.LAST, e -> e.get(index)), type));
        return Typed.of(type, (e, c) -> c.aggregate(slot));
    }

    private void eventOnly(Node at, String name, Scope scope) {
        if (scope.kind == Scope.Kind.FILTER) {
            problems.error(at, "the filter sees one event at a time: " + name + "(...) is an aggregate; use it in "
                    + "'aggregate' or 'when'");
        } else {
            problems.error(at, "aggregates cannot be nested: " + name + "(...) inside the argument of an aggregate");
        }
    }

    /** {@code window_start()}, {@code window_end()}: the bounds of an aggregate rule's window. */
    private Typed windowBound(Expression.Call call, Scope scope) {
        String name = call.function().value();
        if (scope.kind != Scope.Kind.AGGREGATE) {
            problems.error(call, name + "() is the bound of an aggregate rule's window: it is only available in "
                    + "'aggregate', 'when' and the alert of an aggregate rule");
            return Typed.ERROR;
        }
        if (!call.arguments().isEmpty()) {
            problems.error(call, name + " takes no arguments, got " + call.arguments().size());
            return Typed.ERROR;
        }
        boolean start = name.equals("window_start");
        return Typed.of(Type.TIMESTAMP, (e, c) -> start ? ((AggregateContext) c).windowStart() : ((AggregateContext) c).windowEnd());
    }

    /** An aggregate of an aggregate rule: {@code count()}, {@code count(cond)}, {@code sum(e)}, ... over the window. */
    private Typed measure(Expression.Call call, Scope scope) {
        String name = call.function().value();
        List<Expression> args = call.arguments();
        if (name.equals("count") && args.isEmpty()) {
            int slot = scope.measureSlot(new Scope.MeasureSpec("count()", Measure.count("count()"), Type.LONG));
            return Typed.of(Type.LONG, (e, c) -> c.aggregate(slot));
        }
        if ((name.equals("min") || name.equals("max")) && args.size() > 1) {
            problems.error(call, name + " is an aggregate over the window: for the " + (name.equals("min") ? "smaller" : "larger")
                    + " of several values use " + (name.equals("min") ? "least" : "greatest") + "(...)");
            return Typed.ERROR;
        }
        if (args.size() != 1) {
            problems.error(call, name + " takes one argument over the window's events, e.g. " + aggregateExample(name)
                    + ", got " + args.size());
            return Typed.ERROR;
        }
        Typed arg = value(args.get(0), scope.eventOnly(Scope.Kind.MEASURE));
        if (arg.failed()) {
            return Typed.ERROR;
        }
        String text = Formatter.expression(call);
        Eval eval = arg.eval();
        if (name.equals("count")) {
            if (arg.type() != Type.BOOL) {
                problems.error(args.get(0), "count(...) counts the events where a condition holds: the condition must be "
                        + "bool, is " + arg.type() + "; count distinct " + Formatter.expression(args.get(0))
                        + " counts distinct values");
                return Typed.ERROR;
            }
            int slot = scope.measureSlot(new Scope.MeasureSpec(text,
                    Measure.countIf(text, event -> Boolean.TRUE.equals(eval.eval(event, null))), Type.LONG));
            return Typed.of(Type.LONG, (e, c) -> c.aggregate(slot));
        }
        Type type = arg.type();
        Measure.Kind kind = switch (name) {
            case "sum" -> Measure.Kind.SUM;
            case "avg" -> Measure.Kind.AVG;
            case "min" -> Measure.Kind.MIN;
            case "max" -> Measure.Kind.MAX;
            case "first" -> Measure.Kind.FIRST;
            default -> Measure.Kind.LAST;
        };
        Type result = aggregateType(kind, type, call, args.get(0), name);
        if (result == null) {
            return Typed.ERROR;
        }
        int slot = scope.measureSlot(new Scope.MeasureSpec(text, Measure.of(text, kind, event -> eval.eval(event, null)), result));
        return converted(result, slot, false);
    }

    /** The type of an aggregate over values of {@code type}, or null (reported) when it does not apply. */
    private Type aggregateType(Measure.Kind kind, Type type, Node at, Expression arg, String name) {
        if (type == Type.NULL) {
            problems.error(arg, name + " over null: aggregate a field or an expression with a type");
            return null;
        }
        return switch (kind) {
            case SUM, AVG -> {
                if (!type.isNumeric()) {
                    problems.error(arg, name + " needs a number; " + Formatter.expression(arg) + " is " + type);
                    yield null;
                }
                yield kind == Measure.Kind.AVG && type == Type.LONG ? Type.DOUBLE : type;
            }
            case MIN, MAX -> {
                if (!type.isOrdered()) {
                    problems.error(arg, name + " needs an ordered value; " + Formatter.expression(arg) + " is " + type);
                    yield null;
                }
                yield type;
            }
            default -> type;
        };
    }

    /** Reads slot {@code slot} (a measure, or a baseline) converted to {@code result}. */
    private static Typed converted(Type result, int slot, boolean baseline) {
        if (result == Type.DOUBLE || result == Type.DECIMAL) {
            return Typed.of(result, (e, c) -> {
                Object v = baseline ? c.baseline(slot) : c.aggregate(slot);
                return v == null ? null : Values.convert(v, result);
            });
        }
        return Typed.of(result, baseline ? (e, c) -> c.baseline(slot) : (e, c) -> c.aggregate(slot));
    }

    private static String aggregateExample(String name) {
        return switch (name) {
            case "count" -> "count() or count(status == \"failed\")";
            default -> name + "(amount)";
        };
    }

    /** {@code count distinct e}: distinct non-null values of {@code e} in an aggregate rule's window. */
    private Typed countDistinct(Expression.CountDistinct d, Scope scope) {
        if (!d.function().value().equals("count")) {
            problems.error(d.function(), "only count takes 'distinct': write count distinct " + Formatter.expression(d.value()));
            return Typed.ERROR;
        }
        if (scope.kind != Scope.Kind.AGGREGATE) {
            if (scope.kind == Scope.Kind.FILTER || scope.kind == Scope.Kind.MEASURE) {
                eventOnly(d, "count distinct", scope);
            } else {
                problems.error(d, "count distinct is an aggregate over an aggregate rule's window: use it in 'aggregate', "
                        + "'when' or the alert of an aggregate rule");
            }
            return Typed.ERROR;
        }
        Typed arg = value(d.value(), scope.eventOnly(Scope.Kind.MEASURE));
        if (arg.failed()) {
            return Typed.ERROR;
        }
        if (arg.type() == Type.NULL) {
            problems.error(d.value(), "count distinct over null: count the distinct values of a field or an expression with a type");
            return Typed.ERROR;
        }
        if (arg.type() == Type.DOUBLE) {
            problems.error(d.value(), "count distinct cannot compare double values exactly (0.1 + 0.2 != 0.3): count a "
                    + "long, decimal or string instead, e.g. declare the field decimal");
            return Typed.ERROR;
        }
        Eval eval = arg.eval();
        Function<Event, Object> value = arg.type() == Type.DECIMAL
                ? event -> {
                    Object v = eval.eval(event, null);
                    return v == null ? null : Values.toDecimal(v).stripTrailingZeros();
                }
                : event -> eval.eval(event, null);
        String text = Formatter.expression(d);
        int slot = scope.measureSlot(new Scope.MeasureSpec(text, Measure.of(text, Measure.Kind.COUNT_DISTINCT, value), Type.LONG));
        return Typed.of(Type.LONG, (e, c) -> c.aggregate(slot));
    }

    /**
     * {@code f(e) over last D}: the partition key's rolling aggregate as of the event being evaluated
     * (excluding it), one engine {@link Baseline} per distinct expression and stream.
     */
    private Typed baseline(Expression.Baseline b, Scope scope) {
        String name = b.call().function().value();
        if (scope.union != null) {
            problems.error(b, "a baseline (" + name + "(...) over last " + b.window().text() + ") is kept per stream: it "
                    + "is not available in a rule that reads several streams (" + scope.union.common().name() + ")");
            return Typed.ERROR;
        }
        if (scope.baselines == null) {
            problems.error(b, "a baseline (" + name + "(...) over last " + b.window().text() + ") is read as of the event "
                    + "being tested: it is only available in a step's condition and in 'when'");
            return Typed.ERROR;
        }
        List<Expression> args = b.call().arguments();
        Measure.Kind kind = switch (name) {
            case "count" -> Measure.Kind.COUNT;
            case "sum" -> Measure.Kind.SUM;
            case "avg" -> Measure.Kind.AVG;
            case "min" -> Measure.Kind.MIN;
            case "max" -> Measure.Kind.MAX;
            default -> null;
        };
        if (kind == null) {
            problems.error(b.call().function(), "a baseline is count, sum, avg, min or max over last D, not " + name
                    + Suggestions.didYouMean(name, List.of("count", "sum", "avg", "min", "max")));
            return Typed.ERROR;
        }
        if (b.window().millis() < Baseline.DEFAULT_BUCKETS) {
            problems.error(b.window(), "a baseline's window is kept in " + Baseline.DEFAULT_BUCKETS + " buckets: it must be at least "
                    + Baseline.DEFAULT_BUCKETS + "ms");
            return Typed.ERROR;
        }
        String text = Formatter.expression(b);
        Duration window = Duration.ofMillis(b.window().millis());
        if (kind == Measure.Kind.COUNT && args.isEmpty()) {
            int slot = scope.baselines.slot(new Baseline(text, Measure.Kind.COUNT, null, window, Baseline.DEFAULT_BUCKETS), Type.LONG);
            return Typed.of(Type.LONG, (e, c) -> c.baseline(slot));
        }
        if (args.size() != 1) {
            problems.error(b.call(), name + " takes one argument, e.g. " + aggregateExample(name) + " over last 30d, got " + args.size());
            return Typed.ERROR;
        }
        Typed arg = value(args.get(0), scope.eventOnly(Scope.Kind.MEASURE));
        if (arg.failed()) {
            return Typed.ERROR;
        }
        Eval eval = arg.eval();
        if (kind == Measure.Kind.COUNT) {
            if (arg.type() != Type.BOOL) {
                problems.error(args.get(0), "count(...) counts the events where a condition holds: the condition must be bool, is "
                        + arg.type());
                return Typed.ERROR;
            }
            // counted as a sum of 1s and 0s; a sum over no event is null, a count 0
            int slot = scope.baselines.slot(new Baseline(text, Measure.Kind.SUM,
                    event -> Boolean.TRUE.equals(eval.eval(event, null)) ? 1L : 0L, window, Baseline.DEFAULT_BUCKETS), Type.LONG);
            return Typed.of(Type.LONG, (e, c) -> {
                Object v = c.baseline(slot);
                return v == null ? 0L : v;
            });
        }
        Type result = aggregateType(kind, arg.type(), b, args.get(0), name);
        if (result == null) {
            return Typed.ERROR;
        }
        int slot = scope.baselines.slot(new Baseline(text, kind, event -> eval.eval(event, null), window, Baseline.DEFAULT_BUCKETS),
                result);
        return converted(result, slot, true);
    }

    // ------------------------------------------------------------------ operators

    private Typed negate(Expression.Negate n, Scope scope) {
        Typed operand = value(n.operand(), scope);
        if (operand.failed()) {
            return Typed.ERROR;
        }
        Type t = operand.type();
        if (!t.isNumeric() && t != Type.DURATION && t != Type.NULL) {
            problems.error(n, "operator - cannot be applied to " + t);
            return Typed.ERROR;
        }
        Eval eval = operand.eval();
        return Typed.of(t, (e, c) -> {
            Object v = eval.eval(e, c);
            if (v == null) {
                return null;
            }
            return switch (t) {
                case DOUBLE -> -Values.toDouble(v);
                case DECIMAL -> Values.toDecimal(v).negate();
                default -> Math.negateExact(Values.toLong(v));
            };
        });
    }

    private Typed not(Expression.Not n, Scope scope) {
        Typed operand = bool(n.operand(), scope, "operand of 'not'");
        if (operand.failed()) {
            return Typed.ERROR;
        }
        Eval eval = operand.eval();
        return Typed.of(Type.BOOL, (e, c) -> {
            Object v = eval.eval(e, c);
            return v == null ? null : !(Boolean) v;
        });
    }

    private Typed bool(Expression e, Scope scope, String what) {
        Typed t = value(e, scope);
        if (!t.failed() && t.type() != Type.BOOL && t.type() != Type.NULL) {
            problems.error(e, what + " must be bool, is " + describe(t));
            return Typed.ERROR;
        }
        return t;
    }

    /** Compiles an operand that must be a value (not an event). */
    private Typed value(Expression e, Scope scope) {
        Typed t = compile(e, scope);
        if (t.type() == Type.EVENT) {
            problems.error(e, "an event is not a value: use a field, e.g. " + t.step() + ".<field>");
            return Typed.ERROR;
        }
        return t;
    }

    private static String describe(Typed t) {
        return t.type() == Type.EVENT ? "an event" : t.type().toString();
    }

    private Typed logical(Expression.Binary b, Scope scope) {
        String what = "operand of '" + b.operator().symbol() + "'";
        Typed left = bool(b.left(), scope, what);
        Typed right = bool(b.right(), scope, what);
        if (left.failed() || right.failed()) {
            return Typed.ERROR;
        }
        Eval l = left.eval();
        Eval r = right.eval();
        // three-valued logic: false decides an 'and', true decides an 'or'; otherwise null wins
        Boolean decides = b.operator() == Operator.AND ? Boolean.FALSE : Boolean.TRUE;
        Boolean otherwise = !decides;
        return Typed.of(Type.BOOL, (e, c) -> {
            Object x = l.eval(e, c);
            if (decides.equals(x)) {
                return decides;
            }
            Object y = r.eval(e, c);
            if (decides.equals(y)) {
                return decides;
            }
            return x == null || y == null ? null : otherwise;
        });
    }

    private Typed comparison(Expression.Binary b, Scope scope) {
        Typed left = value(b.left(), scope);
        Typed right = value(b.right(), scope);
        if (left.failed() || right.failed()) {
            return Typed.ERROR;
        }
        Type type = Type.common(left.type(), right.type());
        if (type == null) {
            problems.error(b, "cannot compare " + left.type() + " with " + right.type() + hint(left.type(), right.type()));
            return Typed.ERROR;
        }
        Operator op = b.operator();
        if (left.type() == Type.NULL || right.type() == Type.NULL) {
            problems.warning(b, "a comparison with null is never true: write 'is null' or 'is not null'");
        }
        boolean equality = op == Operator.EQUAL || op == Operator.NOT_EQUAL;
        if (!equality && type != Type.NULL && !type.isOrdered()) {
            problems.error(b, "operator " + op.symbol() + " cannot compare " + type + " values; only == and != can");
            return Typed.ERROR;
        }
        Eval l = left.eval();
        Eval r = right.eval();
        Type t = type == Type.NULL ? Type.LONG : type;
        return Typed.of(Type.BOOL, strict(l, r, (x, y) -> {
            int cmp = Values.compare(t, x, y);
            return switch (op) {
                case EQUAL -> cmp == 0;
                case NOT_EQUAL -> cmp != 0;
                case LESS -> cmp < 0;
                case LESS_OR_EQUAL -> cmp <= 0;
                case GREATER -> cmp > 0;
                default -> cmp >= 0;
            };
        }));
    }

    /** A binary operator with SQL null semantics: null if either operand is null (the right one is not evaluated then). */
    private static Eval strict(Eval l, Eval r, java.util.function.BinaryOperator<Object> op) {
        return (e, c) -> {
            Object x = l.eval(e, c);
            if (x == null) {
                return null;
            }
            Object y = r.eval(e, c);
            return y == null ? null : op.apply(x, y);
        };
    }

    private static String hint(Type a, Type b) {
        if ((a == Type.TIMESTAMP && b == Type.DURATION) || (a == Type.DURATION && b == Type.TIMESTAMP)) {
            return " (the difference of two timestamps is a duration: e.g. big.ts - first(probe).ts < 2m)";
        }
        if ((a == Type.STRING && b.isNumeric()) || (b == Type.STRING && a.isNumeric())) {
            return " (declare the field with the type of its values, or compare with a literal of that type)";
        }
        return "";
    }

    private Typed arithmetic(Expression.Binary b, Scope scope) {
        Typed left = value(b.left(), scope);
        Typed right = value(b.right(), scope);
        if (left.failed() || right.failed()) {
            return Typed.ERROR;
        }
        Operator op = b.operator();
        Type lt = left.type();
        Type rt = right.type();
        Type result = arithmeticResult(op, lt, rt);
        if (result == null) {
            String hint = lt == Type.STRING && rt == Type.STRING && op == Operator.ADD ? "; join strings with concat(a, b)" : "";
            problems.error(b, "operator " + op.symbol() + " cannot be applied to " + lt + " and " + rt + hint);
            return Typed.ERROR;
        }
        Type computeIn = result.isNumeric() ? result : Type.LONG;
        Eval l = left.eval();
        Eval r = right.eval();
        return Typed.of(result, strict(l, r, (x, y) -> Values.arithmetic(op, computeIn, x, y)));
    }

    private static Type arithmeticResult(Operator op, Type a, Type b) {
        if (a == Type.NULL && b == Type.NULL) {
            return Type.LONG;
        }
        if (a == Type.NULL) {
            a = b;
        }
        if (b == Type.NULL) {
            b = a;
        }
        if (a.isNumeric() && b.isNumeric()) {
            return Type.widen(a, b);
        }
        return switch (op) {
            case ADD -> a == Type.TIMESTAMP && b == Type.DURATION || a == Type.DURATION && b == Type.TIMESTAMP ? Type.TIMESTAMP
                    : a == Type.DURATION && b == Type.DURATION ? Type.DURATION : null;
            case SUBTRACT -> a == Type.TIMESTAMP && b == Type.TIMESTAMP ? Type.DURATION
                    : a == Type.TIMESTAMP && b == Type.DURATION ? Type.TIMESTAMP
                    : a == Type.DURATION && b == Type.DURATION ? Type.DURATION : null;
            case MULTIPLY -> a == Type.DURATION && b == Type.LONG || a == Type.LONG && b == Type.DURATION ? Type.DURATION : null;
            case DIVIDE -> a == Type.DURATION && b == Type.LONG ? Type.DURATION : null;
            default -> null;
        };
    }

    // ------------------------------------------------------------------ predicates

    private Typed inList(Expression.InList in, Scope scope) {
        Typed value = value(in.value(), scope);
        List<Typed> items = in.list().stream().map(x -> value(x, scope)).toList();
        if (value.failed() || items.stream().anyMatch(Typed::failed)) {
            return Typed.ERROR;
        }
        Type type = value.type();
        for (int i = 0; i < items.size(); i++) {
            Type common = Type.common(type, items.get(i).type());
            if (common == null) {
                problems.error(in.list().get(i), "cannot compare " + value.type() + " with " + items.get(i).type()
                        + " in the list of 'in'");
                return Typed.ERROR;
            }
            type = common;
        }
        Type t = type == Type.NULL ? Type.LONG : type;
        Eval v = value.eval();
        Eval[] list = items.stream().map(Typed::eval).toArray(Eval[]::new);
        boolean negated = in.negated();
        return Typed.of(Type.BOOL, (e, c) -> {
            Object x = v.eval(e, c);
            if (x == null) {
                return null;
            }
            boolean sawNull = false;
            for (Eval item : list) {
                Object y = item.eval(e, c);
                if (y == null) {
                    sawNull = true;
                } else if (Values.compare(t, x, y) == 0) {
                    return !negated;
                }
            }
            return sawNull ? null : negated;
        });
    }

    private Typed like(Expression.Like like, Scope scope) {
        java.util.regex.Pattern regex = constantPattern(like.pattern(), "like", p -> java.util.regex.Pattern.compile(likeToRegex(p),
                java.util.regex.Pattern.DOTALL));
        return stringTest(like.value(), regex, like.negated(), "like", scope);
    }

    private Typed matches(Expression.Matches m, Scope scope) {
        java.util.regex.Pattern regex = constantPattern(m.pattern(), "matches", java.util.regex.Pattern::compile);
        return stringTest(m.value(), regex, m.negated(), "matches", scope);
    }

    private java.util.regex.Pattern constantPattern(Expression pattern, String operator,
            java.util.function.Function<String, java.util.regex.Pattern> compile) {
        Expression p = pattern;
        while (p instanceof Expression.Parenthesized paren) {
            p = paren.expression();
        }
        if (!(p instanceof Expression.StringLiteral s)) {
            problems.error(pattern, "the pattern of '" + operator + "' must be a string literal");
            return null;
        }
        try {
            return compile.apply(s.value());
        } catch (PatternSyntaxException e) {
            problems.error(pattern, "invalid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
            return null;
        }
    }

    private Typed stringTest(Expression valueExpression, java.util.regex.Pattern regex, boolean negated, String operator,
            Scope scope) {
        Typed value = value(valueExpression, scope);
        if (value.failed() || regex == null) {
            return Typed.ERROR;
        }
        if (value.type() != Type.STRING && value.type() != Type.NULL) {
            problems.error(valueExpression, "'" + operator + "' applies to strings, not " + value.type());
            return Typed.ERROR;
        }
        Eval v = value.eval();
        return Typed.of(Type.BOOL, (e, c) -> {
            Object x = v.eval(e, c);
            return x == null ? null : regex.matcher((String) x).matches() != negated;
        });
    }

    /** SQL LIKE to a Java regex: {@code %} any run, {@code _} one character, {@code \} escapes. */
    static String likeToRegex(String like) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length()) {
                out.append(java.util.regex.Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                out.append(".*");
            } else if (c == '_') {
                out.append('.');
            } else {
                out.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }

    private Typed isNull(Expression.IsNull n, Scope scope) {
        Typed value = value(n.value(), scope);
        if (value.failed()) {
            return Typed.ERROR;
        }
        Eval v = value.eval();
        boolean negated = n.negated();
        return Typed.of(Type.BOOL, (e, c) -> (v.eval(e, c) == null) != negated);
    }
}
