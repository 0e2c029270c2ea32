package io.cepheus.server.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr for long inputs: nothing for the first second, then a bar
 * redrawn in place (with {@code \r}) at most ten times a second, erased at the end. Drawn only on a
 * terminal ({@link Terminal#stderr()}): the caller does not create one otherwise. Not thread-safe.
 */
final class ProgressBar {

    /** How long a run must take before the bar appears. */
    static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final LongSupplier nanoClock;
    private final long start;
    private final long showAfterNanos;
    private long lastDraw;
    private boolean drawn;
    private int drawnLength;

    /** @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}) */
    ProgressBar(PrintWriter err, LongSupplier nanoClock) {
        this(err, nanoClock, SHOW_AFTER_NANOS);
    }

    /** @param showAfterNanos how long to stay quiet at first */
    ProgressBar(PrintWriter err, LongSupplier nanoClock, long showAfterNanos) {
        this.err = err;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.showAfterNanos = showAfterNanos;
    }

    void update(long done, long total, long events) {
        long now = nanoClock.getAsLong();
        if (now - start < showAfterNanos || drawn && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        drawn = true;
        lastDraw = now;
        int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
        int filled = percent * WIDTH / 100;
        String line = "\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "%  "
                + events + " events";
        err.print(line);
        err.flush();
        drawnLength = line.length() - 1;
    }

    /** Erases the bar if it was drawn. */
    void finish() {
        if (drawnLength > 0) {
            err.print("\r" + " ".repeat(drawnLength) + "\r");
            err.flush();
            drawnLength = 0;
        }
    }
}
