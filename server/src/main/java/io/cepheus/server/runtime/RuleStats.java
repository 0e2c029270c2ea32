package io.cepheus.server.runtime;

/**
 * What one rule did in a run. Mutable counters, updated by the runtime's thread.
 */
public final class RuleStats {
    long alerts;
    long suppressed;
    long withoutKey;
    long errors;
    long dropped;
    long windowEventsDropped;
    long distinctOverflow;

    /** Alerts emitted (after suppression). */
    public long alerts() {
        return alerts;
    }

    /** Alerts dropped by the rule's {@code suppress} clause. */
    public long suppressed() {
        return suppressed;
    }

    /** Events not given to the rule because their partition key was null. */
    public long withoutKey() {
        return withoutKey;
    }

    /** Rule errors: conditions that threw, alerts that could not be rendered, keys that could not be computed. */
    public long errors() {
        return errors;
    }

    /** Partial matches dropped at the per-key or per-rule cap. */
    public long dropped() {
        return dropped;
    }

    /** Events that left a key's sliding window early (the window held more than the per-key cap). */
    public long windowEventsDropped() {
        return windowEventsDropped;
    }

    /** Distinct values not counted past the rule's cap. */
    public long distinctOverflow() {
        return distinctOverflow;
    }
}
