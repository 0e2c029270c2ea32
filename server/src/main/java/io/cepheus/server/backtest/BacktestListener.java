package io.cepheus.server.backtest;

import io.cepheus.server.runtime.RejectReason;

/**
 * What a backtest reports while it runs, in order. Called on the thread running the backtest.
 * Every method has an empty default.
 */
public interface BacktestListener {

    /** An alert, as soon as the engine produces it. */
    default void alert(Alert alert) {}

    /** An input line that is not a valid event, or is refused (too far ahead): not used, never stops the run. */
    default void rejected(EventRef event, RejectReason reason, String message) {}

    /** An event whose time is at or behind its stream's watermark: not matched, reported here. */
    default void late(EventRef event, long timestamp, long watermark) {}

    /**
     * A rule failed (a condition threw, an alert could not be rendered); the run goes on.
     *
     * @param event the line of the event being matched when it failed; null when there is none (the
     *     error came while time advanced, or on an alert of another rule)
     */
    default void ruleError(String rule, String key, EventRef event, String message) {}

    /** Progress through the inputs; called often, cheap to ignore. */
    default void progress(long bytesRead, long bytesTotal, long eventsRead) {}
}
