package io.cepheus.server.runtime;

import io.cepheus.core.AggregateResult;
import io.cepheus.core.CepEngine;
import io.cepheus.core.EngineOutput;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.RuleId;
import io.cepheus.core.state.StateBackend;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.rules.RenderedAlert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One engine and the rules it runs: rules that take the same events (one stream, or the same union
 * of streams and alerts), partitioned alike, share a key space — so an event is decoded, keyed and
 * looked up once for all of them. Rules that declare baselines get a key space each (an engine's
 * baselines are declared for all its rules).
 *
 * <p>It is the engine's output: it renders results as alerts, applies suppression, reports them and
 * passes them to the key spaces of the rules that read them ({@code from alerts(rule)}).
 * Not thread-safe.
 */
final class KeySpace implements EngineOutput {

    private static final String ALERTS_INPUT = "alerts:";

    /** The input name under which a rule's alerts reach the key spaces that read them. */
    static String alertsInput(String rule) {
        return ALERTS_INPUT + rule;
    }

    /** Whether {@code input} is the input of some rule's alerts ({@link #alertsInput}). */
    static boolean isAlertsInput(String input) {
        return input.startsWith(ALERTS_INPUT);
    }

    final String name;
    /** The running rules, in the order given; the first one's layout, key and event functions serve all. */
    List<OfflineRule> rules;
    final CepEngine engine;
    /** Key spaces of the rules that read each of this one's rules' alerts, by rule name. */
    final Map<String, List<KeySpace>> downstream = new LinkedHashMap<>();
    /** Where this key space's alerts for {@link #downstream} go instead of to them directly; null: to them. */
    ChainOutput chains;
    /** Every loaded version (running or draining) by {@code id#version}: the version renders its own alerts. */
    private final Map<String, OfflineRule> loaded = new LinkedHashMap<>();
    private final Map<String, RuleStats> stats;
    private final RuntimeListener listener;
    private final Function<Event, String> describe;
    private final Suppressions suppressions;

    /**
     * @param versions earlier versions of the rules that may still be draining in the stored state
     *     (the engine loads those the store knows as draining)
     */
    KeySpace(String name, List<OfflineRule> rules, StateBackend backend, Map<String, RuleStats> stats,
             RuntimeListener listener, Function<Event, String> describe, PartialMatchCaps caps,
             RuleVersions versions) {
        this.name = name;
        this.rules = List.copyOf(rules);
        this.stats = stats;
        this.listener = listener;
        this.describe = describe;
        OfflineRule first = rules.getFirst();
        List<String> inputs = new ArrayList<>();
        first.inputs().forEach(s -> inputs.add(s.name()));
        first.readsAlertsOf().forEach(r -> inputs.add(alertsInput(r)));
        CepEngine.Builder builder = CepEngine.builder().name(name).stateBackend(backend).inputs(inputs).output(this)
                .maxPartialMatches(caps.perKeyAndRule()).maxPartialMatchesPerRule(caps.perRule());
        first.baselines().forEach(builder::baseline);
        for (OfflineRule r : rules) {
            if (r.engineRule() != null) {
                builder.rule(r.engineRule());
                for (OfflineRule earlier : versions.earlier(r.name())) {
                    builder.drainingRule(earlier.engineRule());
                    loaded.put(versionKey(earlier.engineRule().id(), earlier.version()), earlier);
                }
            } else {
                builder.aggregateRule(r.aggregateRule());
            }
            loaded.put(versionKey(idOf(r), r.version()), r);
        }
        this.engine = builder.build();
        this.suppressions = new Suppressions(backend, name);
        forgetUnloadedVersions();
    }

    private static RuleId idOf(OfflineRule r) {
        return r.engineRule() != null ? r.engineRule().id() : r.aggregateRule().id();
    }

    private static String versionKey(RuleId id, long version) {
        return id.value() + "#" + version;
    }

    /** The rule of a result: the version that produced it. */
    private OfflineRule rule(RuleId id, long version) {
        return loaded.get(versionKey(id, version));
    }

    /** The running version of a rule, else any loaded version of it. */
    private OfflineRule running(RuleId id) {
        for (OfflineRule r : rules) {
            if (idOf(r).equals(id)) {
                return r;
            }
        }
        return loaded.values().stream().filter(r -> idOf(r).equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("rule " + id + " is not loaded in key space " + name));
    }

    /**
     * Changes the rules in place, touching no other rule's state: a new rule starts fresh; a new
     * version of a pattern rule starts fresh while the old one drains (unless {@code versions} says it
     * does not: then its partial matches are dropped); a new version of an aggregate
     * rule starts with empty windows; a rule gone is unloaded with its state.
     *
     * @param next the rules of this key space from now on (same layout, inputs and key)
     * @return false if the change cannot be made in place (a rule with baselines changed): the caller
     *     builds the key space again
     */
    boolean update(List<OfflineRule> next, RuleVersions versions) {
        if (!rules.getFirst().baselines().isEmpty() || !next.getFirst().baselines().isEmpty()) {
            return next.size() == 1 && rules.size() == 1 && next.getFirst().version() == rules.getFirst().version();
        }
        Map<String, OfflineRule> before = new LinkedHashMap<>();
        rules.forEach(r -> before.put(r.name(), r));
        for (OfflineRule r : next) {
            OfflineRule old = before.remove(r.name());
            if (old == null) {
                add(r);
            } else if (old.version() != r.version()) {
                replace(old, r);
                if (!versions.drains(r.name()) && r.engineRule() != null) {
                    engine.dropDraining(r.engineRule().id());
                }
            }
            loaded.put(versionKey(idOf(r), r.version()), r);
        }
        before.values().forEach(gone -> engine.removeRule(idOf(gone)));
        rules = List.copyOf(next);
        forgetUnloadedVersions();
        return true;
    }

    private void add(OfflineRule r) {
        if (r.engineRule() != null) {
            engine.addRule(r.engineRule());
        } else {
            engine.addAggregateRule(r.aggregateRule());
        }
    }

    private void replace(OfflineRule old, OfflineRule r) {
        if (old.engineRule() != null && r.engineRule() != null) {
            engine.replaceRule(r.engineRule());
        } else if (old.aggregateRule() != null && r.aggregateRule() != null) {
            engine.replaceAggregateRule(r.aggregateRule());
        } else {
            engine.removeRule(idOf(old));
            add(r);
        }
    }

    /** Drops the renderers of versions the engine no longer runs or drains. */
    private void forgetUnloadedVersions() {
        java.util.Set<String> inEngine = new java.util.HashSet<>();
        rules.forEach(r -> inEngine.add(versionKey(idOf(r), r.version())));
        engine.drainingRules().forEach(d -> inEngine.add(versionKey(d.id(), d.version())));
        loaded.keySet().retainAll(inEngine);
    }

    /** Closes the engine and deletes this key space's state (its rules are all gone). */
    void destroy() {
        try {
            engine.destroy();
        } finally {
            suppressions.destroy();
        }
    }

    /** Deletes the state of the key space {@code name}, which is not open: its rules went while it was not running. */
    static void delete(StateBackend backend, String name) {
        CepEngine.destroy(backend, name);
        Suppressions.delete(backend, name);
    }

    /** An event of the declared stream {@code stream}: placed in this key space's layout, keyed, given to the engine. */
    void acceptStreamEvent(String stream, Event event) {
        accept(rules.getFirst().eventFor().apply(stream, event));
    }

    /**
     * An event keyed already: of the declared stream {@code stream}, placed in this key space's layout;
     * or an alert already made an event of this key space ({@code stream} an {@link #alertsInput}).
     * Given to the engine.
     */
    void acceptKeyed(String stream, String key, Event event) {
        engine.process(key, isAlertsInput(stream) ? event : rules.getFirst().eventFor().apply(stream, event));
    }

    /** Adds each pattern rule's partial matches to {@code counts}. */
    void partialMatches(Map<String, Long> counts) {
        for (OfflineRule r : rules) {
            if (r.engineRule() != null) {
                counts.merge(r.name(), engine.partialMatchCount(r.engineRule().id()), Long::sum);
            }
        }
    }

    /** An alert of {@code upstream}, as an event of this key space: given to the engine, or to {@code chains}. */
    void acceptAlert(OfflineRule upstream, RenderedAlert alert, ChainOutput chains) {
        Event event;
        try {
            event = rules.getFirst().alertEvent().apply(alert);
        } catch (RuntimeException e) {
            rules.forEach(r -> error(r, "?", null, "alert of rule " + upstream.name() + " as an event: " + e.getMessage()));
            return;
        }
        String key = key(event);
        if (key == null) {
            return;
        }
        if (chains == null) {
            engine.process(key, event);
        } else {
            chains.chained(name, key, alertsInput(upstream.name()), event);
        }
    }

    private void accept(Event event) {
        String key = key(event);
        if (key != null) {
            engine.process(key, event);
        }
    }

    /** The partition key of {@code event}; null (counted, or reported as an error) when it has none. */
    private String key(Event event) {
        String key;
        try {
            key = rules.getFirst().key().apply(event);
        } catch (RuntimeException e) {
            rules.forEach(r -> error(r, "?", event, "partition key of " + describe.apply(event) + ": " + e.getMessage()));
            return null;
        }
        if (key == null) {
            rules.forEach(r -> stats.get(r.name()).withoutKey++);
        }
        return key;
    }

    @Override
    public void onMatch(Match match) {
        onMatch(match.timestamp(), match);
    }

    @Override
    public void onMatch(long emitted, Match match) {
        OfflineRule rule = rule(match.rule(), match.version());
        listener.matched(rule.name());
        Event last = match.allEvents().getLast();
        if (muted(rule, match.timestamp(), () -> rule.suppressionKey().apply(match), match.key(), last)) {
            return;
        }
        RenderedAlert rendered;
        try {
            rendered = rule.alert().render(match);
        } catch (RuntimeException e) {
            error(rule, match.key(), last, "alert of the match ending at " + describe.apply(last) + ": " + e.getMessage());
            rendered = RenderedAlert.empty();
        }
        emit(new RuntimeAlert(rule, match, null, rendered, emitted));
    }

    @Override
    public void onAggregate(AggregateResult result) {
        onAggregate(result.timestamp(), result);
    }

    @Override
    public void onAggregate(long emitted, AggregateResult result) {
        OfflineRule rule = rule(result.rule(), result.version());
        listener.matched(rule.name());
        if (muted(rule, result.timestamp(), () -> rule.aggregateSuppressionKey().apply(result), result.key(), null)) {
            return;
        }
        RenderedAlert rendered;
        try {
            rendered = rule.alert().render(result);
        } catch (RuntimeException e) {
            error(rule, result.key(), null, "alert of the window ending at "
                    + java.time.Instant.ofEpochMilli(result.windowEnd()) + ": " + e.getMessage());
            rendered = RenderedAlert.empty();
        }
        emit(new RuntimeAlert(rule, null, result, rendered, emitted));
    }

    private void emit(RuntimeAlert alert) {
        stats.get(alert.rule().name()).alerts++;
        listener.alert(alert);
        if (alert.rendered().source() == null) {
            return;
        }
        for (KeySpace d : downstream.getOrDefault(alert.rule().name(), List.of())) {
            d.acceptAlert(alert.rule(), alert.rendered(), chains);
        }
    }

    private boolean muted(OfflineRule rule, long timestamp, Supplier<String> suppressionKey, String key, Event event) {
        if (rule.suppressFor() == null) {
            return false;
        }
        String k;
        try {
            k = suppressionKey.get();
        } catch (RuntimeException e) {
            error(rule, key, event, "suppression key: " + e.getMessage());
            return false;
        }
        if (suppressions.mutes(rule.name(), k, timestamp, rule.suppressFor().toMillis())) {
            stats.get(rule.name()).suppressed++;
            return true;
        }
        return false;
    }

    @Override
    public void onLateEvent(String key, Event event, long watermark) {
        listener.late(event, watermark);
    }

    @Override
    public void onRuleError(RuleId id, String key, RuntimeException error) {
        error(running(id), key, null, error.getMessage());
    }

    @Override
    public void onRuleError(RuleId id, String key, Event event, RuntimeException error) {
        error(running(id), key, event, error.getMessage());
    }

    @Override
    public void onPartialMatchesDropped(RuleId id, long version, String key, int count) {
        OfflineRule rule = rule(id, version);
        stats.get(rule.name()).dropped += count;
        listener.dropped(rule.name(), key, count);
    }

    @Override
    public void onWindowValuesDropped(RuleId id, String key, long windowEvents, long distinctValues) {
        RuleStats s = stats.get(running(id).name());
        s.windowEventsDropped += windowEvents;
        s.distinctOverflow += distinctValues;
    }

    /** @param event the event the rule failed on; null when not known */
    private void error(OfflineRule rule, String key, Event event, String message) {
        stats.get(rule.name()).errors++;
        listener.ruleError(rule.name(), key, event, message);
    }

    void flush() {
        engine.flush();
        suppressions.flush();
    }

    void close() {
        try {
            engine.close();
        } finally {
            suppressions.close();
        }
    }
}
