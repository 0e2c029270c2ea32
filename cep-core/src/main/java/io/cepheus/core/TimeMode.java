package io.cepheus.core;

/** Which clock drives windows and ordering. */
public enum TimeMode {
    /**
     * Events carry their time; they are buffered and processed in timestamp order once the
     * watermark passes them; events at or before the watermark are late.
     */
    EVENT_TIME,
    /**
     * Events are processed as they arrive, stamped with the current processing time given by
     * {@link CepEngine#advanceProcessingTime}; windows close as that time advances.
     */
    PROCESSING_TIME
}
