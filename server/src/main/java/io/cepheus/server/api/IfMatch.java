package io.cepheus.server.api;

import java.util.Set;

/**
 * A request's {@code If-Match} precondition on the version of what it changes: absent, {@code *}
 * (any existing version) or a set of versions (the entity tags {@code "N"} the client read).
 */
public record IfMatch(boolean present, boolean any, Set<Long> versions) {

    public IfMatch {
        versions = Set.copyOf(versions);
    }

    public static final IfMatch ABSENT = new IfMatch(false, false, Set.of());

    /**
     * Checks the precondition against the current version of {@code what}.
     *
     * @throws ApiException {@link ApiException.Kind#PRECONDITION_REQUIRED} if absent, {@link
     *     ApiException.Kind#STALE} if it names other versions
     */
    public void check(String what, long current) {
        if (!present) {
            throw new ApiException(ApiException.Kind.PRECONDITION_REQUIRED, "changing " + what
                    + " needs If-Match with its entity tag (the ETag of a GET, here \"" + current + "\")", java.util.List.of(), 0);
        }
        checkIfGiven(what, "version", current);
    }

    /**
     * Checks the precondition, if there is one, against the current {@code counter} (version,
     * revision) of {@code what}: for changes where {@code If-Match} is optional.
     *
     * @throws ApiException {@link ApiException.Kind#STALE} if it names others
     */
    public void checkIfGiven(String what, String counter, long current) {
        if (present && !any && !versions.contains(current)) {
            throw new ApiException(ApiException.Kind.STALE, what + " is at " + counter + " " + current + ", not "
                    + versions.stream().sorted().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("")
                    + ": read it again and redo the change", java.util.List.of(), 0);
        }
    }
}
