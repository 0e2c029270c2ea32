package io.cepheus.server.kafka;

/** Kafka could not be started or reached in time; the message says what and where, for the operator. */
public final class KafkaStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    KafkaStartException(String message) {
        super(message, null, false, false);
    }

    KafkaStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
