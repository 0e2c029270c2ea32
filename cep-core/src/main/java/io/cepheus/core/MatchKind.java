package io.cepheus.core;

/** Why a result was emitted. */
public enum MatchKind {
    /** The pattern matched; the last event completed it. */
    MATCH,
    /**
     * The pattern ends with an absence ({@code not followed by} with a window) and the window
     * elapsed without the forbidden event: the match completes at the end of the window.
     */
    ABSENCE,
    /** A partial match reached the end of its window unfinished (only for rules that report timeouts). */
    TIMEOUT
}
