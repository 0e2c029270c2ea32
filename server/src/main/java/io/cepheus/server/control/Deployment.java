package io.cepheus.server.control;

import io.cepheus.dsl.Diagnostic;
import io.cepheus.dsl.Source;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.rules.Compilation;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.rules.RuleSet;
import io.cepheus.server.rules.RuleTools;
import io.cepheus.server.rules.Shadow;
import io.cepheus.server.runtime.RuleVersions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What runs, compiled from a {@link Catalog}: every declared stream, the deployed version of every
 * rule ({@link #live}) and every rule's shadow ({@link RuleState#SHADOW}, as {@code NAME~shadow}), each
 * with its catalog version. A definition that does not compile in the catalog (a rule whose
 * stream was deleted, say) does not run and is listed with its problem, and the others run: one bad
 * definition never stops the rest. Immutable.
 */
public final class Deployment {

    /** Nothing deployed. */
    public static final Deployment EMPTY = new Deployment(Catalog.EMPTY, new RuleSet(List.of(), List.of()), Map.of());

    private static final String STREAM = "stream ";
    private static final String RULE = "rule ";

    private final Catalog catalog;
    private final RuleSet rules;
    private final Map<String, String> problems;
    private final Map<String, List<OfflineRule>> earlier = new java.util.concurrent.ConcurrentHashMap<>();

    private Deployment(Catalog catalog, RuleSet rules, Map<String, String> problems) {
        this.catalog = catalog;
        this.rules = rules;
        this.problems = Collections.unmodifiableMap(new TreeMap<>(problems));
    }

    /**
     * Compiles the catalog's streams, the deployed version of each rule ({@link #live}) and each rule's
     * shadow ({@link RuleState#SHADOW}, compiled apart as {@link Shadow#of}), leaving out what does
     * not compile.
     */
    public static Deployment of(Catalog catalog) {
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, RuleDefinition> live = new LinkedHashMap<>();
        catalog.rules().keySet().forEach(name -> live(catalog, name).ifPresent(r -> live.put(name, r)));
        List<Source> sources = sources(catalog, live);
        while (true) {
            Compilation c = RuleTools.compile(sources);
            if (!c.hasErrors()) {
                List<OfflineRule> versioned = new ArrayList<>(c.rules().rules().stream()
                        .map(r -> r.withVersion(live.get(r.name()).version())).toList());
                versioned.addAll(shadows(catalog, sources, problems));
                return new Deployment(catalog, new RuleSet(c.rules().streams(), versioned), problems);
            }
            List<String> failed = c.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::source)
                    .distinct().toList();
            for (String source : failed) {
                problems.put(source, c.diagnostics().stream()
                        .filter(d -> d.isError() && d.source().equals(source)).findFirst().orElseThrow().toString());
            }
            List<Source> left = sources.stream().filter(s -> !failed.contains(s.name())).toList();
            if (left.size() == sources.size()) {
                throw new IllegalStateException("errors outside the catalog's sources: " + c.render());
            }
            sources = left;
        }
    }

    /**
     * The version of rule {@code name} that runs live: its current version when enabled; when the
     * current one is in shadow, the newest earlier version not in shadow, if that one is enabled;
     * else none.
     */
    public static Optional<RuleDefinition> live(Catalog catalog, String name) {
        Optional<RuleDefinition> current = catalog.rule(name);
        if (current.isEmpty() || current.get().state() != RuleState.SHADOW) {
            return current.filter(r -> r.state() == RuleState.ENABLED);
        }
        for (RuleDefinition v : catalog.versions(name).headMap(current.get().version(), false).descendingMap().values()) {
            if (v.state() != RuleState.SHADOW) {
                return Optional.of(v).filter(r -> r.state() == RuleState.ENABLED);
            }
        }
        return Optional.empty();
    }

    /** Each rule in shadow compiled with the streams and the live rules but its own live version. */
    private static List<OfflineRule> shadows(Catalog catalog, List<Source> compiled, Map<String, String> problems) {
        List<OfflineRule> shadows = new ArrayList<>();
        for (RuleDefinition r : catalog.rules().values()) {
            if (r.state() != RuleState.SHADOW) {
                continue;
            }
            String own = RULE + r.name();
            String source = RULE + Shadow.nameOf(r.name());
            List<Source> sources = new ArrayList<>(compiled.stream().filter(s -> !s.name().equals(own)).toList());
            sources.add(Source.of(source, r.text()));
            Compilation c = RuleTools.compile(sources);
            if (c.hasErrors()) {
                problems.put(source, c.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow()
                        .toString());
            } else {
                shadows.add(Shadow.of(c.rules().rule(r.name()).orElseThrow()).withVersion(r.version()));
            }
        }
        return shadows;
    }

    private static List<Source> sources(Catalog catalog, Map<String, RuleDefinition> live) {
        List<Source> sources = new ArrayList<>();
        catalog.streams().values().forEach(s -> sources.add(Source.of(STREAM + s.name(), s.text())));
        live.values().forEach(r -> sources.add(Source.of(RULE + r.name(), r.text())));
        return sources;
    }

    /** The catalog compiled. */
    public Catalog catalog() {
        return catalog;
    }

    /** The control topic's offset this deployment is as of: a later deployment has a greater one. */
    public long generation() {
        return catalog.offset();
    }

    /** The streams and the rules that run (enabled and compiled), each with its version. */
    public RuleSet rules() {
        return rules;
    }

    /**
     * Why a definition does not run, by {@code "rule NAME"} or {@code "stream NAME"}: its first error,
     * with line and column.
     */
    public Map<String, String> problems() {
        return problems;
    }

    /** The declared streams that running rules read, in rule order. */
    public List<StreamLayout> streamsRead() {
        Map<String, StreamLayout> read = new LinkedHashMap<>();
        for (OfflineRule r : rules.rules()) {
            r.inputs().forEach(s -> read.putIfAbsent(s.name(), s));
        }
        return List.copyOf(read.values());
    }

    /**
     * The rules' earlier versions for the runtime: those that may still drain ({@link
     * #earlierVersions}; none for a rule whose running version said not to drain), and whether a
     * replaced version drains ({@link RuleDefinition#drain}).
     */
    public RuleVersions versions() {
        return new RuleVersions() {
            @Override
            public List<OfflineRule> earlier(String rule) {
                return drains(rule) ? earlierVersions(rule) : List.of();
            }

            @Override
            public boolean drains(String rule) {
                return catalog.rule(rule).map(RuleDefinition::drain).orElse(true);
            }
        };
    }

    /**
     * Up to {@value #DRAINING_VERSIONS} kept versions of pattern rule {@code name} before the running
     * one that still compile against this deployment's streams, newest first: what an engine reopened
     * over stored state may still be draining. Compiled once per deployment.
     */
    public List<OfflineRule> earlierVersions(String name) {
        return earlier.computeIfAbsent(name, this::compileEarlierVersions);
    }

    /** How many versions before the running one an engine reopened over its state may go on draining. */
    static final int DRAINING_VERSIONS = 3;

    private List<OfflineRule> compileEarlierVersions(String name) {
        Optional<RuleDefinition> current = live(catalog, name);
        if (current.isEmpty()) {
            return List.of();
        }
        List<OfflineRule> earlier = new ArrayList<>();
        for (RuleDefinition v : catalog.versions(name).headMap(current.get().version(), false).descendingMap().values()) {
            if (earlier.size() == DRAINING_VERSIONS) {
                break;
            }
            List<Source> sources = new ArrayList<>();
            catalog.streams().values().forEach(s -> sources.add(Source.of(STREAM + s.name(), s.text())));
            sources.add(Source.of(RULE + name, v.text()));
            Compilation c = RuleTools.compile(sources);
            if (!c.hasErrors()) {
                c.rules().rule(name).filter(r -> r.engineRule() != null)
                        .ifPresent(r -> earlier.add(r.withVersion(v.version())));
            }
        }
        return List.copyOf(earlier);
    }
}
