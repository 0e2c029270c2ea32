package io.cepheus.core;

import java.util.List;

/** The state of one rule for one key: its partial matches and completed matches held back. */
final class RuleRun {
    static final long NO_TIMER = Long.MAX_VALUE;

    final RuleRuntime rule;
    /** Ordered by start (sequence number of the first event). */
    List<PartialMatch> partials = List.of();
    /** Completed matches waiting for earlier partial matches to finish (skip strategies only), by start. */
    List<PartialMatch> held = List.of();
    /** The deadline a timer is registered for, or {@link #NO_TIMER}. */
    long timer = NO_TIMER;

    private static final int UNKNOWN = -2;
    private static final int ANY = -1;
    /**
     * When every partial match waits for the same {@code field == value} (its state's guard), the
     * field; {@link #ANY} if some event of another value could change the run; {@link #UNKNOWN}
     * until computed. Derived, not serialized.
     */
    private int waitField = UNKNOWN;
    private Object waitValue;

    /** Forgets the wait summary; call whenever the partial or held matches change. */
    void changed() {
        waitField = UNKNOWN;
    }

    /**
     * Whether {@code event} certainly leaves every partial match as it is: all of them wait in
     * states whose guard is {@code field == value} for one field and value, and the event has
     * another value. O(1) once the summary is computed (O(partial matches) after a change).
     */
    boolean unchangedBy(Event event) {
        if (waitField == UNKNOWN) {
            summarize();
        }
        return waitField >= 0 && !waitValue.equals(event.get(waitField));
    }

    private void summarize() {
        waitField = ANY;
        if (!held.isEmpty() || partials.isEmpty()) {
            return;
        }
        int field = ANY;
        Object value = null;
        for (PartialMatch pm : partials) {
            if (!(pm.state.guard instanceof io.cepheus.core.pattern.Condition.FieldEquals fe)) {
                return;
            }
            if (field == ANY) {
                field = fe.field();
                value = fe.value();
            } else if (fe.field() != field || !fe.value().equals(value)) {
                return;
            }
        }
        waitField = field;
        waitValue = value;
    }

    RuleRun(RuleRuntime rule) {
        this.rule = rule;
    }

    boolean isEmpty() {
        return partials.isEmpty() && held.isEmpty();
    }

    /** The earliest time at which a partial match times out, {@link #NO_TIMER} for none. */
    long nextDeadline() {
        Program program = rule.program();
        if (!program.hasWindows() || partials.isEmpty()) {
            return NO_TIMER;
        }
        if (!program.partWindows()) {
            // partial matches are ordered by start, and events are matched in timestamp order
            return partials.get(0).startTimestamp + program.windowMillis();
        }
        long deadline = NO_TIMER;
        for (PartialMatch pm : partials) {
            deadline = Math.min(deadline, program.deadline(pm));
        }
        return deadline;
    }
}
