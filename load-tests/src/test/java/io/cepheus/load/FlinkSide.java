package io.cepheus.load;

import io.cepheus.core.pattern.Contiguity;
import io.cepheus.core.pattern.Quantifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.cep.nfa.NFA;
import org.apache.flink.cep.nfa.NFAState;
import org.apache.flink.cep.nfa.State;
import org.apache.flink.cep.nfa.StateTransition;
import org.apache.flink.cep.nfa.StateTransitionAction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.nfa.sharedbuffer.SharedBuffer;
import org.apache.flink.cep.nfa.sharedbuffer.SharedBufferAccessor;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.WithinType;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;

/**
 * Runs a {@link DiffCase} through Flink CEP's own {@link NFA}, driven as Flink's {@code CepOperator}
 * drives it: events wait for the watermark; when it passes them they are processed in (timestamp,
 * arrival) order, each key's time advanced to an event's timestamp before its events of that
 * timestamp; after each watermark every key with state advances to the watermark; the input ends
 * with the watermark {@code Long.MAX_VALUE}. Late events (at or behind the watermark) are dropped.
 */
final class FlinkSide {

    /**
     * Flink's NFA follows PROCEED edges without remembering the states it visited, so a cycle of
     * them (a looping group whose body can be left without taking an event) makes it loop forever
     * on the first event that enables the cycle. Such a pattern is counted as one Flink cannot run.
     */
    static final String PROCEED_CYCLE = "Flink's NFA has a cycle of PROCEED edges and would loop forever";

    private FlinkSide() {}

    private static boolean hasProceedCycle(NFA<DiffEvent> nfa) {
        Map<State<DiffEvent>, Integer> marks = new java.util.IdentityHashMap<>();
        for (State<DiffEvent> s : nfa.getStates()) {
            if (cycleFrom(s, marks)) {
                return true;
            }
        }
        return false;
    }

    /** Depth first: 1 on the path, 2 done. */
    private static boolean cycleFrom(State<DiffEvent> s, Map<State<DiffEvent>, Integer> marks) {
        if (s == null) {
            return false;
        }
        Integer mark = marks.get(s);
        if (mark != null) {
            return mark == 1;
        }
        marks.put(s, 1);
        for (StateTransition<DiffEvent> t : s.getStateTransitions()) {
            if (t.getAction() == StateTransitionAction.PROCEED && cycleFrom(t.getTargetState(), marks)) {
                return true;
            }
        }
        marks.put(s, 2);
        return false;
    }

    static DiffOutcome run(DiffCase c) {
        Pattern<DiffEvent, ?> pattern;
        NFA<DiffEvent> nfa;
        try {
            pattern = pattern(c);
            nfa = NFACompiler.compileFactory(pattern, c.timeouts()).createNFA();
        } catch (RuntimeException e) {
            return DiffOutcome.rejected(e.getMessage());
        } catch (StackOverflowError e) {
            return DiffOutcome.rejected(PROCEED_CYCLE); // its compiler copies states through the same cycle
        }
        if (hasProceedCycle(nfa)) {
            return DiffOutcome.rejected(PROCEED_CYCLE);
        }
        DiffOutcome outcome = DiffOutcome.accepted();
        List<String> steps = c.steps().stream().map(DiffCase.StepElem::name).toList();
        KeySwitchingStateStore store = new KeySwitchingStateStore();
        SharedBuffer<DiffEvent> buffer = new SharedBuffer<>(store,
                TypeInformation.of(DiffEvent.class).createSerializer(new SerializerConfigImpl()));
        AfterMatchSkipStrategy skip = pattern.getAfterMatchSkipStrategy();
        Map<String, NFAState> states = new LinkedHashMap<>();
        Map<String, Long> advanced = new HashMap<>();
        List<DiffEvent> waiting = new ArrayList<>();
        long maxTs = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        try {
            for (DiffCase.Ev e : c.events()) {
                if (e.ts() <= watermark) {
                    continue; // late
                }
                waiting.add(new DiffEvent(e));
                maxTs = Math.max(maxTs, e.ts());
                if (maxTs - c.lateness() - 1 > watermark) {
                    watermark = maxTs - c.lateness() - 1;
                    onWatermark(watermark, waiting, nfa, buffer, store, skip, states, advanced, steps, outcome);
                }
            }
            onWatermark(Long.MAX_VALUE, waiting, nfa, buffer, store, skip, states, advanced, steps, outcome);
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            outcome.error(e.getMessage() + (root != e ? " (" + root.getClass().getSimpleName() + ")" : ""));
        } finally {
            buffer.releaseCacheStatisticsTimer();
        }
        return outcome;
    }

    @SuppressWarnings("try") // Flink's accessor declares close() throws Exception
    private static void onWatermark(long watermark, List<DiffEvent> waiting, NFA<DiffEvent> nfa,
                                    SharedBuffer<DiffEvent> buffer, KeySwitchingStateStore store,
                                    AfterMatchSkipStrategy skip, Map<String, NFAState> states,
                                    Map<String, Long> advanced, List<String> steps, DiffOutcome outcome) throws Exception {
        List<DiffEvent> due = new ArrayList<>();
        for (DiffEvent e : waiting) {
            if (e.ts <= watermark) {
                due.add(e);
            }
        }
        waiting.removeAll(due);
        due.sort(Comparator.comparingLong(e -> e.ts)); // stable: arrival order among ties
        for (DiffEvent e : due) {
            store.setCurrentKey(e.key);
            NFAState state = states.computeIfAbsent(e.key, k -> nfa.createInitialNFAState());
            try (SharedBufferAccessor<DiffEvent> accessor = buffer.getAccessor()) {
                Long last = advanced.get(e.key);
                if (last == null || last != e.ts) {
                    advanced.put(e.key, e.ts);
                    record(nfa.advanceTime(accessor, state, e.ts, skip), e.key, steps, outcome);
                }
                for (Map<String, List<DiffEvent>> m : nfa.process(accessor, state, e, e.ts, skip, () -> 0L)) {
                    outcome.result(e.key, binding(m, steps));
                }
            }
        }
        for (Map.Entry<String, NFAState> entry : states.entrySet()) {
            store.setCurrentKey(entry.getKey());
            try (SharedBufferAccessor<DiffEvent> accessor = buffer.getAccessor()) {
                advanced.put(entry.getKey(), watermark);
                record(nfa.advanceTime(accessor, entry.getValue(), watermark, skip), entry.getKey(), steps, outcome);
            }
        }
    }

    private static void record(Tuple2<Collection<Map<String, List<DiffEvent>>>, Collection<Tuple2<Map<String, List<DiffEvent>>, Long>>> r,
                               String key, List<String> steps, DiffOutcome outcome) {
        for (Map<String, List<DiffEvent>> m : r.f0) {
            outcome.result(key, binding(m, steps));
        }
        for (Tuple2<Map<String, List<DiffEvent>>, Long> t : r.f1) {
            outcome.timeout(key, binding(t.f0, steps), t.f1);
        }
    }

    static String binding(Map<String, List<DiffEvent>> m, List<String> steps) {
        StringBuilder b = new StringBuilder("{");
        for (String step : steps) {
            List<DiffEvent> events = m.get(step);
            if (events == null || events.isEmpty()) {
                continue;
            }
            b.append(b.length() > 1 ? "," : "").append(step).append(":[");
            for (int i = 0; i < events.size(); i++) {
                b.append(i == 0 ? "" : ",").append(events.get(i).line);
            }
            b.append(']');
        }
        return b.append('}').toString();
    }

    // ------------------------------------------------------------------ the pattern in Flink's API

    static Pattern<DiffEvent, ?> pattern(DiffCase c) {
        AfterMatchSkipStrategy skip = switch (c.skip()) {
            case NO_SKIP -> AfterMatchSkipStrategy.noSkip();
            case SKIP_TO_NEXT -> AfterMatchSkipStrategy.skipToNext();
            case SKIP_PAST_LAST_EVENT -> AfterMatchSkipStrategy.skipPastLastEvent();
            case SKIP_TO_FIRST -> c.failOnMiss() ? AfterMatchSkipStrategy.skipToFirst(c.skipStep()).throwExceptionOnMiss()
                    : AfterMatchSkipStrategy.skipToFirst(c.skipStep());
            case SKIP_TO_LAST -> c.failOnMiss() ? AfterMatchSkipStrategy.skipToLast(c.skipStep()).throwExceptionOnMiss()
                    : AfterMatchSkipStrategy.skipToLast(c.skipStep());
        };
        Pattern<DiffEvent, ?> p = sequence(c.parts(), skip);
        return c.within() > 0 ? p.within(Duration.ofMillis(c.within())) : p;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Pattern<DiffEvent, ?> sequence(List<DiffCase.Part> parts, AfterMatchSkipStrategy skip) {
        Pattern<DiffEvent, DiffEvent> p = null;
        for (int i = 0; i < parts.size(); i++) {
            DiffCase.Part part = parts.get(i);
            switch (part.elem()) {
                case DiffCase.StepElem s -> {
                    String n = s.name();
                    p = i == 0 ? Pattern.<DiffEvent>begin(n, skip) : switch (part.connector()) {
                        case NEXT -> p.next(n);
                        case FOLLOWED_BY -> p.followedBy(n);
                        case FOLLOWED_BY_ANY -> p.followedByAny(n);
                        case NOT_NEXT -> p.notNext(n);
                        case NOT_FOLLOWED_BY -> p.notFollowedBy(n);
                    };
                    p = p.where(new Cond(s.condition()));
                    if (part.within() > 0) {
                        p = p.within(Duration.ofMillis(part.within()), WithinType.PREVIOUS_AND_CURRENT);
                    }
                    p = quantified(p, s.quantifier());
                    if (s.until() != null) {
                        p = p.until(new Cond(s.until()));
                    }
                }
                case DiffCase.GroupElem g -> {
                    Pattern body = sequence(g.body(), AfterMatchSkipStrategy.noSkip());
                    p = i == 0 ? (Pattern) Pattern.begin(body, skip) : switch (part.connector()) {
                        case NEXT -> (Pattern) p.next(body);
                        case FOLLOWED_BY -> (Pattern) p.followedBy(body);
                        case FOLLOWED_BY_ANY -> (Pattern) p.followedByAny(body);
                        default -> throw new IllegalArgumentException("a group cannot be negated");
                    };
                    p = quantified(p, g.quantifier());
                }
            }
        }
        return p;
    }

    private static Pattern<DiffEvent, DiffEvent> quantified(Pattern<DiffEvent, DiffEvent> p, Quantifier q) {
        if (q.max() == Quantifier.UNBOUNDED) {
            p = q.min() == 1 ? p.oneOrMore() : p.timesOrMore(q.min());
        } else if (q.max() > 1) {
            p = q.min() == q.max() ? p.times(q.min()) : p.times(q.min(), q.max());
        }
        if (q.optional()) {
            p = p.optional();
        }
        if (q.greedy()) {
            p = p.greedy();
        }
        if (q.inner() == Contiguity.STRICT) {
            p = p.consecutive();
        } else if (q.inner() == Contiguity.NON_DETERMINISTIC) {
            p = p.allowCombinations();
        }
        return p;
    }

    /** A {@link DiffExpr} read through Flink's context: aggregates computed from the events bound so far. */
    static final class Cond extends IterativeCondition<DiffEvent> {
        private static final long serialVersionUID = 1L;
        private final DiffExpr expr;

        Cond(DiffExpr expr) {
            this.expr = expr;
        }

        @Override
        public boolean filter(DiffEvent e, Context<DiffEvent> ctx) throws Exception {
            Map<DiffExpr.AggRef, Long> values = new HashMap<>();
            List<DiffExpr.AggRef> refs = new ArrayList<>();
            expr.collect(refs);
            for (DiffExpr.AggRef ref : refs) {
                values.put(ref, aggregate(ref, ctx.getEventsForPattern(ref.step())));
            }
            return expr.holds(e.type, e.v, values::get);
        }

        private static Long aggregate(DiffExpr.AggRef ref, Iterable<DiffEvent> events) {
            if (ref.offset() > 0) {
                List<DiffEvent> list = new ArrayList<>();
                events.forEach(list::add);
                int index = ref.kind() == DiffExpr.AggKind.FIRST ? ref.offset() : list.size() - 1 - ref.offset();
                return index >= 0 && index < list.size() ? list.get(index).v : null;
            }
            Long result = ref.kind() == DiffExpr.AggKind.COUNT ? 0L : null;
            for (DiffEvent x : events) {
                result = switch (ref.kind()) {
                    case COUNT -> result + 1;
                    case SUM -> result == null ? x.v : result + x.v;
                    case FIRST -> result == null ? x.v : result;
                    case LAST -> x.v;
                    case MIN -> result == null ? x.v : Math.min(result, x.v);
                    case MAX -> result == null ? x.v : Math.max(result, x.v);
                };
            }
            return result;
        }
    }
}
