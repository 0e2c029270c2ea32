package io.cepheus.dsl.tree;

import java.util.List;
import java.util.Objects;

/** A parsed file: stream declarations and rules, in source order, and its comments. */
public record SourceFile(List<Declaration> declarations, List<Comment> comments, Span span) implements Node {
    public SourceFile {
        declarations = List.copyOf(declarations);
        comments = List.copyOf(comments);
        Objects.requireNonNull(span, "span");
    }
}
