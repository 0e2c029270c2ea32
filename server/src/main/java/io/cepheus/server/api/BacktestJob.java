package io.cepheus.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backtest run as a job on the node that runs it: its progress (events read of the total, over
 * both passes when it compares with the deployed version), and when done its result, its error, or
 * that it was cancelled. Thread-safe: the job's thread writes, request threads read.
 */
final class BacktestJob {

    /** Where a job is. */
    enum State {
        RUNNING, SUCCEEDED, FAILED, CANCELLED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    final String id;
    final Instant created;
    final AtomicLong read = new AtomicLong();
    private final long total;
    private volatile State state = State.RUNNING;
    private volatile boolean cancelled;
    private volatile ObjectNode result;
    private volatile String error;
    private volatile Instant finished;

    BacktestJob(String id, long total, Instant created) {
        this.id = id;
        this.total = total;
        this.created = created;
    }

    /** Asks the job to stop; it does at its next progress report. */
    void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    boolean running() {
        return state == State.RUNNING;
    }

    void succeeded(ObjectNode r, Instant at) {
        result = r;
        finish(State.SUCCEEDED, at);
    }

    void failed(String message, Instant at) {
        error = message;
        finish(State.FAILED, at);
    }

    void cancelled(Instant at) {
        finish(State.CANCELLED, at);
    }

    private void finish(State s, Instant at) {
        finished = at;
        state = s;
    }

    BacktestJobView view() {
        State s = state;
        return new BacktestJobView(id, s.label(), Math.min(read.get(), total), total, created.toString(),
                finished == null ? null : finished.toString(), s == State.SUCCEEDED ? result : null, error);
    }
}
