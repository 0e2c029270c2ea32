package io.cepheus.server.runtime;

import java.util.Objects;

/**
 * An input record that is not a valid event of its stream: a machine {@link #reason()} and a
 * message for people that names the field and what was expected. Cheap: no stack trace.
 */
public final class RejectedEventException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    /**
     * @param reason the machine reason, not null
     * @param message the human message, not null
     */
    public RejectedEventException(RejectReason reason, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why, as a stable code. */
    public RejectReason reason() {
        return reason;
    }
}
