package io.cepheus.server.api;

import java.util.List;
import java.util.Objects;

/**
 * A request the API cannot carry out, and why: the {@link Kind} says which (the HTTP layer gives
 * each its status), the message is for a person and never shows the server's insides. Cheap: no
 * stack trace.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a request fails. */
    public enum Kind {
        /** The request is malformed or its rule text does not compile (400). */
        INVALID,
        /** The role of the token does not allow it (403). */
        FORBIDDEN,
        /** What it names does not exist (404). */
        NOT_FOUND,
        /** It contradicts what exists (409). */
        CONFLICT,
        /** Its {@code If-Match} names another version than the current one (412). */
        STALE,
        /** It changes something without {@code If-Match} (428). */
        PRECONDITION_REQUIRED,
        /** The node is at its limit; try again shortly (429). */
        BUSY,
        /** Kafka does not answer, or the node is not ready yet (503). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final transient List<Finding> findings;
    private final int retryAfterSeconds;

    public ApiException(Kind kind, String message, List<Finding> findings, int retryAfterSeconds) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.findings = List.copyOf(findings);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException invalid(String message) {
        return new ApiException(Kind.INVALID, message, List.of(), 0);
    }

    public static ApiException invalid(String message, List<Finding> findings) {
        return new ApiException(Kind.INVALID, message, findings, 0);
    }

    public static ApiException notFound(String message) {
        return new ApiException(Kind.NOT_FOUND, message, List.of(), 0);
    }

    public static ApiException conflict(String message) {
        return new ApiException(Kind.CONFLICT, message, List.of(), 0);
    }

    public static ApiException conflict(String message, List<Finding> findings) {
        return new ApiException(Kind.CONFLICT, message, findings, 0);
    }

    public static ApiException unavailable(String message, int retryAfterSeconds) {
        return new ApiException(Kind.UNAVAILABLE, message, List.of(), retryAfterSeconds);
    }

    public Kind kind() {
        return kind;
    }

    /** The positioned problems (rule diagnostics, JSON syntax errors); may be empty. */
    public List<Finding> findings() {
        return findings;
    }

    /** For {@link Kind#BUSY} and {@link Kind#UNAVAILABLE}: when to try again, in seconds; else 0. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
