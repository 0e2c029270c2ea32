package io.cepheus.dsl.tree;

/** A node of the syntax tree. Every node is an immutable record that knows where it came from. */
public interface Node {
    Span span();
}
