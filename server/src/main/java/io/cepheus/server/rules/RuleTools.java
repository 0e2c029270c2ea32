package io.cepheus.server.rules;

import io.cepheus.dsl.CompiledRule;
import io.cepheus.dsl.CompiledRules;
import io.cepheus.dsl.Diagnostic;
import io.cepheus.dsl.RuleLanguage;
import io.cepheus.dsl.RuleLanguageException;
import io.cepheus.dsl.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where the offline commands call the rule language (pattern-dsl): reading rule
 * files, checking and compiling them, formatting. Stateless.
 */
public final class RuleTools {

    private RuleTools() {}

    /** Reads files as UTF-8 sources named by their path as given. */
    public static List<Source> read(List<Path> files) throws IOException {
        List<Source> sources = new ArrayList<>();
        for (Path f : files) {
            sources.add(Source.of(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
        }
        return sources;
    }

    /** Checks and compiles the files of one rule set together. */
    public static Compilation compile(List<Source> sources) {
        try {
            CompiledRules compiled = RuleLanguage.compile(sources);
            List<OfflineRule> rules = compiled.rules().stream().map(r -> offline(r, compiled)).toList();
            return new Compilation(sources, compiled.warnings(),
                    new RuleSet(List.copyOf(compiled.streams().values()), rules));
        } catch (RuleLanguageException e) {
            return new Compilation(sources, e.diagnostics(), null);
        }
    }

    /**
     * The canonical form of one file.
     *
     * @return the formatted text, or the file's diagnostics when it cannot be parsed
     */
    public static Formatted format(Source source) {
        try {
            return new Formatted(RuleLanguage.format(source), List.of());
        } catch (RuleLanguageException e) {
            return new Formatted(null, e.diagnostics());
        }
    }

    /**
     * A formatting result.
     *
     * @param text the canonical text; null when the source has errors
     * @param diagnostics why it could not be formatted
     */
    public record Formatted(String text, List<Diagnostic> diagnostics) {
        public Formatted {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    private static OfflineRule offline(CompiledRule rule, CompiledRules all) {
        AlertRenderer renderer = new AlertRenderer() {
            @Override
            public RenderedAlert render(io.cepheus.core.Match match) {
                return rendered(rule.render(match));
            }

            @Override
            public RenderedAlert render(io.cepheus.core.AggregateResult result) {
                return rendered(rule.render(result));
            }
        };
        List<io.cepheus.dsl.StreamLayout> inputs = rule.streams().stream()
                .filter(s -> all.streams().containsKey(s.name())).toList();
        return new OfflineRule(rule.name(), rule.stream(), inputs, rule.rule(), rule.aggregateRule(), rule.baselines(),
                rule::partitionKey, rule.partitionBy(), renderer, rule.suppression().map(io.cepheus.dsl.Suppression::duration).orElse(null),
                rule::suppressionKey, rule::suppressionKey, rule.alertsRead(), rule::eventFor,
                rule.alertsRead().isEmpty() ? null : alert -> rule.alertEvent(alert.source()));
    }

    private static RenderedAlert rendered(io.cepheus.dsl.Alert alert) {
        return new RenderedAlert(alert.summary(), alert.fields(), alert.values(), alert);
    }
}
