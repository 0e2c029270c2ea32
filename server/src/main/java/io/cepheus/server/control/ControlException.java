package io.cepheus.server.control;

/** The control topic cannot be read or written (Kafka unreachable, a timeout). */
public final class ControlException extends RuntimeException {

    public ControlException(String message) {
        super(message);
    }

    public ControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
