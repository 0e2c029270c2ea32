package io.cepheus.core;

/**
 * A run of the NFA for one key and rule: the state it waits in, the last bound node, when it
 * started and its aggregate accumulators. Immutable; each transition makes a new one.
 */
final class PartialMatch {
    static final long NO_START = Long.MAX_VALUE;

    final NfaState state;
    final Node node;
    final long startTimestamp;
    /** Sequence number of the first event, {@link #NO_START} for the start computation. */
    final long startSeq;
    final Object[] aggregates;

    PartialMatch(NfaState state, Node node, long startTimestamp, long startSeq, Object[] aggregates) {
        this.state = state;
        this.node = node;
        this.startTimestamp = startTimestamp;
        this.startSeq = startSeq;
        this.aggregates = aggregates;
    }

    boolean isStart() {
        return startSeq == NO_START;
    }

    PartialMatch moveTo(NfaState target) {
        return target == state ? this : new PartialMatch(target, node, startTimestamp, startSeq, aggregates);
    }

    /** Sequence number of the first bound event. */
    long firstSeq() {
        Node n = node;
        while (n.parent != null) {
            n = n.parent;
        }
        return n.seq;
    }
}
