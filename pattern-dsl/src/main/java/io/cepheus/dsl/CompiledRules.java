package io.cepheus.dsl;

import io.cepheus.core.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The result of compiling rule files: the declared streams, the compiled rules in source order and
 * the warnings. Immutable and thread-safe.
 */
public final class CompiledRules {

    private final Map<String, StreamLayout> streams;
    private final Map<String, CompiledRule> rules;
    private final List<Diagnostic> warnings;

    CompiledRules(Map<String, StreamLayout> streams, List<CompiledRule> rules, List<Diagnostic> warnings) {
        this.streams = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(streams));
        Map<String, CompiledRule> byName = new LinkedHashMap<>();
        rules.forEach(r -> byName.put(r.name(), r));
        this.rules = java.util.Collections.unmodifiableMap(byName);
        this.warnings = List.copyOf(warnings);
    }

    /** Declared streams by name, in declaration order. */
    public Map<String, StreamLayout> streams() {
        return streams;
    }

    /** The compiled rules in source order. */
    public List<CompiledRule> rules() {
        return List.copyOf(rules.values());
    }

    /** The rule called {@code name}. @throws IllegalArgumentException if there is none */
    public CompiledRule rule(String name) {
        CompiledRule r = rules.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no rule named '" + name + "'; rules: " + rules.keySet());
        }
        return r;
    }

    /** The engine pattern rules, for {@code CepEngine.builder().rules(...)}. */
    public List<Rule> engineRules() {
        List<Rule> list = new ArrayList<>();
        rules.values().stream().filter(r -> !r.isAggregate()).forEach(r -> list.add(r.rule()));
        return list;
    }

    /** The engine aggregate rules, for {@code CepEngine.builder().aggregateRules(...)}. */
    public List<io.cepheus.core.window.AggregateRule> engineAggregateRules() {
        List<io.cepheus.core.window.AggregateRule> list = new ArrayList<>();
        rules.values().stream().filter(CompiledRule::isAggregate).forEach(r -> list.add(r.aggregateRule()));
        return list;
    }

    /** The fields of {@code stream} that some rule reads: the only ones a decoder must fill. */
    public List<String> fieldsRead(String stream) {
        TreeSet<Integer> indices = new TreeSet<>();
        rules.values().forEach(r -> java.util.Arrays.stream(r.fieldIndicesRead(stream)).forEach(indices::add));
        StreamLayout layout = streams.get(stream);
        if (layout == null) {
            throw new IllegalArgumentException("no stream named '" + stream + "'");
        }
        return indices.stream().map(i -> layout.fields().get(i).name()).toList();
    }

    /** Warnings (suspicious but legal constructs); errors never reach a CompiledRules. */
    public List<Diagnostic> warnings() {
        return warnings;
    }
}
