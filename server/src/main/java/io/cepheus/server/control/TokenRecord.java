package io.cepheus.server.control;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token of the REST API as the control topic holds it: never the token itself, only its
 * SHA-256. Revoking a token deletes its record.
 *
 * @param id the token's public identity (what lists and revocations name)
 * @param name what its holder called it
 * @param role {@code admin}, {@code author} or {@code viewer}
 * @param hash the SHA-256 of the token's UTF-8 bytes, as lower-case hex
 * @param created when it was made
 * @param createdBy the id of the token that made it; {@code bootstrap} for the first admin token
 */
public record TokenRecord(String id, String name, String role, String hash, Instant created, String createdBy) {
    public TokenRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name of token " + id);
        Objects.requireNonNull(role, "role of token " + id);
        Objects.requireNonNull(hash, "hash of token " + id);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(createdBy, "createdBy");
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("hash of token " + id + " is not 64 lower-case hex digits");
        }
    }
}
