package io.cepheus.server.control;

import java.time.Instant;
import java.util.Objects;

/**
 * A declared stream as the control topic holds it.
 *
 * @param name the stream's name, as in its text
 * @param text its {@code stream NAME { ... }} declaration in the rule language, in canonical form
 * @param version 1 for the first declaration, one more for each change
 * @param updated when this version was written
 * @param origin who wrote it: {@value Origins#FILES} for a rules directory applied at start
 */
public record StreamDefinition(String name, String text, long version, Instant updated, String origin) {
    public StreamDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text of stream " + name);
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(origin, "origin");
        if (version < 1) {
            throw new IllegalArgumentException("version of stream " + name + " must be at least 1, was " + version);
        }
    }
}
