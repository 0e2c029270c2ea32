package io.cepheus.dsl;

import java.util.Objects;

/**
 * A rule file's text and a name for messages.
 *
 * <p>A byte-order mark (U+FEFF) at the start of the text, as some editors save UTF-8, is not part
 * of the text: it is dropped here, so the file parses and positions count from its first real
 * character, as an editor shows them.
 *
 * @param name shown in rendered diagnostics (a path, or any label)
 * @param text the rule language text, without a leading byte-order mark
 */
public record Source(String name, String text) {

    private static final char BYTE_ORDER_MARK = '\ufeff';

    public Source {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
    }

    public static Source of(String name, String text) {
        return new Source(name, text);
    }
}
