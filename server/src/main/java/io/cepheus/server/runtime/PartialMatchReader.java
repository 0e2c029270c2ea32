package io.cepheus.server.runtime;

import io.cepheus.core.CepEngine;
import io.cepheus.core.EngineView;
import io.cepheus.core.Event;
import io.cepheus.core.PartialMatchView;
import io.cepheus.core.state.StateBackend;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.rules.OfflineRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads one rule and key's live partial matches from a backend that holds the state of a {@link
 * CepRuntime} over the same rules, without writing to it: for an interactive query, from another
 * thread than the one that drives the runtime, over a backend that refuses writes.
 *
 * <p>Design: the rule's key space is found as the runtime finds it ({@link CepRuntime#groups}); its
 * engine's stored state is opened with cep-core's {@link EngineView} (read-only: it writes nothing on
 * opening, unlike an engine), with the key space's name, inputs, rules and baselines, so that the
 * stored runs decode with the programs that wrote them. Each read opens a view (two reads of the
 * engine's meta entries and compiling the key space's rules) and reads one key's state. Replaced
 * versions still draining in the runtime are not given to the view, so their partial matches are
 * left out.
 *
 * <p>Immutable and thread-safe: every read has its own view; the backend must allow reads from the
 * calling thread.
 */
public final class PartialMatchReader {

    private final Map<String, String> keySpaceOfRule = new LinkedHashMap<>();
    private final Map<String, List<OfflineRule>> keySpaces;
    private final Map<String, OfflineRule> rules = new LinkedHashMap<>();

    /** @param rules the rules of the runtime whose state is read, as given to it */
    public PartialMatchReader(List<OfflineRule> rules) {
        this.keySpaces = CepRuntime.groups(rules);
        keySpaces.forEach((name, group) -> group.forEach(r -> {
            keySpaceOfRule.put(r.name(), name);
            this.rules.put(r.name(), r);
        }));
    }

    /**
     * The key space that runs {@code rule}: its events are keyed {@code keySpace|key} on their way to
     * the engine.
     *
     * @throws IllegalArgumentException if there is no such rule, or it is an aggregate rule (it keeps
     *     windows, not partial matches)
     */
    public String keySpace(String rule) {
        return keySpaceOf(patternRule(rule));
    }

    private String keySpaceOf(OfflineRule rule) {
        return keySpaceOfRule.get(rule.name());
    }

    private OfflineRule patternRule(String name) {
        Objects.requireNonNull(name, "rule");
        OfflineRule rule = rules.get(name);
        if (rule == null) {
            throw new IllegalArgumentException("no rule '" + name + "' (rules: " + String.join(", ", rules.keySet()) + ")");
        }
        if (rule.engineRule() == null) {
            throw new IllegalArgumentException("rule " + name + " is an aggregate rule: it keeps windows, not partial matches");
        }
        return rule;
    }

    /**
     * The live partial matches of {@code rule} for {@code key} in {@code backend}, as of its last write.
     *
     * @param backend holds the runtime's state; only read (its stores of the key space are opened and
     *     closed again)
     * @throws IllegalArgumentException if there is no such pattern rule
     * @throws IllegalStateException if the stored state is corrupt, or the backend's stores of the key
     *     space are open already
     */
    public LivePartialMatches read(StateBackend backend, String rule, String key) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(key, "key");
        OfflineRule r = patternRule(rule);
        String keySpace = keySpaceOf(r);
        List<OfflineRule> group = keySpaces.get(keySpace);
        try (EngineView view = engine(keySpace, group, backend).openReadOnly()) {
            List<LivePartialMatches.PartialMatch> matches = new ArrayList<>();
            for (PartialMatchView v : view.partialMatches(key)) {
                if (v.rule().equals(r.engineRule().id())) {
                    matches.add(partialMatch(r.stream(), v));
                }
            }
            return new LivePartialMatches(r.name(), key, keySpace, r.engineRule().version(), matches,
                    view.currentWatermark());
        }
    }

    /** The engine of a key space as {@link KeySpace} builds it, less its output and caps (a view needs neither). */
    private static CepEngine.Builder engine(String keySpace, List<OfflineRule> group, StateBackend backend) {
        OfflineRule first = group.getFirst();
        List<String> inputs = new ArrayList<>();
        first.inputs().forEach(s -> inputs.add(s.name()));
        first.readsAlertsOf().forEach(source -> inputs.add(KeySpace.alertsInput(source)));
        CepEngine.Builder builder = CepEngine.builder().name(keySpace).stateBackend(backend).inputs(inputs);
        first.baselines().forEach(builder::baseline);
        for (OfflineRule r : group) {
            if (r.engineRule() != null) {
                builder.rule(r.engineRule());
            } else {
                builder.aggregateRule(r.aggregateRule());
            }
        }
        return builder;
    }

    private static LivePartialMatches.PartialMatch partialMatch(StreamLayout layout, PartialMatchView v) {
        Map<String, List<LivePartialMatches.BoundEvent>> steps = new LinkedHashMap<>();
        v.events().forEach((step, events) -> steps.put(step, events.stream().map(e -> bound(layout, e)).toList()));
        return new LivePartialMatches.PartialMatch(v.version(), v.waitingIn(), steps, v.startTimestamp(),
                v.deadline() == Long.MAX_VALUE ? null : v.deadline(), v.completed());
    }

    private static LivePartialMatches.BoundEvent bound(StreamLayout layout, Event e) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (StreamLayout.Field f : layout.fields()) {
            fields.put(f.name(), f.index() < e.size() ? e.get(f.index()) : null);
        }
        return new LivePartialMatches.BoundEvent(Long.toHexString(e.id()), e.timestamp(), fields);
    }
}
