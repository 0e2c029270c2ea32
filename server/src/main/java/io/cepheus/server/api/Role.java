package io.cepheus.server.api;

import java.util.Locale;

/**
 * What a bearer token may do. Roles are ordered: an admin may do what an author may, an author what
 * a viewer may.
 */
public enum Role {
    /** Reads rules, streams and versions; validates rule text. */
    VIEWER,
    /** A viewer who also changes rules and streams and posts events. */
    AUTHOR,
    /** An author who also manages tokens and reads the audit log. */
    ADMIN;

    /** The lower-case name used in JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True if this role may do what {@code required} may. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    /** @throws ApiException (invalid) if {@code label} names no role */
    public static Role ofLabel(String label) {
        for (Role r : values()) {
            if (r.label().equals(label)) {
                return r;
            }
        }
        throw ApiException.invalid("unknown role '" + label + "' (admin, author or viewer)");
    }
}
