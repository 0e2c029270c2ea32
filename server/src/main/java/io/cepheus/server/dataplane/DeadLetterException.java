package io.cepheus.server.dataplane;

import io.cepheus.server.runtime.RejectReason;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record of a stream that does not decode into an event: thrown by {@link EventDeserializer},
 * turned into a dead letter by {@link DeadLetterHandler}.
 */
final class DeadLetterException extends SerializationException {

    private final String stream;
    private final RejectReason reason;

    DeadLetterException(String stream, RejectReason reason, String message) {
        super(message);
        this.stream = Objects.requireNonNull(stream, "stream");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    String stream() {
        return stream;
    }

    RejectReason reason() {
        return reason;
    }

    /** No stack trace: a rejected record is an expected outcome, and frequent when a producer misbehaves. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
