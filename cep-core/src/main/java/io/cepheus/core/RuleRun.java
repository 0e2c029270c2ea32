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
    /** The deadline a timer is registered for, or {@link #NO_TIMER}. Not serialized: rebuilt on restore. */
    long timer = NO_TIMER;

    RuleRun(RuleRuntime rule) {
        this.rule = rule;
    }

    boolean isEmpty() {
        return partials.isEmpty() && held.isEmpty();
    }

    /** The earliest time at which a partial match times out, {@link #NO_TIMER} for none. */
    long nextDeadline() {
        long window = rule.program().windowMillis();
        if (window <= 0 || partials.isEmpty()) {
            return NO_TIMER;
        }
        // partial matches are ordered by start, and events are matched in timestamp order
        return partials.get(0).startTimestamp + window;
    }
}
