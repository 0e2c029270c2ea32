package io.cepheus.core;

import io.cepheus.core.pattern.Aggregate;
import java.util.List;
import java.util.Map;

/**
 * A compiled pattern: the states of its NFA, shared by every key. Immutable.
 *
 * @param states all states, {@code states.get(i).id == i}
 * @param start where every new partial match begins
 * @param steps the step names in pattern order (output order of a match's events)
 * @param stepIndex step name to index in {@code steps}
 * @param aggregates the rule's aggregates by slot
 * @param aggregatesByStep for each step index, the aggregate slots fed by that step
 * @param windowMillis the rule's window, 0 for none
 * @param partWindows whether some state has a window of its own ({@link NfaState#windowMillis})
 */
record Program(
        List<NfaState> states,
        NfaState start,
        List<String> steps,
        Map<String, Integer> stepIndex,
        List<Aggregate> aggregates,
        int[][] aggregatesByStep,
        long windowMillis,
        boolean partWindows) {

    /** {@link #timedOutAt} of a partial match that is not due. */
    static final long NOT_DUE = Long.MIN_VALUE;

    NfaState state(int id) {
        return states.get(id);
    }

    /** Whether partial matches can time out at all. */
    boolean hasWindows() {
        return windowMillis > 0 || partWindows;
    }

    /**
     * When {@code pm} timed out, if time has advanced to {@code time}: the end of the window of the
     * state it waits in (counted from its last event), else the end of the rule's window (from its
     * first event); {@link #NOT_DUE} if neither has elapsed. When both have, the state's (as Flink
     * reports it).
     */
    long timedOutAt(PartialMatch pm, long time) {
        long own = partWindows ? pm.state.windowMillis : 0; // without windows of states, no state to read
        if (own > 0 && !pm.state.start && pm.node != null && time - pm.node.event.timestamp() >= own) {
            return pm.node.event.timestamp() + own;
        }
        if (windowMillis > 0 && time - pm.startTimestamp >= windowMillis) {
            return pm.startTimestamp + windowMillis;
        }
        return NOT_DUE;
    }

    /** The earliest time at which {@code pm} times out; {@code Long.MAX_VALUE} for never. */
    long deadline(PartialMatch pm) {
        long deadline = windowMillis > 0 ? pm.startTimestamp + windowMillis : Long.MAX_VALUE;
        long own = partWindows ? pm.state.windowMillis : 0;
        if (own > 0 && !pm.state.start && pm.node != null) {
            deadline = Math.min(deadline, pm.node.event.timestamp() + own);
        }
        return deadline;
    }
}
