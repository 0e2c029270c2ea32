package io.cepheus.core.window;

import java.time.Duration;
import java.util.Objects;

/**
 * The window an aggregate rule measures over. Every window is half-open, {@code [start, end)} in
 * event time (milliseconds).
 */
public sealed interface Window {

    /**
     * The events of the last {@code size}, as of each event: at an event with timestamp {@code t},
     * the window is {@code (t - size, t]}, i.e. {@code [t - size + 1, t + 1)}. Evaluated at every
     * event.
     */
    record Sliding(Duration size) implements Window {
        public Sliding {
            positive(size, "sliding window size");
        }
    }

    /** Fixed, non-overlapping windows {@code [k·size, (k+1)·size)}, evaluated when the watermark reaches their end. */
    record Tumbling(Duration size) implements Window {
        public Tumbling {
            positive(size, "tumbling window size");
        }
    }

    /**
     * Overlapping windows {@code [k·advance, k·advance + size)}, evaluated when the watermark reaches
     * their end; each event belongs to {@code size / advance} of them.
     */
    record Hopping(Duration size, Duration advance) implements Window {
        public Hopping {
            positive(size, "hopping window size");
            positive(advance, "hopping window advance");
            if (advance.compareTo(size) > 0) {
                throw new IllegalArgumentException("a hopping window's advance (" + advance + ") must not exceed its size ("
                        + size + ")");
            }
            if (size.toMillis() % advance.toMillis() != 0) {
                throw new IllegalArgumentException("a hopping window's size (" + size + ") must be a multiple of its advance ("
                        + advance + ")");
            }
        }
    }

    /**
     * A session per key: it grows while events come less than {@code gap} apart and closes, and is
     * evaluated, once {@code gap} passes without an event — on the watermark alone if the key goes
     * quiet. The window is {@code [first event, last event + 1)}.
     */
    record Session(Duration gap) implements Window {
        public Session {
            positive(gap, "session gap");
        }
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero() || d.toMillis() == 0) {
            throw new IllegalArgumentException(what + " must be at least 1 ms, was " + d);
        }
    }

    static Window sliding(Duration size) {
        return new Sliding(size);
    }

    static Window tumbling(Duration size) {
        return new Tumbling(size);
    }

    static Window hopping(Duration size, Duration advance) {
        return new Hopping(size, advance);
    }

    static Window session(Duration gap) {
        return new Session(gap);
    }
}
