package io.cepheus.server.api;

import io.cepheus.dsl.Source;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.control.Catalog;
import io.cepheus.server.control.Deployment;
import io.cepheus.server.control.RuleDefinition;
import io.cepheus.server.rules.Compilation;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.rules.RuleSet;
import io.cepheus.server.rules.RuleTools;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a backtest runs, compiled in a catalog's context: the rules asked for (with the rules whose
 * alerts they read, as {@code cepheus backtest --rule} runs them), the stream of the events and, for
 * an existing rule, its deployed version to compare with. Immutable.
 *
 * @param rules what runs, in source order
 * @param stream the stream the events are of
 * @param rule the existing rule asked for; null for rule text
 * @param deployed for an existing rule, its deployed version's run ({@link Deployment#live}); empty
 *     when the rule is not deployed
 * @param deployedVersion that version; 0 when none
 */
record BacktestPlan(List<OfflineRule> rules, StreamLayout stream, String rule, List<OfflineRule> deployed,
                    long deployedVersion) {

    private static final String STREAM = "stream ";
    private static final String RULE = "rule ";

    BacktestPlan {
        rules = List.copyOf(rules);
        deployed = List.copyOf(deployed);
    }

    /**
     * Plans a backtest of {@code request} over {@code catalog}.
     *
     * @throws ApiException invalid (text that does not compile, with positions; neither or both of
     *     text and rule; an unknown or ambiguous stream); not found (rule, version); conflict (a kept
     *     version that no longer compiles)
     */
    static BacktestPlan of(Catalog catalog, Compiler compiler, BacktestRequest request) {
        if (request.text().isPresent() == request.rule().isPresent()) {
            throw ApiException.invalid("give either 'text' (rule text) or 'rule' (an existing rule's id), not "
                    + (request.text().isPresent() ? "both" : "neither"));
        }
        if (request.text().isPresent()) {
            String text = request.text().get();
            Compiler.Checked checked = compiler.check(catalog, text);
            if (!checked.valid()) {
                throw ApiException.invalid("the rule text does not compile", checked.findings());
            }
            if (checked.rules().isEmpty()) {
                throw ApiException.invalid("the text declares no rule");
            }
            RuleSet set = compile(catalog, Set.of(), Source.of(Compiler.REQUEST, text));
            List<OfflineRule> run = withUpstream(set, checked.rules().keySet());
            return new BacktestPlan(run, stream(set, run, request), null, List.of(), 0);
        }
        String id = request.rule().get();
        RuleDefinition current = catalog.rule(id).orElseThrow(() -> ApiException.notFound("no rule " + id));
        long n = request.version().orElse(current.version());
        RuleDefinition asked = catalog.versions(id).get(n);
        if (asked == null) {
            throw ApiException.notFound("rule " + id + " has no version " + n + " (it has " + catalog.versions(id).keySet()
                    + ")");
        }
        RuleSet set = compile(catalog, Set.of(id), Source.of(RULE + id, asked.text()));
        List<OfflineRule> run = versioned(catalog, withUpstream(set, Set.of(id)), id, n);
        Optional<RuleDefinition> live = Deployment.live(catalog, id);
        List<OfflineRule> deployed = List.of();
        if (live.isPresent()) {
            RuleSet liveSet = compile(catalog, Set.of(id), Source.of(RULE + id, live.get().text()));
            deployed = versioned(catalog, withUpstream(liveSet, Set.of(id)), id, live.get().version());
        }
        return new BacktestPlan(run, stream(set, run, request), id, deployed, live.map(RuleDefinition::version).orElse(0L));
    }

    /** The catalog's streams and deployed rules (but {@code except}), and {@code source}, compiled. */
    private static RuleSet compile(Catalog catalog, Set<String> except, Source source) {
        List<Source> sources = new ArrayList<>();
        catalog.streams().values().forEach(s -> sources.add(Source.of(STREAM + s.name(), s.text())));
        for (String name : catalog.rules().keySet()) {
            if (!except.contains(name)) {
                Deployment.live(catalog, name).ifPresent(r -> sources.add(Source.of(RULE + r.name(), r.text())));
            }
        }
        // the text's own declarations replace the catalog's of the same names; what does not compile in
        // the catalog (a rule whose stream went) is left out, as the deployment leaves it out
        Compilation first = RuleTools.compile(List.of(source));
        Set<String> own = new LinkedHashSet<>();
        if (first.rules() != null) {
            first.rules().streams().forEach(s -> own.add(STREAM + s.name()));
            first.rules().rules().forEach(r -> own.add(RULE + r.name()));
        }
        List<Source> all = new ArrayList<>(sources.stream().filter(s -> !own.contains(s.name())).toList());
        all.add(source);
        while (true) {
            Compilation c = RuleTools.compile(all);
            if (!c.hasErrors()) {
                return c.rules();
            }
            Set<String> failed = new LinkedHashSet<>();
            c.diagnostics().stream().filter(d -> d.isError()).forEach(d -> failed.add(d.source()));
            if (failed.contains(source.name()) || !all.removeIf(s -> failed.contains(s.name()))) {
                throw ApiException.conflict(source.name() + " does not compile with the streams and rules declared now: "
                        + c.diagnostics().stream().filter(d -> d.isError()).findFirst().orElseThrow());
            }
        }
    }

    /** The rules named and, transitively, those whose alerts they read, in source order. */
    private static List<OfflineRule> withUpstream(RuleSet set, Set<String> names) {
        Set<String> wanted = new LinkedHashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(names);
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (wanted.add(n)) {
                set.rule(n).ifPresent(r -> todo.addAll(r.readsAlertsOf()));
            }
        }
        return set.rules().stream().filter(r -> wanted.contains(r.name())).toList();
    }

    /** Rule {@code id} as version {@code n}, the rules whose alerts it reads as their deployed versions. */
    private static List<OfflineRule> versioned(Catalog catalog, List<OfflineRule> rules, String id, long n) {
        return rules.stream().map(r -> r.withVersion(r.name().equals(id) ? n
                : Deployment.live(catalog, r.name()).map(RuleDefinition::version).orElse(r.version()))).toList();
    }

    private static StreamLayout stream(RuleSet set, List<OfflineRule> run, BacktestRequest request) {
        if (request.stream().isPresent()) {
            String name = request.stream().get();
            return set.stream(name).orElseThrow(() -> ApiException.invalid("no stream " + name));
        }
        Set<String> read = new LinkedHashSet<>();
        run.forEach(r -> r.inputs().forEach(s -> read.add(s.name())));
        if (read.size() != 1) {
            throw ApiException.invalid("the rules read " + (read.isEmpty() ? "no declared stream" : "streams "
                    + String.join(", ", read)) + ": name the events' stream with 'stream'");
        }
        return set.stream(read.iterator().next()).orElseThrow();
    }
}
