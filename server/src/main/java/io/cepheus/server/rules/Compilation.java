package io.cepheus.server.rules;

import io.cepheus.dsl.Diagnostic;
import io.cepheus.dsl.Source;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of checking or compiling one rule set.
 *
 * @param sources the files, by name as shown in diagnostics
 * @param diagnostics errors and warnings in source order
 * @param rules the compiled rules; null when there are errors
 */
public record Compilation(List<Source> sources, List<Diagnostic> diagnostics, RuleSet rules) {
    public Compilation {
        sources = List.copyOf(sources);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public long errorCount() {
        return diagnostics.stream().filter(Diagnostic::isError).count();
    }

    public long warningCount() {
        return diagnostics.size() - errorCount();
    }

    /** Each diagnostic with its source line and a caret, separated by line ends. */
    public String render() {
        Map<String, String> texts = sources.stream().collect(Collectors.toMap(Source::name, Source::text, (a, b) -> a));
        return diagnostics.stream().map(d -> d.render(texts.getOrDefault(d.source(), "")))
                .collect(Collectors.joining("\n"));
    }
}
