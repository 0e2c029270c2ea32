package io.cepheus.server.http;

/** The HTTP server could not start, typically because its port is taken. */
public final class HttpStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    HttpStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
