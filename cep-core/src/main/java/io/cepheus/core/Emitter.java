package io.cepheus.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what the matcher and the aggregate runs produce into result records for the {@link
 * EngineOutput}, and counts everything in {@link EngineMetrics}. The engine points it at the key
 * being processed ({@link #key}, {@link #baselines}) before handing it to a run. Not thread-safe.
 */
final class Emitter implements Matcher.Sink, AggRun.Sink {

    private final EngineMetrics metrics;
    private final EngineOutput output;
    private final int maxWindowEvents;
    /** The key being processed (for aggregate results, which do not carry it). */
    String key;
    /** The baselines of that key, or null. */
    AggRun.Baselines baselines;
    /** The time the engine has advanced to: the event being matched, or the time being advanced to. */
    private long now = Long.MIN_VALUE;
    /** The event being matched; null while time advances. */
    private Event event;

    Emitter(EngineMetrics metrics, EngineOutput output, int maxWindowEvents) {
        this.metrics = metrics;
        this.output = output;
        this.maxWindowEvents = maxWindowEvents;
    }

    /** Points at what the engine does now: matching {@code current} at {@code time}, or advancing time (null). */
    void at(long time, Event current) {
        now = time;
        event = current;
    }

    @Override
    public AggRun.Baselines baselines() {
        return baselines;
    }

    @Override
    public void fire(AggRuleRuntime rule, AggRun run, AggRun.Values values, long timestamp, long trigger, long events) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (int i = 0; i < rule.measures().size(); i++) {
            byName.put(rule.measures().get(i).name(), values.get(i));
        }
        metrics.aggregateResults++;
        long version = rule.rule().version();
        output.onAggregate(now, new AggregateResult(rule.id(), version, key, byName, values.windowStart(), values.windowEnd(),
                timestamp, trigger, events,
                MatchId.ofWindow(rule.id(), version, key, values.windowStart(), values.windowEnd(), trigger)));
    }

    @Override
    public void distinctOverflow(AggRuleRuntime rule, long count) {
        metrics.distinctOverflow += count;
        output.onWindowValuesDropped(rule.id(), key, 0, count);
    }

    @Override
    public int maxWindowEvents() {
        return maxWindowEvents;
    }

    @Override
    public void windowEventsDropped(AggRuleRuntime rule, long count) {
        metrics.windowEventsDropped += count;
        output.onWindowValuesDropped(rule.id(), key, count, 0);
    }

    @Override
    public void emit(RuleRuntime rule, String key, MatchKind kind, PartialMatch pm, long timestamp) {
        switch (kind) {
            case MATCH -> metrics.matches++;
            case ABSENCE -> metrics.absences++;
            case TIMEOUT -> metrics.timeouts++;
        }
        output.onMatch(now, materialize(rule, key, kind, pm, timestamp));
    }

    @Override
    public void error(RuleRuntime rule, String key, RuntimeException error) {
        metrics.ruleErrors++;
        output.onRuleError(rule.id(), key, event, error);
    }

    @Override
    public void dropped(RuleRuntime rule, String key, int count) {
        metrics.partialMatchesDropped += count;
        output.onPartialMatchesDropped(rule.id(), rule.rule().version(), key, count);
    }

    /**
     * The {@link Match} of a partial match: its bound events by step in pattern order (two walks
     * of the node chain, into arrays) and its id, hashed on the way.
     */
    @SuppressWarnings("unchecked")
    static Match materialize(RuleRuntime rule, String key, MatchKind kind, PartialMatch pm, long timestamp) {
        List<String> steps = rule.program().steps();
        int stepCount = steps.size();
        int[] counts = new int[stepCount];
        int present = 0;
        long first = timestamp;
        for (Node n = pm.node; n != null; n = n.parent) {
            if (counts[n.step]++ == 0) {
                present++;
            }
            first = n.event.timestamp();
        }
        Event[][] byStep = new Event[stepCount][];
        for (int i = 0; i < stepCount; i++) {
            if (counts[i] > 0) {
                byStep[i] = new Event[counts[i]];
            }
        }
        MatchId.Hasher id = MatchId.forMatch(rule.id(), rule.rule().version(), key, kind);
        for (Node n = pm.node; n != null; n = n.parent) {
            byStep[n.step][--counts[n.step]] = n.event;
            id.event(steps.get(n.step), n.event);
        }
        String[] names = new String[present];
        List<Event>[] lists = (List<Event>[]) new List<?>[present];
        for (int i = 0, j = 0; i < stepCount; i++) {
            if (byStep[i] != null) {
                names[j] = steps.get(i);
                Event[] bound = byStep[i];
                lists[j++] = bound.length == 1 ? List.of(bound[0]) : Collections.unmodifiableList(Arrays.asList(bound));
            }
        }
        long last = pm.node == null ? timestamp : pm.node.event.timestamp();
        return new Match(rule.id(), rule.rule().version(), key, kind, new StepEvents(names, lists), first, last, timestamp,
                id.id());
    }
}
