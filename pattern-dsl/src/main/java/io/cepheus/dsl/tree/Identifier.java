package io.cepheus.dsl.tree;

import java.util.Objects;

/** A name as written: a stream, rule, field, step, function or type name. */
public record Identifier(String value, Span span) implements Node {
    public Identifier {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(span, "span");
    }
}
