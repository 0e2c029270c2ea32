package io.cepheus.server.control;

import io.cepheus.dsl.RuleLanguage;
import io.cepheus.dsl.Source;
import io.cepheus.dsl.tree.Declaration;
import io.cepheus.server.rules.Compilation;
import io.cepheus.server.rules.RuleFiles;
import io.cepheus.server.rules.RuleTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Applies a rules directory ({@code serve --rules DIR}) — or another set of rule files that one
 * writer owns, such as the demo's ({@code serve --demo}) — to the control topic, as {@code kubectl
 * apply --prune} does: each stream and rule declared in the files is added, or changed (a new version)
 * when its canonical text differs from the deployed one; streams and rules that came from the same
 * origin ({@link Origins}) and are no longer in the files are deleted. Definitions of other origins
 * (the REST API, the demo for a rules directory, a rules directory for the demo) are never deleted,
 * and a changed rule keeps its state (enabled, disabled or shadow). Immutable: the files as {@linkplain
 * #read read}.
 */
public final class RuleDirectory {

    /** What applying did to one definition. */
    public enum Action { ADDED, CHANGED, UNCHANGED, DELETED }

    /**
     * One definition's outcome.
     *
     * @param kind {@code stream} or {@code rule}
     * @param version the version deployed now; 0 when deleted
     */
    public record Change(String kind, String name, Action action, long version) {
        /** e.g. {@code rule card_testing: changed (version 3)}. */
        public String describe() {
            return kind + " " + name + ": " + action.name().toLowerCase(java.util.Locale.ROOT)
                    + (action == Action.DELETED ? "" : " (version " + version + ")");
        }
    }

    /** The outcome: the changes and the control topic's offset after the last write (0 if none). */
    public record Applied(List<Change> changes, long offset) {
        public Applied {
            changes = List.copyOf(changes);
        }
    }

    private final String origin;
    private final Map<String, String> streams;
    private final Map<String, String> rules;

    private RuleDirectory(String origin, Map<String, String> streams, Map<String, String> rules) {
        this.origin = origin;
        this.streams = streams;
        this.rules = rules;
    }

    /**
     * Reads and compiles the directory's rule files, each declaration in canonical form; their origin
     * is {@link Origins#FILES}.
     *
     * @throws InvalidRulesException if the files do not compile
     * @throws UncheckedIOException if they cannot be read
     */
    public static RuleDirectory read(Path dir) {
        try {
            return of(Origins.FILES, "the rules in " + dir, RuleTools.compileFiles(RuleFiles.ruleFilesUnder(dir)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rules in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Compiles rule files given as text, each declaration in canonical form.
     *
     * @param origin who owns the definitions ({@link Origins}): only those of this origin are deleted
     *     when the files no longer declare them
     * @param what the files, for the message of an error (e.g. {@code the demo's rules})
     * @throws InvalidRulesException if the files do not compile
     */
    public static RuleDirectory of(String origin, String what, List<Source> files) {
        return of(origin, what, RuleTools.compile(files));
    }

    private static RuleDirectory of(String origin, String what, Compilation compiled) {
        if (compiled.hasErrors()) {
            throw new InvalidRulesException(what + " have " + compiled.errorCount() + " error"
                    + (compiled.errorCount() == 1 ? "" : "s") + ":\n" + compiled.render());
        }
        Map<String, String> streams = new TreeMap<>();
        Map<String, String> rules = new TreeMap<>();
        for (Source source : compiled.sources()) {
            split(source, streams, rules);
        }
        return new RuleDirectory(origin, streams, rules);
    }

    /** The names of the declared streams, in order. */
    public List<String> streamNames() {
        return List.copyOf(streams.keySet());
    }

    /** The names of the declared rules, in order. */
    public List<String> ruleNames() {
        return List.copyOf(rules.keySet());
    }

    /**
     * Writes the difference between this directory and {@code catalog} to {@code topic}, in one
     * transaction ({@link ControlTopic#atomically}): every node sees the whole directory at once.
     */
    public Applied apply(Catalog catalog, ControlTopic topic, Instant now) {
        List<Change> changes = new ArrayList<>();
        List<Consumer<ControlTopic>> writes = new ArrayList<>();
        for (Map.Entry<String, String> s : streams.entrySet()) {
            StreamDefinition deployed = catalog.streams().get(s.getKey());
            if (deployed != null && deployed.text().equals(s.getValue())) {
                changes.add(new Change("stream", s.getKey(), Action.UNCHANGED, deployed.version()));
                continue;
            }
            long version = deployed == null ? 1 : deployed.version() + 1;
            StreamDefinition next = new StreamDefinition(s.getKey(), s.getValue(), version, now, origin);
            writes.add(t -> t.put(next));
            changes.add(new Change("stream", s.getKey(), deployed == null ? Action.ADDED : Action.CHANGED, version));
        }
        for (Map.Entry<String, String> r : rules.entrySet()) {
            RuleDefinition deployed = catalog.rules().get(r.getKey());
            if (deployed != null && deployed.text().equals(r.getValue())) {
                changes.add(new Change("rule", r.getKey(), Action.UNCHANGED, deployed.version()));
                continue;
            }
            long version = deployed == null ? lastKept(catalog, r.getKey()) + 1 : deployed.version() + 1;
            RuleState state = deployed == null ? RuleState.ENABLED : deployed.state();
            RuleDefinition next = new RuleDefinition(r.getKey(), r.getValue(), version, state, now, origin);
            writes.add(t -> t.put(next));
            changes.add(new Change("rule", r.getKey(), deployed == null ? Action.ADDED : Action.CHANGED, version));
        }
        for (RuleDefinition gone : catalog.rules().values()) {
            if (gone.origin().equals(origin) && !rules.containsKey(gone.name())) {
                writes.add(t -> t.deleteRule(gone.name(), gone.version()));
                changes.add(new Change("rule", gone.name(), Action.DELETED, 0));
            }
        }
        for (StreamDefinition gone : catalog.streams().values()) {
            if (gone.origin().equals(origin) && !streams.containsKey(gone.name())) {
                writes.add(t -> t.deleteStream(gone.name()));
                changes.add(new Change("stream", gone.name(), Action.DELETED, 0));
            }
        }
        long offset = writes.isEmpty() ? 0 : topic.atomically(t -> writes.forEach(w -> w.accept(t)));
        return new Applied(changes, offset);
    }

    /** A rule deleted and declared again continues its version numbers where the kept ones end. */
    private static long lastKept(Catalog catalog, String rule) {
        return catalog.versions(rule).isEmpty() ? 0 : catalog.versions(rule).lastKey();
    }

    /** Each declaration of {@code source} in canonical form, by name. */
    private static void split(Source source, Map<String, String> streams, Map<String, String> rules) {
        var tree = RuleLanguage.parse(source).tree().orElseThrow();
        for (Declaration d : tree.declarations()) {
            var span = d.span();
            String text = RuleLanguage.format(source.text().substring(span.start(), span.end()));
            switch (d) {
                case Declaration.Stream s -> streams.put(s.name().value(), text);
                case Declaration.Rule r -> rules.put(r.name().value(), text);
            }
        }
    }
}
