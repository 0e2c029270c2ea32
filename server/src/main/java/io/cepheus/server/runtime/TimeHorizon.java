package io.cepheus.server.runtime;

import java.time.Duration;
import java.time.Instant;

/**
 * Refuses event times that would poison a stream's watermark.
 *
 * <p>A stream's watermark follows the newest event time seen on it (minus the lateness), and never
 * goes back. One event far in the future ({@code 9999-01-01}, a wrong unit, a typo in the year)
 * would move it there, and every later event would be late. So an event more than {@code
 * maxAhead} after the newest event time seen so far is refused ({@link RejectReason#TOO_FAR_AHEAD})
 * and does not move the watermark. The first event of a stream has nothing to be compared with and
 * defines the newest time. Independently of the distance, times are bounded to years 0000–9999
 * ({@link #MIN_TIME}, {@link #MAX_TIME}), which decoders enforce ({@link
 * RejectReason#TIME_OUT_OF_RANGE}): so a watermark, a window end or a time plus a duration stays far
 * from {@code long} overflow.
 *
 * <p>Immutable and thread-safe; the newest time is the caller's (one per stream, or per partition).
 */
public final class TimeHorizon {

    /** 0000-01-01T00:00:00Z in epoch milliseconds: the earliest accepted event time. */
    public static final long MIN_TIME = -62_167_219_200_000L;

    /** 9999-12-31T23:59:59.999Z in epoch milliseconds: the latest accepted event time. */
    public static final long MAX_TIME = 253_402_300_799_999L;

    /** No event seen yet. */
    public static final long NONE = Long.MIN_VALUE;

    private final Duration maxAhead;
    private final long maxAheadMillis;
    private final String maxAheadText;

    /** @param maxAhead how far after the newest event time an event may be; at least 1 ms */
    public TimeHorizon(Duration maxAhead) {
        if (maxAhead == null || maxAhead.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("maxAhead must be at least 1 ms, was " + maxAhead);
        }
        this.maxAhead = maxAhead;
        this.maxAheadMillis = maxAhead.compareTo(Duration.ofMillis(MAX_TIME - MIN_TIME)) > 0 ? MAX_TIME - MIN_TIME
                : maxAhead.toMillis();
        this.maxAheadText = format(Duration.ofMillis(maxAheadMillis));
    }

    /**
     * @param eventTime the event's time in epoch milliseconds
     * @param newest the newest event time of its stream so far, or {@link #NONE}
     * @throws RejectedEventException {@link RejectReason#TIME_OUT_OF_RANGE} outside years 0000–9999,
     *     {@link RejectReason#TOO_FAR_AHEAD} more than {@code maxAhead} after {@code newest}
     */
    public void check(long eventTime, long newest) throws RejectedEventException {
        if (eventTime < MIN_TIME || eventTime > MAX_TIME) {
            throw new RejectedEventException(RejectReason.TIME_OUT_OF_RANGE, "its time " + eventTime
                    + " is not from " + Instant.ofEpochMilli(MIN_TIME) + " to " + Instant.ofEpochMilli(MAX_TIME));
        }
        if (newest != NONE && newest >= MIN_TIME && eventTime - newest > maxAheadMillis) {
            throw new RejectedEventException(RejectReason.TOO_FAR_AHEAD, "its time " + Instant.ofEpochMilli(eventTime)
                    + " is more than " + maxAheadText + " after the newest event time so far, "
                    + Instant.ofEpochMilli(newest));
        }
    }

    public Duration maxAhead() {
        return maxAhead;
    }

    /** A duration in the rule language's form, in its largest exact unit: {@code 90d}, {@code 36h}, {@code 250ms}. */
    static String format(Duration d) {
        long ms = d.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }
}
