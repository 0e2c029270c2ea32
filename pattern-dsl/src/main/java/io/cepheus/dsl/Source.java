package io.cepheus.dsl;

import java.util.Objects;

/**
 * A rule file's text and a name for messages.
 *
 * @param name shown in rendered diagnostics (a path, or any label)
 * @param text the rule language text
 */
public record Source(String name, String text) {
    public Source {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }

    public static Source of(String name, String text) {
        return new Source(name, text);
    }
}
