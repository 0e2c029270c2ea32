package io.cepheus.dsl.tree;

import java.util.Objects;

/**
 * A {@code #} comment, kept so that the formatter can write it back.
 *
 * @param text the comment including the leading {@code #}, without the line end
 * @param trailing whether code precedes it on its line
 */
public record Comment(String text, boolean trailing, Span span) implements Node {
    public Comment {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(span, "span");
    }
}
