package io.cepheus.server.rules;

import io.cepheus.dsl.CompiledRule;
import io.cepheus.dsl.CompiledRules;
import io.cepheus.dsl.Diagnostic;
import io.cepheus.dsl.RuleLanguage;
import io.cepheus.dsl.RuleLanguageException;
import io.cepheus.dsl.Source;
import java.io.IOException;
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

    /**
     * A rule file as read.
     *
     * @param source its text, named by its path as given
     * @param encodingError when the file is not UTF-8: where its first bad byte is (the text then
     *     has U+FFFD for each bad byte); else null
     */
    public record RuleFile(Source source, Diagnostic encodingError) {}

    /** Reads a file as UTF-8; a file that is not is read all the same, with an error (see {@link RuleFile}). */
    public static RuleFile read(Path file) throws IOException {
        return RuleText.decode(file.toString(), Files.readAllBytes(file));
    }

    /**
     * Reads, checks and compiles the files of one rule set together. A file that is not UTF-8 is an
     * error at its first bad byte; it is checked all the same, and so are the others.
     */
    public static Compilation compileFiles(List<Path> files) throws IOException {
        List<Source> sources = new ArrayList<>();
        List<Diagnostic> encodingErrors = new ArrayList<>();
        for (Path f : files) {
            RuleFile file = read(f);
            sources.add(file.source());
            if (file.encodingError() != null) {
                encodingErrors.add(file.encodingError());
            }
        }
        Compilation compiled = compile(sources);
        if (encodingErrors.isEmpty()) {
            return compiled;
        }
        encodingErrors.addAll(compiled.diagnostics());
        return new Compilation(sources, encodingErrors, null);
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
                rule.alertsRead().isEmpty() ? null : alert -> rule.alertEvent(alert.source()),
                new RuleInfo(rule.title().orElse(null), rule.severity().orElse(null), rule.tags(), rule.channels()));
    }

    private static RenderedAlert rendered(io.cepheus.dsl.Alert alert) {
        return new RenderedAlert(alert.summary(), alert.fields(), alert.values(), alert);
    }
}
