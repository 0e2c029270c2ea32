package io.cepheus.dsl;

import io.cepheus.dsl.tree.SourceFile;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of parsing one source: the tree when there is no syntax error, and the diagnostics.
 *
 * @param source what was parsed
 * @param diagnostics syntax errors (and the few errors found while building the tree)
 */
public record ParseResult(Source source, Optional<SourceFile> tree, List<Diagnostic> diagnostics) {
    public ParseResult {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(tree, "tree");
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
