package io.cepheus.dsl;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Rules that cannot be compiled (or text that cannot be formatted): carries every diagnostic,
 * errors and warnings, in source order. The message lists the errors one per line as {@code
 * line L:C: message}.
 */
public final class RuleLanguageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    RuleLanguageException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().filter(Diagnostic::isError)
                .map(d -> d.source() + ":" + d.line() + ":" + d.column() + ": " + d.message())
                .collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** All diagnostics, errors and warnings. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The errors only. */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}
