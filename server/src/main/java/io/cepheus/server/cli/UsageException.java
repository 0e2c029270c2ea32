package io.cepheus.server.cli;

/** A mistake on the command line (a missing file, an unknown rule): exit code 2, no stack trace. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
