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

    List<Edge> building() {
        return building;
    }

    void freeze() {
        edges = building.toArray(new Edge[0]);
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
