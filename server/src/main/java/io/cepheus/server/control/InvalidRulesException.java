package io.cepheus.server.control;

/** Rule files that do not compile: the message lists every error with its file, line and column. */
public final class InvalidRulesException extends RuntimeException {

    public InvalidRulesException(String message) {
        super(message);
    }
}
