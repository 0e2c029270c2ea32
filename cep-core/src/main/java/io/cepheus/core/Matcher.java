package io.cepheus.core;

import io.cepheus.core.NfaState.Action;
import io.cepheus.core.NfaState.Edge;
import io.cepheus.core.pattern.AfterMatchSkip;
import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.MatchContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs compiled programs: advances the partial matches of one rule and key by one event, or by
 * time. Holds scratch space only, so one matcher serves every rule and key of an engine; not
 * thread-safe.
 *
 * <p>Design note (after FlinkCEP's {@code NFA}). For each partial match and event, the edges
 * enabled by the event are collected from the match's state, following PROCEED edges through to
 * the states behind them (depth first, each state once). IGNORE keeps the bound events and moves
 * to the edge's target (never for the start computation); TAKE binds the event to the edge's
 * source step. A partial match whose event leads into a STOP state is discarded with every branch
 * that event created; FINAL states are completed matches. A new partial match may start on every
 * event. Windows are half-open: at time {@code t}, partial matches with {@code t - start >=
 * window} time out, and so do those that wait in a state with a window of its own when {@code t -
 * (their last event) >= that window} (Flink's {@code PREVIOUS_AND_CURRENT}) — a PENDING one
 * (trailing absence) completes as an absence instead.
 *
 * <p>Order: partial matches are kept by start; matches completed by one event come out by start,
 * then by the sequence of their events (the match that took the earlier events first). Under a
 * skip strategy, a completed match is held while a partial match that started no later is open
 * (FlinkCEP's rule), then the strategy prunes partial and held matches.
 *
 * <p>Cost per event and rule: O(partial matches × edges); conditions are evaluated once per edge
 * and partial match; aggregates are updated in O(1) per bound event.
 */
final class Matcher {

    /** Receives what matching produces. */
    interface Sink {
        void emit(RuleRuntime rule, String key, MatchKind kind, PartialMatch match, long timestamp);

        void error(RuleRuntime rule, String key, RuntimeException error);

        void dropped(RuleRuntime rule, String key, int count);
    }


    private final Sink sink;
    private final int maxPartials;
    private final DropPolicy dropPolicy;
    private final Ctx ctx = new Ctx();
    private final List<Edge> edges = new ArrayList<>();
    private final List<PartialMatch> next = new ArrayList<>();
    private final List<NfaState> stack = new ArrayList<>();
    private final List<NfaState> visited = new ArrayList<>();
    private RuntimeException error;
    private long[] memoSeq = new long[64];
    private boolean[] memoValue = new boolean[64];

    Matcher(Sink sink, int maxPartials, DropPolicy dropPolicy) {
        this.sink = sink;
        this.maxPartials = maxPartials;
        this.dropPolicy = dropPolicy;
    }

    /**
     * Advances {@code run} by {@code event}.
     *
     * @param seq the event's processing sequence number (greater than every earlier event's)
     * @param mayStart whether the event may start a new partial match (not for a draining version)
     * @return whether the run's state changed
     */
    boolean process(RuleRun run, String key, Event event, long seq, boolean mayStart) {
        RuleRuntime rule = run.rule;
        error = null;
        List<PartialMatch> list = run.partials;
        int n = list.size();
        // Successors are offered in the queue's array order (see FlinkQueue). While each partial match
        // yields at most one successor, the offers go into the same list, at or before the index being
        // read; the first that branches (or a new start) switches to building a new list.
        int w = 0;
        List<PartialMatch> updated = null;
        List<PartialMatch> completed = null;
        boolean changed = false;
        int last = mayStart ? n : n - 1;
        for (int p = 0; p <= last; p++) {
            boolean isStart = p == n;
            PartialMatch pm = isStart ? rule.start() : list.get(p);
            if (!isStart && pm.state.guard != null && !guardHolds(rule, pm, event, seq)) {
                // waits on, unchanged
                if (updated != null) {
                    FlinkQueue.offer(updated, pm);
                } else {
                    FlinkQueue.offerAt(list, w++, pm);
                }
                continue;
            }
            next.clear();
            computeNextStates(rule.program(), pm, event, seq);
            int survivors = 0;
            boolean stop = false;
            for (int i = 0; i < next.size(); i++) {
                PartialMatch candidate = next.get(i);
                if (candidate.state.isFinal()) {
                    if (completed == null) {
                        completed = new ArrayList<>(2);
                    }
                    FlinkQueue.offer(completed, candidate);
                    next.set(i, null);
                } else if (candidate.state.isStop()) {
                    stop = true;
                } else {
                    survivors++;
                }
            }
            if (stop) {
                survivors = 0;
            }
            if (!isStart && !(survivors == 1 && next.size() == 1 && next.get(0) == pm)) {
                changed = true;
            }
            if (survivors == 0) {
                continue;
            }
            if (isStart) {
                changed = true;
            }
            if (updated == null && survivors == 1 && !isStart) {
                // in place: the index written is at most the one just read
                for (int i = 0; i < next.size(); i++) {
                    PartialMatch candidate = next.get(i);
                    if (candidate != null && !candidate.state.isStop()) {
                        FlinkQueue.offerAt(list, w++, candidate);
                    }
                }
                continue;
            }
            if (updated == null) {
                updated = new ArrayList<>(n + next.size() + 1);
                updated.addAll(list.subList(0, w));
            }
            for (int i = 0; i < next.size(); i++) {
                PartialMatch candidate = next.get(i);
                if (candidate != null && !candidate.state.isStop()) {
                    FlinkQueue.offer(updated, candidate);
                }
            }
        }
        if (error != null) {
            sink.error(rule, key, error);
        }
        if (changed) {
            if (updated != null) {
                run.partials = updated;
            } else if (w < list.size()) {
                list.subList(w, list.size()).clear();
            }
            enforceCap(run, key);
        }
        if (completed != null || (changed && !run.held.isEmpty())) {
            // a held match may be released because the partial match it waited on died (as in Flink)
            complete(run, key, completed == null ? new ArrayList<>(0) : completed);
        }
        return changed || completed != null;
    }

    /**
     * Advances {@code run} to {@code time}: partial matches whose window has elapsed time out.
     *
     * @return whether the run's state changed
     */
    boolean advanceTime(RuleRun run, String key, long time) {
        RuleRuntime rule = run.rule;
        Program program = rule.program();
        if (!program.hasWindows() || run.partials.isEmpty()) {
            return false;
        }
        List<PartialMatch> keep = null;
        List<PartialMatch> absences = null;
        List<PartialMatch> timeouts = null;
        List<PartialMatch> partials = run.partials;
        for (int i = 0; i < partials.size(); i++) {
            PartialMatch pm = partials.get(i);
            if (program.timedOutAt(pm, time) != Program.NOT_DUE) {
                if (keep == null) {
                    keep = new ArrayList<>(partials.subList(0, i));
                }
                if (pm.state.isPending()) {
                    if (absences == null) {
                        absences = new ArrayList<>(2);
                    }
                    FlinkQueue.offer(absences, pm);
                } else if (rule.rule().reportTimeouts()) {
                    timeouts = add(timeouts, pm);
                }
            } else if (keep != null) {
                FlinkQueue.offer(keep, pm);
            }
        }
        if (keep == null) {
            return false;
        }
        run.partials = keep;
        complete(run, key, absences == null ? List.of() : absences);
        if (timeouts != null) {
            for (PartialMatch pm : timeouts) {
                sink.emit(rule, key, MatchKind.TIMEOUT, pm, program.timedOutAt(pm, time));
            }
        }
        return true;
    }

    private static List<PartialMatch> add(List<PartialMatch> list, PartialMatch pm) {
        List<PartialMatch> l = list == null ? new ArrayList<>(2) : list;
        l.add(pm);
        return l;
    }

    // ------------------------------------------------------------------ transitions

    private void computeNextStates(Program program, PartialMatch pm, Event event, long seq) {
        if (!pm.isStart() && pm.state.guardIsTake) {
            // a waiting state whose take condition is its guard, which held: the event is taken
            take(program, pm, pm.state.edges[0], event, seq);
            return;
        }
        collectEdges(program, pm, event);
        int count = edges.size();
        for (int i = 0; i < count; i++) {
            Edge edge = edges.get(i);
            if (edge.action() == Action.IGNORE) {
                if (!pm.isStart()) {
                    next.add(pm.moveTo(edge.target()));
                }
                continue;
            }
            take(program, pm, edge, event, seq);
        }
        edges.clear();
    }

    private void take(Program program, PartialMatch pm, Edge edge, Event event, long seq) {
        NfaState source = edge.source();
        Node node = new Node(pm.node, source.stepIndex, event, seq);
        Object[] aggregates = Aggregates.bind(program, pm.aggregates, source.stepIndex, event);
        boolean fresh = pm.isStart();
        PartialMatch taken = new PartialMatch(edge.target(), node,
                fresh ? event.timestamp() : pm.startTimestamp, fresh ? seq : pm.startSeq, aggregates);
        next.add(taken);
        if (edge.target().hasProceed) {
            NfaState completes = finalAfterProceed(program, pm, edge.target(), event);
            if (completes != null) {
                next.add(taken.moveTo(completes));
            }
        }
    }

    /** The TAKE and IGNORE edges enabled by {@code event}, through enabled PROCEED edges, depth first. */
    private void collectEdges(Program program, PartialMatch pm, Event event) {
        edges.clear();
        stack.clear();
        visited.clear();
        stack.add(pm.state);
        visited.add(pm.state);
        while (!stack.isEmpty()) {
            NfaState state = stack.remove(stack.size() - 1);
            for (Edge edge : state.edges) {
                if (!holds(program, edge.condition(), pm, event)) {
                    continue;
                }
                if (edge.action() == Action.PROCEED) {
                    if (!visited.contains(edge.target())) {
                        visited.add(edge.target());
                        stack.add(edge.target());
                    }
                } else {
                    edges.add(edge);
                }
            }
        }
    }

    /** The FINAL state reachable from {@code state} through PROCEED edges enabled by {@code event}, or null. */
    private NfaState finalAfterProceed(Program program, PartialMatch pm, NfaState state, Event event) {
        List<NfaState> toCheck = stack;
        List<NfaState> seen = visited;
        toCheck.clear();
        seen.clear();
        toCheck.add(state);
        seen.add(state);
        while (!toCheck.isEmpty()) {
            NfaState current = toCheck.remove(toCheck.size() - 1);
            for (Edge edge : current.edges) {
                if (edge.action() != Action.PROCEED || !holds(program, edge.condition(), pm, event)) {
                    continue;
                }
                if (edge.target().isFinal()) {
                    return edge.target();
                }
                if (!seen.contains(edge.target())) {
                    seen.add(edge.target());
                    toCheck.add(edge.target());
                }
            }
        }
        return null;
    }

    /** Forgets the per-event memo (needed when sequence numbers restart, after a restore). */
    void resetMemo() {
        java.util.Arrays.fill(memoSeq, 0L);
    }

    /** The state's guard for this event, evaluated once per event and state (it reads no partial match). */
    private boolean guardHolds(RuleRuntime rule, PartialMatch pm, Event event, long seq) {
        int id = rule.stateBase() + pm.state.id;
        if (id >= memoSeq.length) {
            int size = Math.max(id + 1, memoSeq.length * 2);
            memoSeq = java.util.Arrays.copyOf(memoSeq, size);
            memoValue = java.util.Arrays.copyOf(memoValue, size);
        }
        if (memoSeq[id] != seq) {
            memoSeq[id] = seq;
            memoValue[id] = holds(rule.program(), pm.state.guard, pm, event);
        }
        return memoValue[id];
    }

    private boolean holds(Program program, Condition condition, PartialMatch pm, Event event) {
        if (condition == Condition.Always.INSTANCE) {
            return true;
        }
        ctx.program = program;
        ctx.pm = pm;
        ctx.current = event;
        try {
            return condition.test(event, ctx);
        } catch (RuntimeException e) {
            if (error == null) {
                error = e;
            }
            return false;
        }
    }

    // ------------------------------------------------------------------ completion and skipping

    /**
     * Emits completed matches as FlinkCEP does: they join the queue of held matches and leave it by
     * start (ties in the queue's order, see FlinkQueue); under a skip strategy only while no partial
     * match started earlier, each pruning the partial and held matches before it leaves.
     */
    private void complete(RuleRun run, String key, List<PartialMatch> completed) {
        RuleRuntime rule = run.rule;
        AfterMatchSkip skip = rule.rule().skip();
        if (skip instanceof AfterMatchSkip.NoSkip) {
            while (!completed.isEmpty()) {
                emit(rule, key, FlinkQueue.poll(completed));
            }
            return;
        }
        if (!completed.isEmpty()) {
            List<PartialMatch> held = new ArrayList<>(run.held);
            for (PartialMatch m : completed) {
                FlinkQueue.offer(held, m);
            }
            run.held = held;
        }
        while (!run.held.isEmpty()) {
            PartialMatch m = run.held.get(0);
            if (!run.partials.isEmpty() && FlinkQueue.compare(m, run.partials.get(0)) > 0) {
                break;
            }
            List<PartialMatch> held = new ArrayList<>(run.held);
            FlinkQueue.poll(held);
            run.held = held;
            long target = pruningTarget(rule, key, skip, m);
            if (target != Long.MIN_VALUE) {
                boolean inclusive = skip instanceof AfterMatchSkip.SkipToNext || skip instanceof AfterMatchSkip.SkipPastLastEvent;
                run.partials = pruned(run.partials, target, inclusive);
                run.held = pruned(run.held, target, inclusive);
            }
            emit(rule, key, m);
        }
    }

    private void emit(RuleRuntime rule, String key, PartialMatch m) {
        if (m.state.isPending()) {
            // the end of its window: the earlier of the rule's and the negation's own (held matches leave later)
            sink.emit(rule, key, MatchKind.ABSENCE, m, rule.program().deadline(m));
        } else {
            sink.emit(rule, key, MatchKind.MATCH, m, m.node.event.timestamp());
        }
    }

    /** The sequence number partial matches are pruned against, or {@code Long.MIN_VALUE} for none. */
    private long pruningTarget(RuleRuntime rule, String key, AfterMatchSkip skip, PartialMatch m) {
        return switch (skip) {
            case AfterMatchSkip.NoSkip n -> Long.MIN_VALUE;
            case AfterMatchSkip.SkipToNext n -> m.firstSeq();
            case AfterMatchSkip.SkipPastLastEvent n -> m.node.seq;
            case AfterMatchSkip.SkipToFirst f -> stepTarget(rule, key, m, f.step(), true, f.failOnMiss());
            case AfterMatchSkip.SkipToLast l -> stepTarget(rule, key, m, l.step(), false, l.failOnMiss());
        };
    }

    private long stepTarget(RuleRuntime rule, String key, PartialMatch m, String step, boolean first, boolean failOnMiss) {
        int index = rule.program().stepIndex().get(step);
        long target = Long.MIN_VALUE;
        long earliest = Long.MAX_VALUE;
        for (Node n = m.node; n != null; n = n.parent) {
            if (n.step == index && (target == Long.MIN_VALUE || first)) {
                target = n.seq;
            }
            earliest = n.seq;
        }
        if (failOnMiss) {
            if (target == Long.MIN_VALUE) {
                sink.error(rule, key, new IllegalStateException("rule " + rule.id() + ": cannot skip to "
                        + (first ? "first" : "last") + "(" + step + "): no event is bound to " + step + " in the match"));
                return Long.MIN_VALUE;
            }
            if (target == earliest) {
                sink.error(rule, key, new IllegalStateException("rule " + rule.id() + ": cannot skip to "
                        + (first ? "first" : "last") + "(" + step + "): it is the first event of the match, so no progress is made"));
                return Long.MIN_VALUE;
            }
        }
        return target;
    }

    private static List<PartialMatch> pruned(List<PartialMatch> list, long target, boolean inclusive) {
        List<PartialMatch> copy = new ArrayList<>(list);
        return FlinkQueue.removeIf(copy, pm -> inclusive ? pm.startSeq <= target : pm.startSeq < target) ? copy : list;
    }

    private void enforceCap(RuleRun run, String key) {
        int excess = run.partials.size() - maxPartials;
        if (excess <= 0) {
            return;
        }
        List<PartialMatch> list = new ArrayList<>(run.partials);
        if (dropPolicy == DropPolicy.DROP_OLDEST) {
            for (int i = 0; i < excess; i++) {
                FlinkQueue.poll(list);
            }
        } else {
            List<PartialMatch> newest = new ArrayList<>(list);
            newest.sort(Comparator.comparingLong((PartialMatch pm) -> pm.startSeq).reversed());
            java.util.Set<PartialMatch> drop = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            drop.addAll(newest.subList(0, excess));
            FlinkQueue.removeIf(list, drop::contains);
        }
        run.partials = list;
        sink.dropped(run.rule, key, excess);
    }

    /** By start, then by the sequence of bound events (earlier events first; a prefix before its extensions). */
    static int compareMatches(PartialMatch a, PartialMatch b) {
        int c = Long.compare(a.startSeq, b.startSeq);
        if (c != 0 || a.node == b.node) {
            return c;
        }
        long[] x = seqs(a.node);
        long[] y = seqs(b.node);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i] != y[i]) {
                return Long.compare(x[i], y[i]);
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static long[] seqs(Node last) {
        int n = 0;
        for (Node k = last; k != null; k = k.parent) {
            n++;
        }
        long[] result = new long[n];
        for (Node k = last; k != null; k = k.parent) {
            result[--n] = k.seq;
        }
        return result;
    }

    /** The baselines of the key being matched (set by the engine), or null. */
    void baselines(AggRun.Baselines baselines) {
        ctx.baselines = baselines;
    }

    /** The {@link MatchContext} conditions see; re-pointed before every evaluation. */
    private static final class Ctx implements MatchContext {
        Program program;
        PartialMatch pm;
        Event current;
        AggRun.Baselines baselines;

        @Override
        public Event lastEvent() {
            return pm.node == null ? null : pm.node.event;
        }

        @Override
        public Object baseline(int slot) {
            if (baselines == null) {
                throw new IndexOutOfBoundsException("the engine declares no baselines");
            }
            return baselines.value(slot, current.timestamp());
        }

        @Override
        public Object aggregate(int slot) {
            return Aggregates.value(program.aggregates().get(slot), pm.aggregates[slot]);
        }

        @Override
        public List<Event> events(String step) {
            int index = indexOf(step);
            List<Event> events = new ArrayList<>();
            for (Node n = pm.node; n != null; n = n.parent) {
                if (n.step == index) {
                    events.add(n.event);
                }
            }
            java.util.Collections.reverse(events);
            return events;
        }

        @Override
        public Event eventFromLast(String step, int offset) {
            return fromLast(indexOf(step), nonNegative(offset));
        }

        @Override
        public Event eventFromFirst(String step, int offset) {
            int index = indexOf(step);
            int count = 0;
            for (Node n = pm.node; n != null; n = n.parent) {
                count += n.step == index ? 1 : 0;
            }
            return nonNegative(offset) < count ? fromLast(index, count - 1 - offset) : null;
        }

        private Event fromLast(int index, int offset) {
            int seen = 0;
            for (Node n = pm.node; n != null; n = n.parent) {
                if (n.step == index && seen++ == offset) {
                    return n.event;
                }
            }
            return null;
        }

        private static int nonNegative(int offset) {
            if (offset < 0) {
                throw new IllegalArgumentException("offset must not be negative, was " + offset);
            }
            return offset;
        }

        private int indexOf(String step) {
            Integer index = program.stepIndex().get(step);
            if (index == null) {
                throw new IllegalArgumentException("no step named '" + step + "' in this pattern");
            }
            return index;
        }

        @Override
        public long startTimestamp() {
            return pm.isStart() ? current.timestamp() : pm.startTimestamp;
        }
    }
}
