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

    /** The input name under which a rule's alerts reach the key spaces that read them. */
    static String alertsInput(String rule) {
        return "alerts:" + rule;
    }

    final String name;
    final List<OfflineRule> rules;
    final CepEngine engine;
    /** Key spaces of the rules that read each of this one's rules' alerts, by rule name. */
    final Map<String, List<KeySpace>> downstream = new LinkedHashMap<>();
    private final Map<RuleId, OfflineRule> byId = new LinkedHashMap<>();
    private final Map<String, RuleStats> stats;
    private final RuntimeListener listener;
    private final Function<Event, String> describe;
    private final Suppressions suppressions;

    KeySpace(String name, List<OfflineRule> rules, StateBackend backend, Map<String, RuleStats> stats,
             RuntimeListener listener, Function<Event, String> describe, PartialMatchCaps caps) {
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
                byId.put(r.engineRule().id(), r);
            } else {
                builder.aggregateRule(r.aggregateRule());
                byId.put(r.aggregateRule().id(), r);
            }
        }
        this.engine = builder.build();
        this.suppressions = new Suppressions(backend, name);
    }

    /** An event of the declared stream {@code stream}: placed in this key space's layout, keyed, given to the engine. */
    void acceptStreamEvent(String stream, Event event) {
        accept(rules.getFirst().eventFor().apply(stream, event));
    }

    /** An event of the declared stream {@code stream} keyed already (with {@link #key}): given to the engine. */
    void acceptKeyed(String stream, String key, Event event) {
        engine.process(key, rules.getFirst().eventFor().apply(stream, event));
    }

    /** Adds each pattern rule's partial matches to {@code counts}. */
    void partialMatches(Map<String, Long> counts) {
        for (OfflineRule r : rules) {
            if (r.engineRule() != null) {
                counts.merge(r.name(), engine.partialMatchCount(r.engineRule().id()), Long::sum);
            }
        }
    }

    /** An alert of {@code upstream}, as an event of this key space. */
    void acceptAlert(OfflineRule upstream, RenderedAlert alert) {
        Event event;
        try {
            event = rules.getFirst().alertEvent().apply(alert);
        } catch (RuntimeException e) {
            rules.forEach(r -> error(r, "?", null, "alert of rule " + upstream.name() + " as an event: " + e.getMessage()));
            return;
        }
        accept(event);
    }

    private void accept(Event event) {
        String key;
        try {
            key = rules.getFirst().key().apply(event);
        } catch (RuntimeException e) {
            rules.forEach(r -> error(r, "?", event, "partition key of " + describe.apply(event) + ": " + e.getMessage()));
            return;
        }
        if (key == null) {
            rules.forEach(r -> stats.get(r.name()).withoutKey++);
            return;
        }
        engine.process(key, event);
    }

    @Override
    public void onMatch(Match match) {
        onMatch(match.timestamp(), match);
    }

    @Override
    public void onMatch(long emitted, Match match) {
        OfflineRule rule = byId.get(match.rule());
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
        OfflineRule rule = byId.get(result.rule());
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
            d.acceptAlert(alert.rule(), alert.rendered());
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
        error(byId.get(id), key, null, error.getMessage());
    }

    @Override
    public void onRuleError(RuleId id, String key, Event event, RuntimeException error) {
        error(byId.get(id), key, event, error.getMessage());
    }

    @Override
    public void onPartialMatchesDropped(RuleId id, long version, String key, int count) {
        OfflineRule rule = byId.get(id);
        stats.get(rule.name()).dropped += count;
        listener.dropped(rule.name(), key, count);
    }

    @Override
    public void onWindowValuesDropped(RuleId id, String key, long windowEvents, long distinctValues) {
        RuleStats s = stats.get(byId.get(id).name());
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
