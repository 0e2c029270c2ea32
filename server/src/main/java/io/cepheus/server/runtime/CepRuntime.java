package io.cepheus.server.runtime;

import io.cepheus.core.Event;
import io.cepheus.core.state.StateBackend;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.rules.OfflineRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@code backtest}, {@code test} and the server's data plane all drive: decoded events of
 * declared streams in, alerts out — routing each event to the key spaces that read its stream,
 * keying it once per key space, running cep-core, suppressing, and passing alerts to the rules
 * that read them ({@code from alerts(rule)}). It knows nothing of files, Kafka or HTTP; all its
 * state is in the {@link StateBackend} it is given, so a data plane that checkpoints the backend
 * checkpoints the runtime.
 *
 * <p>Design: rules are grouped into {@link KeySpace}s — one engine each — by the events they take
 * (stream or union layout, inputs) and their {@code partition by}. Watermarks are per stream: the
 * caller advances a stream's watermark after it has checked lateness ({@link #advanceWatermark});
 * each engine's watermark is the least of its inputs', and the watermark of a rule's alerts follows
 * the watermark of the engine that produces them, so an alert is never late for the rules that
 * read it. An engine's name is derived from its key space, so an engine reopened over the same
 * backend with the same rules finds its state.
 *
 * <p>Not thread-safe: one thread drives a runtime.
 */
public final class CepRuntime implements AutoCloseable {

    /** The watermark that ends the input: every window closes and every absence fires. */
    public static final long END_OF_TIME = Long.MAX_VALUE - 1;

    private final List<KeySpace> keySpaces = new ArrayList<>();
    private final Map<String, List<KeySpace>> byStream = new LinkedHashMap<>();
    private final Map<String, KeySpace> byName = new LinkedHashMap<>();
    private final Map<String, RuleStats> stats = new LinkedHashMap<>();

    /**
     * @param rules the rules to run, in report order
     * @param backend where the engines keep their state (the caller closes it)
     * @param listener where alerts, rule errors and drops go
     * @param describe how an event is named in messages, e.g. {@code line 12}
     * @throws IllegalArgumentException if a rule reads the alerts of a rule that is not given
     */
    public CepRuntime(List<OfflineRule> rules, StateBackend backend, RuntimeListener listener,
                      Function<Event, String> describe) {
        this(rules, backend, listener, describe, PartialMatchCaps.defaults());
    }

    /**
     * A runtime whose engines cap partial matches at {@code caps} (the other constructor: cep-core's
     * defaults).
     *
     * @throws IllegalArgumentException if a rule reads the alerts of a rule that is not given
     */
    public CepRuntime(List<OfflineRule> rules, StateBackend backend, RuntimeListener listener,
                      Function<Event, String> describe, PartialMatchCaps caps) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(caps, "caps");
        Objects.requireNonNull(describe, "describe");
        for (OfflineRule r : rules) {
            stats.put(r.name(), new RuleStats());
        }
        Map<String, KeySpace> ofRule = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, List<OfflineRule>> e : groups(rules).entrySet()) {
                List<OfflineRule> group = e.getValue();
                KeySpace ks = new KeySpace(e.getKey(), group, backend, stats, listener, describe, caps);
                keySpaces.add(ks);
                byName.put(ks.name, ks);
                group.forEach(r -> ofRule.put(r.name(), ks));
                for (StreamLayout s : group.getFirst().inputs()) {
                    byStream.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(ks);
                }
            }
            for (KeySpace ks : keySpaces) {
                for (String source : ks.rules.getFirst().readsAlertsOf()) {
                    KeySpace upstream = ofRule.get(source);
                    if (upstream == null) {
                        throw new IllegalArgumentException("rule " + ks.rules.getFirst().name() + " reads the alerts of rule "
                                + source + ", which is not run (select it too)");
                    }
                    upstream.downstream.computeIfAbsent(source, n -> new ArrayList<>()).add(ks);
                }
            }
        } catch (RuntimeException e) {
            keySpaces.forEach(KeySpace::close);
            throw e;
        }
    }

    /**
     * The key spaces of {@code rules} by name, in the order of their first rules: what a runtime
     * over these rules runs, and what a {@link KeyRouter} keys events for.
     */
    static Map<String, List<OfflineRule>> groups(List<OfflineRule> rules) {
        Map<Object, List<OfflineRule>> groups = new LinkedHashMap<>();
        for (OfflineRule r : rules) {
            groups.computeIfAbsent(groupOf(r), g -> new ArrayList<>()).add(r);
        }
        Map<String, List<OfflineRule>> named = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (List<OfflineRule> group : groups.values()) {
            named.put(uniqueName(group.getFirst(), names), List.copyOf(group));
        }
        return named;
    }

    /** Rules share a key space when they take the same events, partitioned alike, and declare no baselines. */
    private static Object groupOf(OfflineRule r) {
        return List.of(r.stream(), r.inputs().stream().map(StreamLayout::name).toList(), r.readsAlertsOf(),
                r.partitionBy(), r.baselines().isEmpty() ? "" : "rule " + r.name());
    }

    /** {@code stream/partition-by} (and the rule's name for a rule of its own), made unique. */
    private static String uniqueName(OfflineRule first, Set<String> taken) {
        String base = first.stream().name() + "/" + String.join(",", first.partitionBy())
                + (first.baselines().isEmpty() ? "" : "/" + first.name());
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            name = base + "#" + i;
        }
        return name;
    }

    /** The names of the key spaces (one engine each), in the order they were made. */
    public List<String> keySpaces() {
        return keySpaces.stream().map(ks -> ks.name).toList();
    }

    /** Whether some rule reads {@code stream}. */
    public boolean reads(String stream) {
        return byStream.containsKey(stream);
    }

    /**
     * An event of the declared stream {@code stream}, not late on it (the caller checks lateness
     * against the stream's watermark, which it keeps).
     */
    public void accept(String stream, Event event) {
        for (KeySpace ks : byStream.getOrDefault(stream, List.of())) {
            ks.acceptStreamEvent(stream, event);
        }
    }

    /**
     * An event of the declared stream {@code stream} already keyed for one key space (by a {@link
     * KeyRouter} over the same rules, perhaps in another process): given to that key space's engine
     * only. Not late on the stream, as for {@link #accept}.
     *
     * @throws IllegalArgumentException if there is no key space of that name
     */
    public void acceptKeyed(String keySpace, String stream, String key, Event event) {
        KeySpace ks = byName.get(keySpace);
        if (ks == null) {
            throw new IllegalArgumentException("no key space " + keySpace + " (key spaces: " + byName.keySet() + ")");
        }
        ks.acceptKeyed(stream, key, event);
    }

    /** Per rule, its partial matches over all keys now (0 for an aggregate rule); in the order the rules were given. */
    public Map<String, Long> partialMatches() {
        Map<String, Long> counts = new LinkedHashMap<>();
        stats.keySet().forEach(r -> counts.put(r, 0L));
        keySpaces.forEach(ks -> ks.partialMatches(counts));
        return counts;
    }

    /** Advances the watermark of {@code stream} in every engine that reads it, and of their alerts downstream. */
    public void advanceWatermark(String stream, long watermark) {
        for (KeySpace ks : byStream.getOrDefault(stream, List.of())) {
            ks.engine.advanceWatermark(stream, watermark);
            propagate(ks);
        }
    }

    /** Marks {@code stream} idle (or active again) in every engine that reads it. */
    public void setIdle(String stream, boolean idle) {
        for (KeySpace ks : byStream.getOrDefault(stream, List.of())) {
            ks.engine.setIdle(stream, idle);
            propagate(ks);
        }
    }

    private void propagate(KeySpace upstream) {
        long w = upstream.engine.currentWatermark();
        upstream.downstream.forEach((rule, spaces) -> {
            for (KeySpace d : spaces) {
                d.engine.advanceWatermark(KeySpace.alertsInput(rule), w);
                propagate(d);
            }
        });
    }

    /** Ends the input: every stream's watermark moves to {@link #END_OF_TIME}. */
    public void endOfInput() {
        for (String stream : byStream.keySet()) {
            advanceWatermark(stream, END_OF_TIME);
        }
    }

    /** Per rule, what it did; in the order the rules were given. */
    public Map<String, RuleStats> stats() {
        return Collections.unmodifiableMap(stats);
    }

    /** Writes every engine's state to the backend (before a commit). */
    public void flush() {
        keySpaces.forEach(KeySpace::flush);
    }

    /** Flushes and closes every engine's stores; the backend stays open. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (KeySpace ks : keySpaces) {
            try {
                ks.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
