package io.cepheus.dsl;

import io.cepheus.dsl.tree.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Cepheus rule language: parse, check, compile and format rule files.
 *
 * <pre>{@code
 * CompiledRules rules = RuleLanguage.compile(Source.of("fraud.cep", text));   // throws RuleLanguageException
 * CepEngine engine = CepEngine.builder().rules(rules.engineRules()).output(...).build();
 * CompiledRule r = rules.rule("card_testing");
 * engine.process(r.partitionKey(event), event);        // events laid out by r.stream()
 * Alert alert = r.render(match);                        // in EngineOutput.onMatch
 * List<Diagnostic> problems = RuleLanguage.check(sources);  // errors and warnings, never throws
 * String canonical = RuleLanguage.format(text);
 * }</pre>
 *
 * <p>Several sources are checked and compiled together: a rule may read a stream declared in
 * another file. Every method is thread-safe and has no state; none throws on malformed input other
 * than as documented (a {@link RuleLanguageException} carrying positioned diagnostics), and none
 * hangs: input nested more than 64 levels deep is rejected before parsing.
 */
public final class RuleLanguage {

    private RuleLanguage() {}

    /** Parses one source. Never throws for bad input: syntax errors are in the result. */
    public static ParseResult parse(Source source) {
        Problems problems = new Problems(source.name());
        SourceFile tree;
        try {
            tree = Parsing.parseFile(source.text(), problems);
        } catch (StackOverflowError e) {
            problems.error(1, 1, 1, "the file is nested too deeply to be parsed");
            tree = null;
        }
        return new ParseResult(source, problems.hasErrors() ? Optional.empty() : Optional.ofNullable(tree), problems.sorted());
    }

    /** Parses and checks sources together: every error and warning, in source order. Never throws for bad input. */
    public static List<Diagnostic> check(List<Source> sources) {
        return run(sources).diagnostics;
    }

    public static List<Diagnostic> check(Source... sources) {
        return check(List.of(sources));
    }

    /**
     * Parses, checks and compiles sources together.
     *
     * @return the streams and rules; warnings are in {@link CompiledRules#warnings()}
     * @throws RuleLanguageException if there is any error (it carries all diagnostics)
     */
    public static CompiledRules compile(List<Source> sources) {
        Run run = run(sources);
        if (run.diagnostics.stream().anyMatch(Diagnostic::isError)) {
            throw new RuleLanguageException(run.diagnostics);
        }
        return new CompiledRules(run.rules.streams(), run.rules.rules(), run.diagnostics);
    }

    public static CompiledRules compile(Source... sources) {
        return compile(List.of(sources));
    }

    /**
     * The canonical form of {@code text}.
     *
     * @throws RuleLanguageException if the text has syntax errors
     */
    public static String format(String text) {
        return format(Source.of("<input>", text));
    }

    /**
     * The canonical form of a source; diagnostics carry the source's name.
     *
     * @throws RuleLanguageException if the source has syntax errors
     */
    public static String format(Source source) {
        ParseResult parsed = parse(source);
        if (parsed.tree().isEmpty()) {
            throw new RuleLanguageException(parsed.diagnostics());
        }
        return format(parsed.tree().get());
    }

    /** The canonical text of a tree (for a tree made by {@link #parse}: parsing the result gives the same tree). */
    public static String format(SourceFile tree) {
        return Formatter.format(tree);
    }

    private record Run(CompiledRules rules, List<Diagnostic> diagnostics) {}

    private static Run run(List<Source> sources) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<RuleCompiler.ParsedSource> parsed = new ArrayList<>();
        for (Source s : sources) {
            ParseResult r = parse(s);
            diagnostics.addAll(r.diagnostics());
            r.tree().ifPresent(t -> parsed.add(new RuleCompiler.ParsedSource(s, t)));
        }
        Problems problems = new Problems(sources.isEmpty() ? "<input>" : sources.get(0).name());
        problems.addAll(diagnostics);
        CompiledRules rules;
        try {
            rules = new RuleCompiler(problems, true).compile(parsed);
        } catch (StackOverflowError e) {
            problems.error(1, 1, 1, "the rules are nested too deeply to be checked");
            rules = new CompiledRules(java.util.Map.of(), List.of(), List.of());
        }
        return new Run(rules, problems.sorted());
    }
}
