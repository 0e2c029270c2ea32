package io.cepheus.core;

import io.cepheus.core.pattern.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * A state of a compiled pattern. Edges are added while compiling and frozen afterwards; a state is
 * then immutable and shared by every key.
 */
final class NfaState {

    enum Type { NORMAL, FINAL, STOP, PENDING }

    enum Action { TAKE, IGNORE, PROCEED }

    /** An edge: on {@code action}, if {@code condition} holds, go to {@code target}. */
    record Edge(Action action, NfaState source, NfaState target, Condition condition) {}

    final int id;
    /** The step whose events this state takes (the negated step's name for a stop state); null for helpers. */
    final String step;
    /** Index of {@link #step} in the program's step list, -1 for none. */
    int stepIndex = -1;
    final Type type;
    /**
     * The window from the previous event of a partial match that waits in this state (a part's own
     * window, Flink's {@code PREVIOUS_AND_CURRENT}); 0 for none.
     */
    long windowMillis;
    private final List<Edge> building = new ArrayList<>();
    Edge[] edges;
    boolean start;

    NfaState(int id, String step, Type type) {
        this.id = id;
        this.step = step;
        this.type = type;
    }

    void addTake(NfaState target, Condition condition) {
        building.add(new Edge(Action.TAKE, this, target, condition));
    }

    void addIgnore(NfaState target, Condition condition) {
        building.add(new Edge(Action.IGNORE, this, target, condition));
    }

    void addProceed(NfaState target, Condition condition) {
        building.add(new Edge(Action.PROCEED, this, target, condition));
    }

    void addEdge(Action action, NfaState target, Condition condition) {
        building.add(new Edge(action, this, target, condition));
    }

    /**
     * Ands {@code condition} to every edge built so far: how a greedy loop keeps the state after it
     * from acting on an event the loop can take (Flink's {@code updateWithGreedyCondition}).
     */
    void andAll(Condition condition) {
        building.replaceAll(e -> new Edge(e.action(), e.source(), e.target(), e.condition().and(condition)));
    }

    List<Edge> building() {
        return building;
    }

    /**
     * For a state that only waits (TAKE on {@code c}, IGNORE to itself on {@code not c}): a
     * condition that does not read the partial match and is false whenever {@code c} is. When it
     * is false for an event, every partial match in this state is unchanged by that event, so the
     * matcher evaluates it once per event for all of them. Null for other states.
     */
    Condition guard;
    /** Whether {@link #guard} is the whole take condition (so a true guard means TAKE and no IGNORE). */
    boolean guardIsTake;
    /** Whether the state has a PROCEED edge. */
    boolean hasProceed;

    void freeze() {
        edges = building.toArray(new Edge[0]);
        guard = waitGuard();
        guardIsTake = guard != null && edges.length == 2 && edges[0].action() == Action.TAKE && guard == edges[0].condition();
        for (Edge e : edges) {
            hasProceed |= e.action() == Action.PROCEED;
        }
    }

    /**
     * A state waits if its only IGNORE edge loops to itself on {@code not X}, its TAKE edge (if
     * any) takes on {@code X}, and its other edges proceed to STOP states. It changes on an event
     * only if {@code X} or a stop condition holds, so the guard is a context-free necessary part
     * of {@code X} or'ed with the (context-free) stop conditions.
     */
    private Condition waitGuard() {
        if (type != Type.NORMAL && type != Type.PENDING) {
            return null;
        }
        Edge take = null;
        Edge ignore = null;
        Condition stops = null;
        for (Edge e : edges) {
            switch (e.action()) {
                case TAKE -> {
                    if (take != null) {
                        return null;
                    }
                    take = e;
                }
                case IGNORE -> {
                    if (ignore != null || e.target() != this) {
                        return null;
                    }
                    ignore = e;
                }
                case PROCEED -> {
                    if (!e.target().isStop() || e.condition().readsContext()) {
                        return null;
                    }
                    stops = stops == null ? e.condition() : stops.or(e.condition());
                }
            }
        }
        if (ignore == null || !(ignore.condition() instanceof Condition.Not not)) {
            return null;
        }
        Condition waitedFor = not.condition();
        Condition guard;
        if (take != null) {
            if (take.condition() != waitedFor) {
                return null;
            }
            guard = contextFreeConjunct(waitedFor);
            if (guard == null) {
                return null;
            }
        } else {
            // a pending state: it ignores everything but what its stop edge stops on
            if (stops == null || waitedFor.readsContext()) {
                return null;
            }
            guard = waitedFor;
        }
        return stops == null || take == null ? guard : guard.or(stops);
    }

    private static Condition contextFreeConjunct(Condition c) {
        if (!c.readsContext()) {
            return c;
        }
        if (c instanceof Condition.And and) {
            Condition left = contextFreeConjunct(and.left());
            return left != null ? left : contextFreeConjunct(and.right());
        }
        return null;
    }

    boolean isFinal() {
        return type == Type.FINAL;
    }

    boolean isStop() {
        return type == Type.STOP;
    }

    boolean isPending() {
        return type == Type.PENDING;
    }

    @Override
    public String toString() {
        return "State" + id + "(" + (step == null ? "-" : step) + "," + type + (start ? ",start" : "") + ")";
    }
}
