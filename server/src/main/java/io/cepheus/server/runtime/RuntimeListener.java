package io.cepheus.server.runtime;

import io.cepheus.core.Event;

/**
 * What a {@link CepRuntime} reports while it runs, on the thread driving it, in order. Every method
 * has an empty default.
 */
public interface RuntimeListener {

    /**
     * A rule matched: a pattern completed, an absence or a timeout was found, or an aggregate's
     * condition held at a window — before suppression, so an alert follows unless suppressed.
     */
    default void matched(String rule) {}

    /** An alert, as soon as its engine produces it (after suppression). */
    default void alert(RuntimeAlert alert) {}

    /** A rule failed on an event or an alert; the run goes on. {@code key} is "?" when unknown. */
    default void ruleError(String rule, String key, String message) {}

    /**
     * A rule failed, as {@link #ruleError(String, String, String)}, on {@code event} (null when not
     * known: the error came while time advanced). The default calls the method without the event.
     */
    default void ruleError(String rule, String key, Event event, String message) {
        ruleError(rule, key, message);
    }

    /** An event an engine found behind its watermark (callers check lateness per stream first). */
    default void late(Event event, long watermark) {}

    /** Partial matches of a rule dropped at a cap. */
    default void dropped(String rule, String key, int count) {}
}
