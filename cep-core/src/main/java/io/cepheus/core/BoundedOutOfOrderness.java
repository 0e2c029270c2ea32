package io.cepheus.core;

import java.time.Duration;

/**
 * The usual watermark strategy for a stream with bounded disorder: after seeing timestamps up to
 * {@code max}, the watermark is {@code max - lateness - 1}, so an event up to {@code lateness}
 * older than the newest one is still in time (as Flink's {@code forBoundedOutOfOrderness}).
 * Not thread-safe.
 */
public final class BoundedOutOfOrderness {

    private final long latenessMillis;
    private long maxTimestamp = Long.MIN_VALUE;

    /** @param lateness how far behind the newest event an event may be and still be matched; ≥ 0 */
    public BoundedOutOfOrderness(Duration lateness) {
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("lateness must not be negative, was " + lateness);
        }
        this.latenessMillis = lateness.toMillis();
    }

    /** Records an event's timestamp. */
    public void observe(long timestamp) {
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
    }

    /** The watermark implied by the timestamps seen so far; {@code Long.MIN_VALUE} before any. */
    public long currentWatermark() {
        return maxTimestamp == Long.MIN_VALUE ? Long.MIN_VALUE : maxTimestamp - latenessMillis - 1;
    }
}
