package io.cepheus.server.backtest;

/** An input line that is not a valid event of its stream; the message says why. */
final class RejectedEventException extends Exception {

    private static final long serialVersionUID = 1L;

    RejectedEventException(String reason) {
        super(reason, null, false, false);
    }
}
