package io.cepheus.core;

/**
 * One event bound to one step, pointing at the binding before it. Partial matches that share a
 * prefix share its nodes, so the bindings of all partial matches of a key form a tree (the shared
 * buffer of SASE+ / FlinkCEP, without reference counts: nodes are immutable, and whatever no
 * partial match reaches is garbage — in memory for the collector, in serialized state because
 * only reachable nodes are written). Every node refers to the one {@link Event} object of its
 * event, so an event is kept once per key however many partial matches bind it.
 */
final class Node {
    final Node parent;
    final int step;
    final Event event;
    /** Processing sequence number of the event: orders events across the whole engine. */
    final long seq;

    Node(Node parent, int step, Event event, long seq) {
        this.parent = parent;
        this.step = step;
        this.event = event;
        this.seq = seq;
    }
}
