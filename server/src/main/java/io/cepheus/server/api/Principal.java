package io.cepheus.server.api;

import java.util.Objects;

/**
 * Who makes a request: the token it came with.
 *
 * @param tokenId the token's id
 * @param name the token's name
 * @param role what it may do
 */
public record Principal(String tokenId, String name, Role role) {
    public Principal {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    /** How the audit log names it: {@code id (name)}. */
    public String describe() {
        return tokenId + " (" + name + ")";
    }
}
