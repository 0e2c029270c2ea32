package io.cepheus.server.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on what one input record may be, so that one bad record cannot stop or poison a run.
 *
 * @param maxRecordBytes a longer record (a line of an events file, a Kafka record's value) is
 *     rejected as {@link RejectReason#OVERSIZE} without being read into memory; 1 to 2^30
 * @param maxAhead an event more than this after the newest event time of its stream is rejected as
 *     {@link RejectReason#TOO_FAR_AHEAD} (see {@link TimeHorizon}); at least 1 ms
 */
public record InputLimits(int maxRecordBytes, Duration maxAhead) {

    /** 1 MiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    /**
     * 90 days: far enough for sparse recordings (a test that a 30-day baseline forgets an event
     * jumps 35 days), near enough to refuse a wrong year or a wrong unit.
     */
    public static final Duration DEFAULT_MAX_AHEAD = Duration.ofDays(90);

    /** The defaults of {@code cepheus backtest} and {@code cepheus test}. */
    public static final InputLimits DEFAULT = new InputLimits(DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_AHEAD);

    private static final int MAX_RECORD_BYTES = 1 << 30;

    public InputLimits {
        if (maxRecordBytes < 1 || maxRecordBytes > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("maxRecordBytes must be from 1 to " + MAX_RECORD_BYTES + ", was "
                    + maxRecordBytes);
        }
        Objects.requireNonNull(maxAhead, "maxAhead");
        if (maxAhead.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("maxAhead must be at least 1 ms, was " + maxAhead);
        }
    }

    public InputLimits withMaxRecordBytes(int bytes) {
        return new InputLimits(bytes, maxAhead);
    }

    public InputLimits withMaxAhead(Duration ahead) {
        return new InputLimits(maxRecordBytes, ahead);
    }
}
