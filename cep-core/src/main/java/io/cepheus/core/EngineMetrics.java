package io.cepheus.core;

/**
 * Counters of one engine, read with the getters. Updated by the engine thread; reads from other
 * threads see recent, possibly slightly stale values.
 */
public final class EngineMetrics {
    volatile long eventsReceived;
    volatile long eventsProcessed;
    volatile long lateEvents;
    volatile long matches;
    volatile long absences;
    volatile long timeouts;
    volatile long partialMatchesDropped;
    volatile long ruleErrors;
    volatile long statesDiscardedOnRestore;
    volatile long aggregateResults;
    volatile long distinctOverflow;
    volatile long windowEventsDropped;

    EngineMetrics() {}

    /** Events given to {@code process}. */
    public long eventsReceived() {
        return eventsReceived;
    }

    /** Events matched against the rules (received minus late minus still buffered). */
    public long eventsProcessed() {
        return eventsProcessed;
    }

    /** Events that arrived at or before the watermark and were reported as late. */
    public long lateEvents() {
        return lateEvents;
    }

    public long matches() {
        return matches;
    }

    public long absences() {
        return absences;
    }

    public long timeouts() {
        return timeouts;
    }

    /** Partial matches dropped because a key and rule exceeded the cap. */
    public long partialMatchesDropped() {
        return partialMatchesDropped;
    }

    /** Conditions that threw, and skip strategies that failed on a miss. */
    public long ruleErrors() {
        return ruleErrors;
    }

    /** Results of aggregate rules. */
    public long aggregateResults() {
        return aggregateResults;
    }

    /** Distinct values not counted because a key's distinct-count cap was reached. */
    public long distinctOverflow() {
        return distinctOverflow;
    }

    /**
     * Events dropped from a key's sliding window before their time because the window held more
     * events than the partial-match cap (the oldest go first; the measures then cover fewer events).
     */
    public long windowEventsDropped() {
        return windowEventsDropped;
    }

    /** Rule states in a restored snapshot whose rule is no longer loaded (or has changed). */
    public long statesDiscardedOnRestore() {
        return statesDiscardedOnRestore;
    }

    @Override
    public String toString() {
        return "EngineMetrics{received=" + eventsReceived + ", processed=" + eventsProcessed + ", late=" + lateEvents
                + ", matches=" + matches + ", absences=" + absences + ", timeouts=" + timeouts
                + ", dropped=" + partialMatchesDropped + ", errors=" + ruleErrors + "}";
    }
}
