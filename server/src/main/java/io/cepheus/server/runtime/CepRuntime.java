package io.cepheus.server.runtime;

import io.cepheus.core.Event;
import io.cepheus.core.state.KeyedStore;
import io.cepheus.core.state.StateBackend;
import io.cepheus.core.state.StateCodec;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.rules.OfflineRule;
import java.nio.charset.StandardCharsets;
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

    /** The runtime's own store: the names of its key spaces, to delete those whose rules went while it was closed. */
    private static final String RUNTIME_STORE = "runtime";
    private static final String KEY_SPACES = "key-spaces";

    private final StateBackend backend;
    private final RuntimeListener listener;
    private final Function<Event, String> describe;
    private final PartialMatchCaps caps;
    private final KeyedStore<byte[]> own;
    private final Map<String, KeySpace> byName = new LinkedHashMap<>();
    private final Map<String, List<KeySpace>> byStream = new LinkedHashMap<>();
    private final Map<String, RuleStats> stats = new LinkedHashMap<>();
    /** Where alerts read by other rules go; null: to those rules here. */
    private ChainOutput chains;

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
        this(rules, backend, listener, describe, caps, RuleVersions.NONE);
    }

    /**
     * A runtime reopened over state that may hold draining versions of its rules.
     *
     * @param versions the rules' earlier versions that may still be draining in {@code backend}:
     *     those stored as draining go on draining
     * @throws IllegalArgumentException if a rule reads the alerts of a rule that is not given
     */
    public CepRuntime(List<OfflineRule> rules, StateBackend backend, RuntimeListener listener,
                      Function<Event, String> describe, PartialMatchCaps caps,
                      RuleVersions versions) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.describe = Objects.requireNonNull(describe, "describe");
        this.caps = Objects.requireNonNull(caps, "caps");
        Objects.requireNonNull(versions, "versions");
        this.own = backend.open(RUNTIME_STORE, StateCodec.bytes());
        try {
            Map<String, List<OfflineRule>> groups = groups(rules);
            checkAlertSources(rules);
            for (String stale : storedKeySpaces()) {
                if (!groups.containsKey(stale)) {
                    KeySpace.delete(backend, stale);
                }
            }
            rules.forEach(r -> stats.put(r.name(), new RuleStats()));
            groups.forEach((name, group) -> byName.put(name, open(name, group, versions)));
            relink();
        } catch (RuntimeException e) {
            byName.values().forEach(KeySpace::close);
            own.close();
            throw e;
        }
    }

    private KeySpace open(String name, List<OfflineRule> group, RuleVersions versions) {
        return new KeySpace(name, group, backend, stats, listener, describe, caps, versions);
    }

    private static void checkAlertSources(List<OfflineRule> rules) {
        Set<String> names = new HashSet<>();
        rules.forEach(r -> names.add(r.name()));
        for (OfflineRule r : rules) {
            for (String source : r.readsAlertsOf()) {
                if (!names.contains(source)) {
                    throw new IllegalArgumentException("rule " + r.name() + " reads the alerts of rule " + source
                            + ", which is not run (select it too)");
                }
            }
        }
    }

    private List<String> storedKeySpaces() {
        byte[] names = own.get(KEY_SPACES);
        if (names == null || names.length == 0) {
            return List.of();
        }
        return List.of(new String(names, StandardCharsets.UTF_8).split("\n"));
    }

    /** Rebuilds the routes (stream → key spaces, rule → readers of its alerts) and stores the key-space names. */
    private void relink() {
        byStream.clear();
        Map<String, KeySpace> ofRule = new LinkedHashMap<>();
        for (KeySpace ks : byName.values()) {
            ks.downstream.clear();
            ks.chains = chains;
            ks.rules.forEach(r -> ofRule.put(r.name(), ks));
            for (StreamLayout s : ks.rules.getFirst().inputs()) {
                byStream.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(ks);
            }
        }
        for (KeySpace ks : byName.values()) {
            for (String source : ks.rules.getFirst().readsAlertsOf()) {
                ofRule.get(source).downstream.computeIfAbsent(source, n -> new ArrayList<>()).add(ks);
            }
        }
        own.put(KEY_SPACES, String.join("\n", byName.keySet()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * From now on, alerts that other rules read are not given to those rules here but to {@code out},
     * each keyed for the key space that reads it, with their watermarks; the runtime that owns that
     * key takes them ({@link #acceptKeyed} and {@link #advanceWatermark} with the {@link #alertsInput}
     * of the rule). For a data plane that spreads keys over tasks: the key an alert has
     * for the rule that reads it is in general another task's.
     */
    public void routeChainsTo(ChainOutput out) {
        this.chains = Objects.requireNonNull(out, "out");
        byName.values().forEach(ks -> ks.chains = out);
    }

    /** The input under which the alerts of {@code rule} reach the rules that read them. */
    public static String alertsInput(String rule) {
        return KeySpace.alertsInput(rule);
    }

    /** Whether {@code input} is some rule's {@link #alertsInput}, else a declared stream. */
    public static boolean isAlertsInput(String input) {
        return KeySpace.isAlertsInput(input);
    }

    /**
     * Runs {@code rules} from now on, without a restart and without touching the state of rules that
     * did not change: a new rule starts fresh; a new version (another {@link OfflineRule#version()})
     * starts fresh while the old version's partial matches drain until their window ends; a rule no
     * longer given is unloaded and its state deleted (a whole key space's when it was its last rule).
     * A rule with baselines that changes starts again with empty state.
     *
     * @param versions as for the constructor, for key spaces this change creates; and whether a
     *     replaced version drains ({@link RuleVersions#drains})
     * @throws IllegalArgumentException if a rule reads the alerts of a rule that is not given (nothing changes then)
     */
    public void update(List<OfflineRule> rules, RuleVersions versions) {
        checkAlertSources(rules);
        Map<String, List<OfflineRule>> groups = groups(rules);
        for (Map.Entry<String, KeySpace> e : List.copyOf(byName.entrySet())) {
            List<OfflineRule> group = groups.get(e.getKey());
            if (group == null || !e.getValue().update(group, versions)) {
                byName.remove(e.getKey()).destroy();
            }
        }
        stats.keySet().retainAll(rules.stream().map(OfflineRule::name).toList());
        rules.forEach(r -> stats.computeIfAbsent(r.name(), n -> new RuleStats()));
        Map<String, KeySpace> ordered = new LinkedHashMap<>();
        groups.forEach((name, group) -> ordered.put(name, byName.containsKey(name) ? byName.get(name)
                : open(name, group, versions)));
        byName.clear();
        byName.putAll(ordered);
        relink();
    }

    /**
     * The key spaces of {@code rules} by name, in the order of their first rules: what a runtime
     * over these rules runs, and what a {@link KeyRouter} keys events for.
     */
    public static Map<String, List<OfflineRule>> groups(List<OfflineRule> rules) {
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
        return List.copyOf(byName.keySet());
    }

    /** Whether a key space of that name runs (what {@link #acceptKeyed} takes). */
    public boolean hasKeySpace(String keySpace) {
        return byName.containsKey(keySpace);
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
     * only. Not late on the stream, as for {@link #accept}. Or, {@code stream} being a rule's {@link
     * #alertsInput}, an alert a runtime sent to its {@link ChainOutput}.
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
        byName.values().forEach(ks -> ks.partialMatches(counts));
        return counts;
    }

    /**
     * Advances the watermark of {@code stream} in every engine that reads it, and of their alerts
     * downstream. Or, {@code stream} being a rule's {@link #alertsInput}, the watermark of that rule's
     * alerts, as a runtime that sends them to its {@link ChainOutput} reported it (the caller takes the
     * least over the runtimes that make them).
     */
    public void advanceWatermark(String stream, long watermark) {
        if (isAlertsInput(stream)) {
            advanceAlertsWatermark(stream, watermark);
            return;
        }
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

    private void advanceAlertsWatermark(String input, long watermark) {
        for (KeySpace upstream : byName.values()) {
            upstream.downstream.forEach((rule, spaces) -> {
                if (KeySpace.alertsInput(rule).equals(input)) {
                    for (KeySpace d : spaces) {
                        d.engine.advanceWatermark(input, watermark);
                        propagate(d);
                    }
                }
            });
        }
    }

    private void propagate(KeySpace upstream) {
        long w = upstream.engine.currentWatermark();
        upstream.downstream.forEach((rule, spaces) -> {
            if (chains != null) {
                chains.chainWatermark(rule, w);
                return;
            }
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
        byName.values().forEach(KeySpace::flush);
        own.flush();
    }

    /** Flushes and closes every engine's stores; the backend stays open. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (KeySpace ks : byName.values()) {
            try {
                ks.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        own.close();
        if (first != null) {
            throw first;
        }
    }
}
