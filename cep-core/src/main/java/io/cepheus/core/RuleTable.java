package io.cepheus.core;

import io.cepheus.core.window.AggregateRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules loaded in an engine, by slot, with the indexes of the active ones.
 *
 * <p>Design note. A slot is a position in the engine's rule arrays; it is never reused, and a
 * removed rule leaves a null behind (state of it is dropped as keys are next touched). An
 * <em>incarnation</em> is the number stored state is tagged with: every load of a rule — a new rule,
 * a new version, the same rule removed and added again — gets a fresh one, so stored state is
 * resumed only by the very load that wrote it. An engine reopened over a store gets its incarnations
 * back from the store for the rules that are the same (id, version and {@link Fingerprints shape}).
 *
 * <p>A pattern rule replaced by a new version keeps its slot as a <em>draining</em> version: its
 * partial matches go on (they can still complete or time out) but it starts none, and it is unloaded
 * once time passes the end of the window of the last partial match it could have. Aggregate rules do
 * not drain: a new version starts with empty windows and the old one's state is dropped.
 *
 * <p>Not thread-safe; part of the engine.
 */
final class RuleTable {

    /** What the store remembers of one incarnation. */
    record Entry(int incarnation, boolean aggregate, RuleId id, long version, long fingerprint, long drainUntil,
                 long livePartialMatches) {}

    /** No draining: the version is active. */
    static final long ACTIVE = Long.MIN_VALUE;
    /** Draining with no window: until removed. */
    static final long FOREVER = Long.MAX_VALUE;

    RuleRuntime[] patterns = new RuleRuntime[0];
    AggRuleRuntime[] aggregates = new AggRuleRuntime[0];
    /** Per pattern slot: {@link #ACTIVE}, or the time after which the draining version is unloaded. */
    long[] drainUntil = new long[0];
    /** Per pattern slot: partial matches of the rule over all keys (for the per-rule cap); change with {@link #addLive}. */
    long[] live = new long[0];
    /** The slot the next pattern rule loads into: {@code patterns.length} but within {@link #loadAll}. */
    private int nextPatternSlot;
    /** Whether a {@link #live} count changed since {@link #takeLiveChanged}. */
    private boolean liveChanged;
    /** Incarnations unloaded since {@link #takeUnloaded}. */
    private final List<Integer> unloaded = new ArrayList<>();
    /** Index of the active pattern rules' first steps. */
    RuleIndex index = RuleIndex.build(new RuleRuntime[0]);
    RuleIndex aggregateIndex = RuleIndex.build(new AggRuleRuntime[0]);
    /** Incremented whenever a rule is unloaded, so that key states drop its runs when next saved. */
    int generation;
    /** The earliest time a draining version is due to be unloaded (recomputed on every change). */
    private long nextDrainEnd = Long.MAX_VALUE;

    private void updateNextDrainEnd() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < patterns.length; i++) {
            if (patterns[i] != null && drainUntil[i] != ACTIVE && drainUntil[i] != FOREVER) {
                min = Math.min(min, drainUntil[i]);
            }
        }
        nextDrainEnd = min;
    }

    private final Map<RuleId, RuleRuntime> active = new LinkedHashMap<>();
    private final Map<RuleId, AggRuleRuntime> activeAggregates = new LinkedHashMap<>();
    private final Map<Integer, Object> byIncarnation = new HashMap<>();
    private final Map<String, Entry> remembered = new HashMap<>();
    private int nextIncarnation = 1;
    private int totalStates;

    /**
     * @param stored the entries the store holds (empty for a new store)
     * @param nextIncarnation the stored counter, or 1
     */
    RuleTable(List<Entry> stored, int nextIncarnation) {
        this.nextIncarnation = Math.max(1, nextIncarnation);
        for (Entry e : stored) {
            remembered.put(identity(e.aggregate(), e.id(), e.version(), e.fingerprint()), e);
        }
    }

    private static String identity(boolean aggregate, RuleId id, long version, long fingerprint) {
        return (aggregate ? "A|" : "P|") + id.value() + "|" + version + "|" + fingerprint;
    }

    /**
     * Loads the rules an engine is built with. Rules the store knows are loaded in the order of
     * their incarnations — the order they were first loaded in — and new ones after them in the
     * order given, so a reopened engine has its rules in the same relative order as before (the
     * order in which results of one event and timers of one time come out). A draining rule the
     * store does not know as draining is not loaded: it has nothing to drain.
     */
    void loadAll(List<Rule> rules, List<Rule> drainingRules, List<AggregateRule> aggregateRules) {
        record Load(RuleRuntime compiled, boolean draining, long order) {}
        List<Load> loads = new ArrayList<>();
        long n = 0;
        for (Rule r : drainingRules) {
            RuleRuntime compiled = compile(r);
            long order = orderOf(compiled, true, n++);
            if (order < Integer.MAX_VALUE) { // only a version stored as draining has anything to drain
                loads.add(new Load(compiled, true, order));
            }
        }
        for (Rule r : rules) {
            RuleRuntime compiled = compile(r);
            loads.add(new Load(compiled, false, orderOf(compiled, false, n++)));
        }
        loads.sort(java.util.Comparator.comparingLong(Load::order));
        growPatternSlots(patterns.length + loads.size()); // once, not a copy of every array per rule
        loads.forEach(l -> load(l.compiled(), l.draining(), FOREVER));
        List<AggregateRule> aggregatesInOrder = new ArrayList<>(aggregateRules);
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < aggregateRules.size(); i++) {
            AggregateRule r = aggregateRules.get(i);
            Entry e = remembered.get(identity(true, r.id(), r.version(), Fingerprints.of(r)));
            order.add(e != null ? e.incarnation() : Integer.MAX_VALUE + (long) i);
        }
        aggregatesInOrder.sort(java.util.Comparator.comparingLong(r -> order.get(aggregateRules.indexOf(r))));
        aggregatesInOrder.forEach(this::load);
    }

    private long orderOf(RuleRuntime compiled, boolean draining, long given) {
        Rule rule = compiled.rule();
        Entry e = remembered.get(identity(false, rule.id(), rule.version(), compiled.fingerprint()));
        return e != null && (e.drainUntil() != ACTIVE) == draining ? e.incarnation() : Integer.MAX_VALUE + given;
    }

    /**
     * Compiles a pattern rule (not yet loaded: no slot or incarnation) for {@link #load}.
     *
     * @throws IllegalArgumentException if the pattern is malformed
     */
    RuleRuntime compile(Rule rule) {
        return RuleRuntime.load(-1, 0, rule, 0);
    }

    /** Loads a pattern rule; reuses the stored incarnation of the same rule when there is one. */
    RuleRuntime load(RuleRuntime compiled, boolean draining, long drainUntilIfNew) {
        Rule rule = compiled.rule();
        if (!draining && (active.containsKey(rule.id()) || activeAggregates.containsKey(rule.id()))) {
            throw new IllegalArgumentException("rule " + rule.id() + " is already loaded");
        }
        int slot = nextPatternSlot++;
        Entry stored = remembered.remove(identity(false, rule.id(), rule.version(), compiled.fingerprint()));
        boolean resumes = stored != null && (stored.drainUntil() != ACTIVE) == draining;
        int incarnation = resumes ? stored.incarnation() : nextIncarnation++;
        RuleRuntime runtime = new RuleRuntime(slot, incarnation, rule, compiled.program(), compiled.start(),
                totalStates, compiled.startKey(), compiled.fingerprint());
        totalStates += runtime.program().states().size();
        if (slot == patterns.length) {
            growPatternSlots(slot + 1);
        }
        patterns[slot] = runtime;
        drainUntil[slot] = draining ? (resumes ? stored.drainUntil() : drainUntilIfNew) : ACTIVE;
        live[slot] = resumes ? stored.livePartialMatches() : 0;
        liveChanged = true;
        byIncarnation.put(incarnation, runtime);
        if (!draining) {
            active.put(rule.id(), runtime);
        }
        return runtime;
    }

    /** Makes room for pattern slots up to {@code length}, which {@link #load} fills in order. */
    private void growPatternSlots(int length) {
        patterns = Arrays.copyOf(patterns, length);
        drainUntil = Arrays.copyOf(drainUntil, length);
        live = Arrays.copyOf(live, length);
    }

    /** Loads an aggregate rule; reuses the stored incarnation of the same rule when there is one. */
    AggRuleRuntime load(AggregateRule rule) {
        if (active.containsKey(rule.id()) || activeAggregates.containsKey(rule.id())) {
            throw new IllegalArgumentException("rule " + rule.id() + " is already loaded");
        }
        int slot = aggregates.length;
        AggRuleRuntime probe = new AggRuleRuntime(slot, 0, rule);
        Entry stored = remembered.remove(identity(true, rule.id(), rule.version(), probe.fingerprint()));
        int incarnation = stored != null ? stored.incarnation() : nextIncarnation++;
        AggRuleRuntime runtime = new AggRuleRuntime(slot, incarnation, rule);
        aggregates = Arrays.copyOf(aggregates, slot + 1);
        aggregates[slot] = runtime;
        byIncarnation.put(incarnation, runtime);
        activeAggregates.put(rule.id(), runtime);
        return runtime;
    }

    /** Rebuilds the indexes after loads and unloads; draining versions are not in them. */
    void reindex() {
        RuleRuntime[] startable = patterns.clone();
        for (int i = 0; i < startable.length; i++) {
            if (drainUntil[i] != ACTIVE) {
                startable[i] = null;
            }
        }
        index = RuleIndex.build(startable);
        aggregateIndex = RuleIndex.build(aggregates);
        updateNextDrainEnd();
        remembered.clear(); // what no rule of this load claimed is gone
    }

    RuleRuntime active(RuleId id) {
        return active.get(id);
    }

    AggRuleRuntime activeAggregate(RuleId id) {
        return activeAggregates.get(id);
    }

    /** Turns the active version of {@code id} into a draining one, until {@code until}. */
    void drain(RuleRuntime runtime, long until) {
        active.remove(runtime.id());
        drainUntil[runtime.slot()] = until;
    }

    void unload(RuleRuntime runtime) {
        if (patterns[runtime.slot()] != runtime) {
            return;
        }
        if (active.get(runtime.id()) == runtime) {
            active.remove(runtime.id());
        }
        patterns[runtime.slot()] = null;
        drainUntil[runtime.slot()] = ACTIVE;
        live[runtime.slot()] = 0;
        liveChanged = true;
        byIncarnation.remove(runtime.incarnation());
        unloaded.add(runtime.incarnation());
        generation++;
    }

    void unload(AggRuleRuntime runtime) {
        activeAggregates.remove(runtime.id());
        aggregates[runtime.slot()] = null;
        byIncarnation.remove(runtime.incarnation());
        unloaded.add(runtime.incarnation());
        generation++;
    }

    /** The draining versions of {@code id}. */
    List<RuleRuntime> draining(RuleId id) {
        List<RuleRuntime> list = new ArrayList<>();
        for (int i = 0; i < patterns.length; i++) {
            if (patterns[i] != null && drainUntil[i] != ACTIVE && patterns[i].id().equals(id)) {
                list.add(patterns[i]);
            }
        }
        return list;
    }

    /** Changes a pattern rule's count of partial matches over all keys. */
    void addLive(int slot, long delta) {
        if (delta != 0) {
            live[slot] += delta;
            liveChanged = true;
        }
    }

    /** Sets every count to zero (before a restore recounts them). */
    void clearLive() {
        for (int i = 0; i < live.length; i++) {
            if (live[i] != 0) {
                live[i] = 0;
                liveChanged = true;
            }
        }
    }

    /** Whether a count changed (or a pattern rule was loaded or unloaded) since the last call. */
    boolean takeLiveChanged() {
        boolean changed = liveChanged;
        liveChanged = false;
        return changed;
    }

    /** The (incarnation, count) of every loaded pattern rule, in slot order. */
    void forEachLive(java.util.function.ObjLongConsumer<Integer> action) {
        for (int i = 0; i < patterns.length; i++) {
            if (patterns[i] != null) {
                action.accept(patterns[i].incarnation(), live[i]);
            }
        }
    }

    /** The incarnations unloaded since the last call. */
    List<Integer> takeUnloaded() {
        List<Integer> list = List.copyOf(unloaded);
        unloaded.clear();
        return list;
    }

    /** Draining versions whose time is up at {@code time}. O(1) while none is due. */
    List<RuleRuntime> drained(long time) {
        if (time < nextDrainEnd) {
            return List.of();
        }
        List<RuleRuntime> list = null;
        for (int i = 0; i < patterns.length; i++) {
            if (patterns[i] != null && drainUntil[i] != ACTIVE && drainUntil[i] != FOREVER && drainUntil[i] <= time) {
                if (list == null) {
                    list = new ArrayList<>();
                }
                list.add(patterns[i]);
            }
        }
        return list == null ? List.of() : list;
    }

    boolean isDraining(int slot) {
        return drainUntil[slot] != ACTIVE;
    }

    /** The loaded pattern rule of an incarnation, or null. */
    RuleRuntime pattern(int incarnation) {
        return byIncarnation.get(incarnation) instanceof RuleRuntime r ? r : null;
    }

    /** The loaded aggregate rule of an incarnation, or null. */
    AggRuleRuntime aggregate(int incarnation) {
        return byIncarnation.get(incarnation) instanceof AggRuleRuntime r ? r : null;
    }

    List<Rule> activeRules() {
        return active.values().stream().map(RuleRuntime::rule).toList();
    }

    List<AggregateRule> activeAggregateRules() {
        return activeAggregates.values().stream().map(AggRuleRuntime::rule).toList();
    }

    List<Rule> drainingRules() {
        List<Rule> list = new ArrayList<>();
        for (int i = 0; i < patterns.length; i++) {
            if (patterns[i] != null && drainUntil[i] != ACTIVE) {
                list.add(patterns[i].rule());
            }
        }
        return list;
    }

    /** What the store should remember: every loaded incarnation. */
    List<Entry> entries() {
        List<Entry> list = new ArrayList<>();
        for (int i = 0; i < patterns.length; i++) {
            RuleRuntime r = patterns[i];
            if (r != null) {
                list.add(new Entry(r.incarnation(), false, r.id(), r.rule().version(), r.fingerprint(), drainUntil[i],
                        live[i]));
            }
        }
        for (AggRuleRuntime r : aggregates) {
            if (r != null) {
                list.add(new Entry(r.incarnation(), true, r.id(), r.rule().version(), r.fingerprint(), ACTIVE, 0));
            }
        }
        return list;
    }

    int nextIncarnation() {
        return nextIncarnation;
    }

    /** Finds the loaded rule that a stored entry (of a snapshot, say) stands for, or null. */
    Object match(Entry e) {
        for (Object r : byIncarnation.values()) {
            if (r instanceof RuleRuntime p && !e.aggregate() && p.id().equals(e.id())
                    && p.rule().version() == e.version() && p.fingerprint() == e.fingerprint()
                    && isDraining(p.slot()) == (e.drainUntil() != ACTIVE)) {
                return p;
            }
            if (r instanceof AggRuleRuntime a && e.aggregate() && a.id().equals(e.id())
                    && a.rule().version() == e.version() && a.fingerprint() == e.fingerprint()) {
                return a;
            }
        }
        return null;
    }
}
