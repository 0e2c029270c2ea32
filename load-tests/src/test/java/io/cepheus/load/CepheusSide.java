package io.cepheus.load;

import io.cepheus.core.CepEngine;
import io.cepheus.core.EngineOutput;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.MatchKind;
import io.cepheus.core.Rule;
import io.cepheus.core.RuleId;
import io.cepheus.core.pattern.AfterMatchSkip;
import io.cepheus.core.pattern.Aggregate;
import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Group;
import io.cepheus.core.pattern.MatchContext;
import io.cepheus.core.pattern.Pattern;
import io.cepheus.core.pattern.Sequence;
import io.cepheus.core.pattern.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs a {@link DiffCase} through Cepheus's {@link CepEngine}: the case's pattern as a core {@link Rule}. */
final class CepheusSide {

    static final int TYPE = 0;
    static final int V = 1;

    private CepheusSide() {}

    static DiffOutcome run(DiffCase c) {
        Rule rule;
        try {
            rule = rule(c);
            rule.validate();
        } catch (IllegalArgumentException e) {
            return DiffOutcome.rejected(e.getMessage());
        }
        DiffOutcome outcome = DiffOutcome.accepted();
        List<String> steps = c.steps().stream().map(DiffCase.StepElem::name).toList();
        EngineOutput output = new EngineOutput() {
            @Override
            public void onMatch(Match m) {
                String binding = binding(m, steps);
                if (m.kind() == MatchKind.TIMEOUT) {
                    outcome.timeout(m.key(), binding, m.timestamp());
                } else {
                    outcome.result(m.key(), binding);
                }
            }

            @Override
            public void onRuleError(RuleId id, String key, RuntimeException error) {
                outcome.error(error.getMessage());
            }

            @Override
            public void onPartialMatchesDropped(RuleId id, long version, String key, int count) {
                outcome.capped = true;
            }
        };
        try (CepEngine engine = CepEngine.builder().rule(rule).output(output).build()) {
            long maxTs = Long.MIN_VALUE;
            long watermark = Long.MIN_VALUE;
            for (DiffCase.Ev e : c.events()) {
                engine.process(e.key(), Event.of(e.line(), e.ts(), e.type(), e.v()));
                maxTs = Math.max(maxTs, e.ts());
                if (maxTs - c.lateness() - 1 > watermark) {
                    watermark = maxTs - c.lateness() - 1;
                    engine.advanceWatermark(watermark);
                }
            }
            engine.advanceWatermark(Long.MAX_VALUE - 1);
        }
        return outcome;
    }

    static String binding(Match m, List<String> steps) {
        StringBuilder b = new StringBuilder("{");
        for (String step : steps) {
            List<Event> events = m.events(step);
            if (events.isEmpty()) {
                continue;
            }
            b.append(b.length() > 1 ? "," : "").append(step).append(":[");
            for (int i = 0; i < events.size(); i++) {
                b.append(i == 0 ? "" : ",").append(events.get(i).id());
            }
            b.append(']');
        }
        return b.append('}').toString();
    }

    /** The case's pattern as a core rule. @throws IllegalArgumentException if the model refuses it */
    static Rule rule(DiffCase c) {
        List<DiffExpr.AggRef> refs = new ArrayList<>();
        for (DiffCase.StepElem s : c.steps()) {
            s.condition().collect(refs);
            if (s.until() != null) {
                s.until().collect(refs);
            }
        }
        Map<DiffExpr.AggRef, Integer> slots = new HashMap<>();
        List<Aggregate> aggregates = new ArrayList<>();
        for (DiffExpr.AggRef ref : refs) {
            if (ref.offset() > 0) {
                continue; // read through the context, not kept as an aggregate
            }
            slots.put(ref, aggregates.size());
            aggregates.add(switch (ref.kind()) {
                case COUNT -> Aggregate.count(ref.step());
                case FIRST -> Aggregate.first(ref.step());
                case LAST -> Aggregate.last(ref.step());
                case SUM -> Aggregate.of(ref.step(), Aggregate.Kind.SUM, V);
                case MIN -> Aggregate.of(ref.step(), Aggregate.Kind.MIN, V);
                case MAX -> Aggregate.of(ref.step(), Aggregate.Kind.MAX, V);
            });
        }
        AfterMatchSkip skip = switch (c.skip()) {
            case NO_SKIP -> AfterMatchSkip.noSkip();
            case SKIP_TO_NEXT -> AfterMatchSkip.skipToNext();
            case SKIP_PAST_LAST_EVENT -> AfterMatchSkip.skipPastLastEvent();
            case SKIP_TO_FIRST -> new AfterMatchSkip.SkipToFirst(c.skipStep(), c.failOnMiss());
            case SKIP_TO_LAST -> new AfterMatchSkip.SkipToLast(c.skipStep(), c.failOnMiss());
        };
        Duration within = c.within() > 0 ? Duration.ofMillis(c.within()) : null;
        return new Rule(RuleId.of("r"), sequence(c.parts(), slots), within, skip, c.timeouts(), aggregates);
    }

    private static Pattern sequence(List<DiffCase.Part> parts, Map<DiffExpr.AggRef, Integer> slots) {
        List<Sequence.Part> list = new ArrayList<>();
        for (DiffCase.Part p : parts) {
            Pattern pattern = switch (p.elem()) {
                case DiffCase.StepElem s -> new Step(s.name(), condition(s.condition(), slots), s.quantifier(),
                        s.until() == null ? null : condition(s.until(), slots));
                case DiffCase.GroupElem g -> new Group(sequence(g.body(), slots), g.quantifier());
            };
            list.add(new Sequence.Part(p.connector(), pattern, p.within() > 0 ? Duration.ofMillis(p.within()) : null));
        }
        return new Sequence(list);
    }

    /** Top-level conjuncts become core {@code And}s, a single type test a {@code FieldEquals} (so the engine's index and guards are exercised). */
    private static Condition condition(DiffExpr e, Map<DiffExpr.AggRef, Integer> slots) {
        if (e instanceof DiffExpr.And and) {
            return condition(and.left(), slots).and(condition(and.right(), slots));
        }
        if (e instanceof DiffExpr.TypeIs t && t.types().size() == 1) {
            return Condition.fieldEquals(TYPE, t.types().get(0));
        }
        List<DiffExpr.AggRef> refs = new ArrayList<>();
        e.collect(refs);
        return new ExprCondition(e, refs.isEmpty() ? Map.of() : Map.copyOf(slots), !refs.isEmpty());
    }

    /** A {@link DiffExpr} read through the engine's incremental aggregates, and its events by offset. */
    record ExprCondition(DiffExpr expr, Map<DiffExpr.AggRef, Integer> slots, boolean readsContext) implements Condition {
        @Override
        public boolean test(Event event, MatchContext context) {
            return expr.holds(event.getString(TYPE), event.getLong(V), ref -> ref.offset() == 0
                    ? value(context.aggregate(slots.get(ref)))
                    : value(ref.kind() == DiffExpr.AggKind.FIRST ? context.eventFromFirst(ref.step(), ref.offset())
                            : context.eventFromLast(ref.step(), ref.offset())));
        }

        private static Long value(Object aggregate) {
            return switch (aggregate) {
                case null -> null;
                case Event e -> e.getLong(V);
                case Number n -> n.longValue();
                default -> throw new IllegalStateException("unexpected aggregate " + aggregate);
            };
        }
    }
}
