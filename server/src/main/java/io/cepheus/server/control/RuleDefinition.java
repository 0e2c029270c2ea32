package io.cepheus.server.control;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a rule as the control topic holds it. Versions are immutable: a change writes the
 * next version.
 *
 * @param name the rule's name, as in its text
 * @param text its {@code rule NAME { ... }} declaration in the rule language, in canonical form
 * @param version 1 for the first, one more for each change (of the text or the state)
 * @param state whether it runs
 * @param updated when this version was written
 * @param origin who wrote it: {@value Origins#FILES} for a rules directory applied at start
 * @param drain whether the version this one replaces drains (its partial matches go on until their
 *     window ends) or is dropped at once with its partial matches
 */
public record RuleDefinition(String name, String text, long version, RuleState state, Instant updated, String origin,
                             boolean drain) {
    public RuleDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text of rule " + name);
        Objects.requireNonNull(state, "state of rule " + name);
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(origin, "origin");
        if (version < 1) {
            throw new IllegalArgumentException("version of rule " + name + " must be at least 1, was " + version);
        }
    }

    /** A version whose predecessor drains. */
    public RuleDefinition(String name, String text, long version, RuleState state, Instant updated, String origin) {
        this(name, text, version, state, updated, origin, true);
    }
}
