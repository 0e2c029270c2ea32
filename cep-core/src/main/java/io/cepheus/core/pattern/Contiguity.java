package io.cepheus.core.pattern;

/** How the events accepted by a pattern may be separated by other events of the same key. */
public enum Contiguity {
    /** The next event must match ({@code next} / {@code consecutive}); anything else ends the match. */
    STRICT,
    /** Skip till next match: events that do not match are skipped; the first that matches is taken. */
    RELAXED,
    /** Skip till any match: every matching event is both taken and skipped, branching the match. */
    NON_DETERMINISTIC
}
