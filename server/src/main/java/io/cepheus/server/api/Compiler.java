package io.cepheus.server.api;

import io.cepheus.dsl.CompiledRule;
import io.cepheus.dsl.CompiledRules;
import io.cepheus.dsl.Diagnostic;
import io.cepheus.dsl.ParseResult;
import io.cepheus.dsl.RuleLanguage;
import io.cepheus.dsl.RuleLanguageException;
import io.cepheus.dsl.Source;
import io.cepheus.dsl.tree.Declaration;
import io.cepheus.server.control.Catalog;
import io.cepheus.server.control.RuleDefinition;
import io.cepheus.server.control.RuleState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rule text in the context of a catalog: text sent to the API is compiled together with the
 * catalog's streams and running rules (so that {@code from payments} resolves), and only the
 * diagnostics of the text itself are the request's. Also compiles a catalog's rules once per catalog
 * for their summaries. Thread-safe.
 */
final class Compiler {

    /** The name of the request's text in diagnostics. */
    static final String REQUEST = "request";

    private static final String STREAM = "stream ";
    private static final String RULE = "rule ";

    /** One declaration of a text, in canonical form. */
    record Declared(String name, String canonical) {}

    /** A rule of a catalog compiled: its summary, or why it does not compile. */
    record Compiled(RuleSummary summary, String problem) {}

    /** A text checked in the catalog's context. */
    record Checked(List<Finding> findings, boolean valid, Map<String, RuleSummary> rules) {}

    private record Cached(Catalog catalog, Map<String, Compiled> rules) {}

    private volatile Cached cached = new Cached(null, Map.of());

    /**
     * Parses {@code text}, which must declare exactly one {@code kind} ({@code stream} or {@code rule})
     * and nothing else, and checks it in {@code catalog}'s context ({@code except} its current
     * declaration of the same name).
     *
     * @throws ApiException (invalid, with the findings) if it does not
     */
    Declared one(Catalog catalog, String text, String kind) {
        ParseResult parsed = RuleLanguage.parse(Source.of(REQUEST, text));
        if (parsed.tree().isEmpty()) {
            throw ApiException.invalid("the " + kind + " text has syntax errors", findings(parsed.diagnostics()));
        }
        List<Declaration> declarations = parsed.tree().get().declarations();
        if (declarations.size() != 1 || !kindOf(declarations.getFirst()).equals(kind)) {
            throw ApiException.invalid("the text must declare exactly one " + kind + ", and nothing else; it declares "
                    + (declarations.isEmpty() ? "nothing" : String.join(", ", declarations.stream()
                            .map(d -> kindOf(d) + " " + nameOf(d)).toList())),
                    List.of(Finding.error(1, 1, "expected one " + kind + " declaration")));
        }
        Checked checked = check(catalog, text);
        if (!checked.valid()) {
            throw ApiException.invalid("the " + kind + " does not compile", checked.findings());
        }
        return new Declared(nameOf(declarations.getFirst()), RuleLanguage.format(parsed.tree().get()));
    }

    /**
     * Checks {@code text} (any streams and rules) against the catalog's streams and running rules;
     * the text's declarations replace the catalog's of the same names.
     */
    Checked check(Catalog catalog, String text) {
        ParseResult parsed = RuleLanguage.parse(Source.of(REQUEST, text));
        if (parsed.tree().isEmpty()) {
            return new Checked(findings(parsed.diagnostics()), false, Map.of());
        }
        Set<String> declared = new HashSet<>();
        parsed.tree().get().declarations().forEach(d -> declared.add(kindOf(d) + " " + nameOf(d)));
        Map<String, Compiled> compiled = rules(catalog);
        List<Source> sources = new ArrayList<>();
        catalog.streams().values().stream().filter(s -> !declared.contains(STREAM + s.name()))
                .forEach(s -> sources.add(Source.of(STREAM + s.name(), s.text())));
        catalog.rules().values().stream()
                .filter(r -> r.state() != RuleState.DISABLED && !declared.contains(RULE + r.name())
                        && compiled.get(r.name()).summary() != null)
                .forEach(r -> sources.add(Source.of(RULE + r.name(), r.text())));
        sources.add(Source.of(REQUEST, text));
        try {
            CompiledRules rules = RuleLanguage.compile(sources);
            Map<String, RuleSummary> mine = new java.util.LinkedHashMap<>();
            for (Declaration d : parsed.tree().get().declarations()) {
                if (d instanceof Declaration.Rule r) {
                    mine.put(r.name().value(), RuleSummary.of(rules.rule(r.name().value()), PatternGraphs.of(text, r)));
                }
            }
            return new Checked(findings(ofRequest(rules.warnings())), true, mine);
        } catch (RuleLanguageException e) {
            List<Diagnostic> own = ofRequest(e.diagnostics());
            return new Checked(findings(own), own.stream().noneMatch(Diagnostic::isError), Map.of());
        }
    }

    /** Every current rule of {@code catalog}, enabled or not, compiled with the catalog's streams and rules. */
    Map<String, Compiled> rules(Catalog catalog) {
        Cached c = cached;
        if (c.catalog() == catalog) {
            return c.rules();
        }
        Map<String, Compiled> rules = compileAll(catalog);
        cached = new Cached(catalog, rules);
        return rules;
    }

    /** As {@code Deployment} does: compile everything, leave out the sources with errors, again until it compiles. */
    private static Map<String, Compiled> compileAll(Catalog catalog) {
        List<Source> sources = new ArrayList<>();
        catalog.streams().values().forEach(s -> sources.add(Source.of(STREAM + s.name(), s.text())));
        for (RuleDefinition r : catalog.rules().values()) {
            sources.add(Source.of(RULE + r.name(), r.text()));
        }
        Map<String, Compiled> out = new HashMap<>();
        while (!sources.isEmpty()) {
            try {
                CompiledRules compiled = RuleLanguage.compile(sources);
                for (CompiledRule r : compiled.rules()) {
                    out.put(r.name(), new Compiled(RuleSummary.of(r, graph(catalog.rule(r.name())
                            .map(RuleDefinition::text).orElse(""))), null));
                }
                break;
            } catch (RuleLanguageException e) {
                Map<String, Diagnostic> firstError = new HashMap<>();
                e.diagnostics().stream().filter(Diagnostic::isError).forEach(d -> firstError.putIfAbsent(d.source(), d));
                if (!sources.removeIf(s -> firstError.containsKey(s.name()))) {
                    break;
                }
                firstError.forEach((source, d) -> {
                    if (source.startsWith(RULE)) {
                        out.put(source.substring(RULE.length()), new Compiled(null, d.toString()));
                    }
                });
            }
        }
        for (String name : catalog.rules().keySet()) {
            out.putIfAbsent(name, new Compiled(null, "it does not compile with the declared streams and rules"));
        }
        return Map.copyOf(out);
    }

    /**
     * The first error of each running rule that would not compile if stream {@code name} were declared
     * as {@code text} (or deleted, when {@code text} is null), by rule.
     */
    Map<String, Finding> brokenBy(Catalog catalog, String name, String text) {
        Map<String, Compiled> now = rules(catalog);
        List<Source> sources = new ArrayList<>();
        catalog.streams().values().stream().filter(s -> !s.name().equals(name))
                .forEach(s -> sources.add(Source.of(STREAM + s.name(), s.text())));
        if (text != null) {
            sources.add(Source.of(STREAM + name, text));
        }
        catalog.rules().values().stream().filter(r -> now.get(r.name()).summary() != null)
                .forEach(r -> sources.add(Source.of(RULE + r.name(), r.text())));
        Map<String, Finding> broken = new java.util.TreeMap<>();
        try {
            RuleLanguage.compile(sources);
        } catch (RuleLanguageException e) {
            e.diagnostics().stream().filter(d -> d.isError() && d.source().startsWith(RULE))
                    .forEach(d -> broken.putIfAbsent(d.source().substring(RULE.length()), Finding.of(d)));
        }
        return broken;
    }

    /** The compiled form of one stream declaration, if it compiles alone. */
    static Optional<io.cepheus.dsl.StreamLayout> layout(String name, String text) {
        try {
            return Optional.ofNullable(RuleLanguage.compile(Source.of(STREAM + name, text)).streams().get(name));
        } catch (RuleLanguageException e) {
            return Optional.empty();
        }
    }

    /** The pattern graph of the one rule that {@code text} declares; null when it has none. */
    private static PatternGraph graph(String text) {
        return RuleLanguage.parse(Source.of(REQUEST, text)).tree().stream()
                .flatMap(t -> t.declarations().stream())
                .filter(d -> d instanceof Declaration.Rule)
                .map(d -> PatternGraphs.of(text, (Declaration.Rule) d))
                .filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
    }

    private static List<Diagnostic> ofRequest(List<Diagnostic> diagnostics) {
        return diagnostics.stream().filter(d -> d.source().equals(REQUEST)).toList();
    }

    private static List<Finding> findings(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Finding::of).toList();
    }

    private static String kindOf(Declaration d) {
        return switch (d) {
            case Declaration.Stream s -> "stream";
            case Declaration.Rule r -> "rule";
        };
    }

    private static String nameOf(Declaration d) {
        return switch (d) {
            case Declaration.Stream s -> s.name().value();
            case Declaration.Rule r -> r.name().value();
        };
    }
}
