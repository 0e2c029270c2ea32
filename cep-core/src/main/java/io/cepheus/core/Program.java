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
 */
record Program(
        List<NfaState> states,
        NfaState start,
        List<String> steps,
        Map<String, Integer> stepIndex,
        List<Aggregate> aggregates,
        int[][] aggregatesByStep,
        long windowMillis) {

    NfaState state(int id) {
        return states.get(id);
    }
}
