package io.cepheus.core;

import io.cepheus.core.state.HeapStateBackend;
import io.cepheus.core.state.KeyedStore;
import io.cepheus.core.state.StateBackend;
import io.cepheus.core.pattern.MatchContext;
import io.cepheus.core.window.AggregateRule;
import io.cepheus.core.window.Baseline;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A keyed CEP operator: many rules over one stream of keyed events, with per-key state, event time
 * (or processing time), windows, absences and snapshots.
 *
 * <p>Each rule is compiled once into a program shared by every key; each key keeps, per rule, its
 * partial matches. An event is matched against the rules that already have state for its key and
 * the rules it can start (found through an index of the rules' first steps). Results go to the
 * {@link EngineOutput} as they happen.
 *
 * <p>Time is injected: in event time the caller advances the watermark ({@link
 * #advanceWatermark}); events wait in a buffer until the watermark passes them and are then
 * matched in timestamp order; an event at or before the watermark is late and reported. Windows
 * and absences close on watermark (or processing-time) advance alone, through timers, without any
 * further event for the key. The engine never reads the system clock.
 *
 * <p>Not thread-safe: one thread drives an engine. Instances are made with {@link #builder()}.
 */
public final class CepEngine implements AutoCloseable {

    /** Default number of keys whose state is cached decoded in front of a byte-based backend. */
    public static final int DEFAULT_STATE_CACHE = 10_000;

    /** Default cap on partial matches per key and rule. */
    public static final int DEFAULT_MAX_PARTIAL_MATCHES = 10_000;

    private final TimeMode timeMode;
    private final int maxPartialMatches;
    private final StateBackend backend;
    private final boolean ownsBackend;
    private final EngineOutput output;
    private final EngineMetrics metrics = new EngineMetrics();
    private final KeyStateCodec codec;
    private final KeyedStore<KeyState> store;
    private final Matcher matcher;
    private final EventTimeBuffer buffer = new EventTimeBuffer();
    private final TimerQueue timers = new TimerQueue();
    private final Map<RuleId, RuleRuntime> byId = new LinkedHashMap<>();
    private RuleRuntime[] rules = new RuleRuntime[0];
    private RuleIndex index;
    private final Map<RuleId, AggRuleRuntime> aggById = new LinkedHashMap<>();
    private AggRuleRuntime[] aggRules = new AggRuleRuntime[0];
    private RuleIndex aggIndex;
    private final Emitter emitter;
    private final List<Baseline> baselines;
    private long watermark = Long.MIN_VALUE;
    private long processingTime = Long.MIN_VALUE;
    private long sequence;
    private long arrivals;
    private int totalStates;
    /** Incremented when a rule is removed, so that key states drop its runs when next saved. */
    private int rulesGeneration;
    private final int[][] slots = {new int[16]};

    private CepEngine(Builder b) {
        this.timeMode = b.timeMode;
        this.maxPartialMatches = b.maxPartialMatches;
        this.emitter = new Emitter(metrics, b.output, b.maxPartialMatches);
        this.backend = b.backend != null ? b.backend : new HeapStateBackend();
        this.ownsBackend = b.backend == null;
        this.output = b.output;
        this.baselines = List.copyOf(b.baselines);
        this.codec = new KeyStateCodec(id -> byId.get(new RuleId(id)), id -> aggById.get(new RuleId(id)), baselines);
        KeyedStore<KeyState> opened = backend.open("cep-key-state", codec);
        this.store = b.stateCache > 0 && !(backend instanceof HeapStateBackend)
                ? new io.cepheus.core.state.CachingKeyedStore<>(opened, b.stateCache)
                : opened;
        this.matcher = new Matcher(emitter, b.maxPartialMatches, b.dropPolicy);
        for (Rule r : b.rules) {
            load(r);
        }
        for (AggregateRule r : b.aggregateRules) {
            loadAggregate(r);
        }
        this.index = RuleIndex.build(rules);
        this.aggIndex = RuleIndex.build(aggRules);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ input

    /**
     * Gives the engine one event of {@code key}. In event time it is buffered until the watermark
     * passes it (or reported as late if the watermark already has); in processing time it is
     * stamped with the current processing time and matched at once.
     *
     * @throws NullPointerException if {@code key} or {@code event} is null
     */
    public void process(String key, Event event) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(event, "event");
        metrics.eventsReceived++;
        if (timeMode == TimeMode.PROCESSING_TIME) {
            if (processingTime == Long.MIN_VALUE) {
                throw new IllegalStateException("processing time is not set: call advanceProcessingTime first");
            }
            matchNow(key, event.withTimestamp(processingTime));
            return;
        }
        if (event.timestamp() <= watermark) {
            metrics.lateEvents++;
            output.onLateEvent(key, event, watermark);
            return;
        }
        buffer.add(event.timestamp(), arrivals++, key, event);
    }

    /**
     * Advances event time: matches the buffered events at or before {@code newWatermark} in
     * timestamp order, firing window timers in between, then fires the timers due by the
     * watermark. A watermark not ahead of the current one is ignored.
     */
    public void advanceWatermark(long newWatermark) {
        if (timeMode != TimeMode.EVENT_TIME) {
            throw new IllegalStateException("advanceWatermark needs event time; this engine runs in " + timeMode);
        }
        if (newWatermark <= watermark) {
            return;
        }
        long next;
        while (buffer.size() > 0 && (next = buffer.nextTimestamp()) <= newWatermark) {
            buffer.take();
            fireTimers(next);
            matchNow(buffer.key(), buffer.event());
        }
        fireTimers(newWatermark);
        watermark = newWatermark;
    }

    /** Advances processing time to {@code now} (ignored if not ahead) and fires the timers due by then. */
    public void advanceProcessingTime(long now) {
        if (timeMode != TimeMode.PROCESSING_TIME) {
            throw new IllegalStateException("advanceProcessingTime needs processing time; this engine runs in " + timeMode);
        }
        if (now <= processingTime) {
            return;
        }
        processingTime = now;
        fireTimers(now);
    }

    /** The current watermark, {@code Long.MIN_VALUE} before the first. */
    public long currentWatermark() {
        return watermark;
    }

    /** Events waiting for the watermark. */
    public int bufferedEvents() {
        return buffer.size();
    }

    public EngineMetrics metrics() {
        return metrics;
    }

    public TimeMode timeMode() {
        return timeMode;
    }

    // ------------------------------------------------------------------ rules

    /** The loaded rules, in load order. */
    public List<Rule> rules() {
        return byId.values().stream().map(RuleRuntime::rule).toList();
    }

    /**
     * Loads a rule while running. It starts with no state; events already matched do not count.
     *
     * @throws IllegalArgumentException if a rule with that id is loaded, or the pattern is malformed
     */
    public void addRule(Rule rule) {
        requireNewId(rule.id());
        load(rule);
        index = RuleIndex.build(rules);
    }

    /**
     * Loads an aggregate rule while running; it starts with empty windows.
     *
     * @throws IllegalArgumentException if a rule with that id is loaded
     */
    public void addAggregateRule(AggregateRule rule) {
        requireNewId(rule.id());
        loadAggregate(rule);
        aggIndex = RuleIndex.build(aggRules);
    }

    /** The loaded aggregate rules, in load order. */
    public List<AggregateRule> aggregateRules() {
        return aggById.values().stream().map(AggRuleRuntime::rule).toList();
    }

    private void requireNewId(RuleId id) {
        if (byId.containsKey(id) || aggById.containsKey(id)) {
            throw new IllegalArgumentException("rule " + id + " is already loaded");
        }
    }

    private void loadAggregate(AggregateRule rule) {
        AggRuleRuntime runtime = new AggRuleRuntime(aggRules.length, rule);
        aggRules = Arrays.copyOf(aggRules, aggRules.length + 1);
        aggRules[runtime.slot()] = runtime;
        aggById.put(rule.id(), runtime);
    }

    /**
     * Unloads a rule; its state for every key is dropped (lazily, as keys are next touched, and from
     * snapshots at once).
     *
     * @return whether the rule was loaded
     */
    public boolean removeRule(RuleId id) {
        rulesGeneration++;
        AggRuleRuntime a = aggById.remove(id);
        if (a != null) {
            aggRules[a.slot()] = null;
            aggIndex = RuleIndex.build(aggRules);
            return true;
        }
        RuleRuntime r = byId.remove(id);
        if (r == null) {
            return false;
        }
        rules[r.slot()] = null;
        index = RuleIndex.build(rules);
        return true;
    }

    private void load(Rule rule) {
        Objects.requireNonNull(rule, "rule");
        RuleRuntime runtime = RuleRuntime.load(rules.length, rule, totalStates);
        totalStates += runtime.program().states().size();
        rules = Arrays.copyOf(rules, rules.length + 1);
        rules[runtime.slot()] = runtime;
        byId.put(rule.id(), runtime);
    }

    // ------------------------------------------------------------------ matching

    private void matchNow(String key, Event event) {
        long seq = ++sequence;
        metrics.eventsProcessed++;
        KeyState state = store.get(key);
        if (!baselines.isEmpty() && state == null) {
            state = new KeyState();
        }
        BaselineState keyBaselines = baselines.isEmpty() ? null : baselinesOf(state);
        AggRun.Baselines view = keyBaselines == null ? null : (slot, time) -> keyBaselines.value(baselines, slot, time);
        matcher.baselines(view);
        emitter.baselines = view;
        // Merge, in slot order, the runs that have state for the key with the rules the event may start.
        int n = sortedDistinct(index.candidates(event, slots, 0));
        int[] s = slots[0];
        int runCount = state == null ? 0 : state.size;
        List<RuleRun> added = null;
        boolean dirty = false;
        for (int i = 0, j = 0; i < n || j < runCount; ) {
            RuleRun run = null;
            int slot;
            if (j < runCount && (i >= n || state.runs[j].rule.slot() <= s[i])) {
                run = state.runs[j++];
                slot = run.rule.slot();
                if (i < n && s[i] == slot) {
                    i++;
                }
            } else {
                slot = s[i++];
            }
            RuleRuntime rule = rules[slot];
            if (rule == null || (run != null && run.rule != rule)) {
                state.needsCompact = true; // a removed rule's state is compacted away below
                dirty = true;
                continue;
            }
            if (run != null && run.unchangedBy(event) && !rule.mayStart(event)) {
                continue; // every partial match waits for another value, and the event starts nothing
            }
            boolean fresh = run == null;
            if (fresh) {
                run = new RuleRun(rule);
            }
            if (processGuarded(run, key, event, seq)) {
                run.changed();
                dirty = true;
                if (fresh && !run.isEmpty()) {
                    if (added == null) {
                        added = new ArrayList<>(2);
                    }
                    added.add(run);
                } else if (!fresh && run.isEmpty()) {
                    state.needsCompact = true;
                }
                schedule(run, key);
            }
        }
        if (added != null) {
            if (state == null) {
                state = new KeyState();
            }
            for (RuleRun run : added) {
                state.add(run);
            }
        }
        if (aggRules.length > 0) {
            state = matchAggregates(key, event, seq, state);
            dirty |= aggregatesChanged;
        }
        if (keyBaselines != null) {
            keyBaselines.add(baselines, event); // after the rules: they see the baselines without this event
            dirty = true;
        }
        if (state != null && state.generation != rulesGeneration) {
            dirty = true; // rules were removed since this key was saved: drop their state now
        }
        if (dirty && state != null) {
            save(key, state);
        }
    }

    private BaselineState baselinesOf(KeyState state) {
        if (state.baselines == null) {
            state.baselines = new BaselineState(baselines);
        }
        return state.baselines;
    }

    private boolean aggregatesChanged;

    /** Feeds the event to the aggregate rules whose filter it passes; returns the (possibly new) key state. */
    private KeyState matchAggregates(String key, Event event, long seq, KeyState state) {
        aggregatesChanged = false;
        int n = sortedDistinct(aggIndex.candidates(event, slots, 0));
        int[] s = slots[0];
        for (int i = 0; i < n; i++) {
            int slot = s[i];
            AggRuleRuntime rule = aggRules[slot];
            if (rule == null || !passes(rule, key, event)) {
                continue;
            }
            AggRun run = state == null ? null : state.findAggregate(slot);
            if (run == null) {
                run = AggRun.create(rule);
                if (state == null) {
                    state = new KeyState();
                }
                state.add(run);
            }
            emitter.key = key;
            try {
                run.onEvent(event, seq, emitter);
            } catch (RuntimeException e) {
                reportError(rule.id(), key, e);
            }
            scheduleAggregate(run, key);
            aggregatesChanged = true;
        }
        return state;
    }

    private boolean passes(AggRuleRuntime rule, String key, Event event) {
        try {
            return rule.rule().filter().test(event, NO_MATCH);
        } catch (RuntimeException e) {
            reportError(rule.id(), key, e);
            return false;
        }
    }

    /** The context an aggregate rule's filter sees: there is no partial match. */
    private static final MatchContext NO_MATCH = new MatchContext() {
        @Override
        public Object aggregate(int slot) {
            throw new IllegalStateException("an aggregate rule's filter has no partial match to read");
        }

        @Override
        public List<Event> events(String step) {
            return List.of();
        }

        @Override
        public long startTimestamp() {
            throw new IllegalStateException("an aggregate rule's filter has no partial match to read");
        }

        @Override
        public Object baseline(int slot) {
            throw new IllegalStateException("an aggregate rule's filter cannot read baselines; use its condition");
        }
    };

    /** As {@link #schedule(RuleRun, String)}, for an aggregate run. */
    private void scheduleAggregate(AggRun run, String key) {
        long deadline = run.nextDeadline();
        if (deadline < run.timer) {
            run.timer = deadline;
            timers.register(deadline, key, -1 - run.rule.slot());
        }
    }

    /** Sorts the first {@code n} candidate slots and drops duplicates; returns how many remain. */
    private int sortedDistinct(int n) {
        int[] s = slots[0];
        if (n < 2) {
            return n;
        }
        Arrays.sort(s, 0, n);
        int m = 1;
        for (int i = 1; i < n; i++) {
            if (s[i] != s[m - 1]) {
                s[m++] = s[i];
            }
        }
        return m;
    }

    /**
     * Runs the matcher; an exception that escapes it (a value of an unexpected type in an
     * aggregate, say) is a rule error for this event: reported, counted, and the rule goes on.
     * Conditions that throw are already caught, per edge, inside the matcher.
     */
    private boolean processGuarded(RuleRun run, String key, Event event, long seq) {
        try {
            return matcher.process(run, key, event, seq);
        } catch (RuntimeException e) {
            reportError(run.rule.id(), key, e);
            return true;
        }
    }

    private void reportError(RuleId rule, String key, RuntimeException e) {
        metrics.ruleErrors++;
        output.onRuleError(rule, key, e);
    }

    /**
     * Makes sure a timer fires no later than the run's next deadline. A timer already set for an
     * earlier time is kept (it fires, finds nothing due, and sets the next one), so a deadline
     * that moves later costs no queue operation.
     */
    private void schedule(RuleRun run, String key) {
        long deadline = run.nextDeadline();
        if (deadline < run.timer) {
            run.timer = deadline;
            timers.register(deadline, key, run.rule.slot());
        }
    }

    private void save(String key, KeyState state) {
        if (state.generation != rulesGeneration) {
            state.generation = rulesGeneration;
            state.needsCompact = true;
            state.aggregatesNeedCompact = true;
        }
        state.compact(rules);
        state.compactAggregates(aggRules);
        if (state.isEmpty()) {
            store.remove(key);
        } else {
            store.put(key, state);
        }
    }

    private void fireTimers(long time) {
        TimerQueue.Timer t;
        while ((t = timers.pollDue(time)) != null) {
            if (t.slot() < 0) {
                fireAggregateTimer(t);
                continue;
            }
            RuleRuntime rule = rules[t.slot()];
            if (rule == null) {
                continue;
            }
            KeyState state = store.get(t.key());
            RuleRun run = state == null ? null : state.find(t.slot());
            if (run == null || run.rule != rule || run.timer != t.deadline()) {
                continue;
            }
            run.timer = RuleRun.NO_TIMER;
            if (matcher.advanceTime(run, t.key(), t.deadline())) {
                run.changed();
            }
            schedule(run, t.key());
            state.needsCompact |= run.isEmpty();
            save(t.key(), state);
        }
    }

    /**
     * The live partial matches (and held-back completed matches) of {@code key}, by rule then start.
     * For inspection: it reads the key's state, O(its size).
     */
    public List<PartialMatchView> partialMatches(String key) {
        KeyState state = store.get(key);
        List<PartialMatchView> views = new ArrayList<>();
        if (state == null) {
            return views;
        }
        List<RuleRun> runs = new ArrayList<>(Arrays.asList(state.runs).subList(0, state.size));
        runs.sort(java.util.Comparator.comparingInt(r -> r.rule.slot()));
        for (RuleRun run : runs) {
            if (rules[run.rule.slot()] != run.rule) {
                continue;
            }
            long window = run.rule.program().windowMillis();
            for (List<PartialMatch> list : List.of(run.partials, run.held)) {
                for (PartialMatch pm : list) {
                    Match m = Emitter.materialize(run.rule, key, MatchKind.MATCH, pm, pm.startTimestamp);
                    views.add(new PartialMatchView(run.rule.id(), key, pm.state.step, m.events(), pm.startTimestamp,
                            window > 0 ? pm.startTimestamp + window : Long.MAX_VALUE, list == run.held));
                }
            }
        }
        return views;
    }

    /** Number of keys with state (estimated by some backends). */
    public long keysWithState() {
        return store.approximateSize();
    }

    private void fireAggregateTimer(TimerQueue.Timer t) {
        int slot = -1 - t.slot();
        AggRuleRuntime rule = aggRules[slot];
        if (rule == null) {
            return;
        }
        KeyState state = store.get(t.key());
        AggRun run = state == null ? null : state.findAggregate(slot);
        if (run == null || run.rule != rule || run.timer != t.deadline()) {
            return;
        }
        run.timer = RuleRun.NO_TIMER;
        emitter.key = t.key();
        BaselineState keyBaselines = state.baselines;
        emitter.baselines = keyBaselines == null ? null : (s, time) -> keyBaselines.value(baselines, s, time);
        try {
            run.onTime(t.deadline(), emitter);
        } catch (RuntimeException e) {
            reportError(rule.id(), t.key(), e);
        }
        state.aggregatesNeedCompact |= run.isEmpty();
        scheduleAggregate(run, t.key());
        save(t.key(), state);
    }

    // ------------------------------------------------------------------ snapshots

    /**
     * Writes all state — watermark, processing time, buffered events, every key's partial and held
     * matches with their events — to {@code out} in the binary snapshot format (see {@link
     * Snapshots}). Does not close {@code out}.
     *
     * @throws java.io.UncheckedIOException if writing fails
     */
    public void snapshot(OutputStream out) {
        Snapshots.write(out, new Snapshots.Header(timeMode, watermark, processingTime, sequence, arrivals),
                buffer, store, codec);
    }

    /**
     * Replaces all state of this engine with the snapshot in {@code in}. The engine should hold the
     * same rules as the one that wrote it; state of rules it does not hold (or that compile
     * differently) is dropped and counted in {@link EngineMetrics#statesDiscardedOnRestore()}.
     * Window timers are rebuilt from the restored partial matches.
     *
     * @throws IllegalStateException if the snapshot is corrupt, of another format version, or
     *     of another time mode
     */
    public void restore(InputStream in) {
        store.clear();
        buffer.clear();
        timers.clear();
        matcher.resetMemo();
        long discardedBefore = codec.discarded();
        Snapshots.Header header = Snapshots.read(in, buffer, store, codec);
        if (header.timeMode() != timeMode) {
            throw new IllegalStateException("the snapshot was taken in " + header.timeMode() + ", this engine runs in " + timeMode);
        }
        watermark = header.watermark();
        processingTime = header.processingTime();
        sequence = header.sequence();
        arrivals = header.arrivals();
        metrics.statesDiscardedOnRestore += codec.discarded() - discardedBefore;
        rebuildTimers();
    }

    /**
     * Rebuilds the window timers from the state in the store. For an engine opened over a backend
     * that already holds keyed state (a RocksDB directory of an earlier run, or a store restored
     * from a changelog); {@link #restore} does this itself. Watermark, processing time and buffered
     * events are not in the keyed store: they start afresh (or come from a snapshot).
     */
    public void rebuildTimers() {
        timers.clear();
        List<String> keys = new ArrayList<>();
        store.forEach((key, state) -> keys.add(key));
        for (String key : keys) {
            KeyState state = store.get(key);
            for (int i = 0; i < state.size; i++) {
                RuleRun run = state.runs[i];
                run.timer = RuleRun.NO_TIMER;
                schedule(run, key);
            }
            for (int i = 0; i < state.aggSize; i++) {
                AggRun run = state.aggRuns[i];
                run.timer = RuleRun.NO_TIMER;
                scheduleAggregate(run, key);
            }
            save(key, state);
        }
    }

    /** Writes cached state to the backend (done before snapshots; call it before closing a shared backend). */
    public void flush() {
        if (store instanceof io.cepheus.core.state.CachingKeyedStore<KeyState> cache) {
            cache.flush();
        }
    }

    /** Writes cached state back, then closes the state backend if the engine created it. */
    @Override
    public void close() {
        flush();
        if (ownsBackend) {
            backend.close();
        }
    }

    /** Configures and builds a {@link CepEngine}. Not thread-safe. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private final List<AggregateRule> aggregateRules = new ArrayList<>();
        private final List<Baseline> baselines = new ArrayList<>();
        private TimeMode timeMode = TimeMode.EVENT_TIME;
        private StateBackend backend;
        private EngineOutput output;
        private int maxPartialMatches = DEFAULT_MAX_PARTIAL_MATCHES;
        private DropPolicy dropPolicy = DropPolicy.DROP_OLDEST;
        private int stateCache = DEFAULT_STATE_CACHE;

        private Builder() {}

        public Builder rule(Rule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Declares a per-key baseline; its slot is its position among the baselines declared. */
        public Builder baseline(Baseline baseline) {
            baselines.add(Objects.requireNonNull(baseline, "baseline"));
            return this;
        }

        public Builder aggregateRule(AggregateRule rule) {
            aggregateRules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        public Builder aggregateRules(Collection<AggregateRule> list) {
            list.forEach(this::aggregateRule);
            return this;
        }

        public Builder rules(Collection<Rule> list) {
            list.forEach(this::rule);
            return this;
        }

        /** Event time (default) or processing time. */
        public Builder timeMode(TimeMode mode) {
            this.timeMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Where keyed state lives; default: a heap backend owned (and closed) by the engine. */
        public Builder stateBackend(StateBackend stateBackend) {
            this.backend = Objects.requireNonNull(stateBackend, "stateBackend");
            return this;
        }

        /** Required: where matches, late events and rule errors go. */
        public Builder output(EngineOutput engineOutput) {
            this.output = Objects.requireNonNull(engineOutput, "engineOutput");
            return this;
        }

        /**
         * Cap on partial matches per key and rule, and on the events a key keeps in a sliding
         * window of an aggregate rule (default 10,000).
         */
        public Builder maxPartialMatches(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxPartialMatches must be at least 1, was " + max);
            }
            this.maxPartialMatches = max;
            return this;
        }

        /**
         * How many keys' state to keep decoded in front of a byte-based backend such as RocksDB
         * (written back when evicted and before snapshots); 0 for none. Default 10,000.
         * Ignored for the heap backend.
         */
        public Builder stateCache(int keys) {
            if (keys < 0) {
                throw new IllegalArgumentException("stateCache must not be negative, was " + keys);
            }
            this.stateCache = keys;
            return this;
        }

        /** What to drop beyond the cap (default: the oldest). */
        public Builder dropPolicy(DropPolicy policy) {
            this.dropPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @throws IllegalArgumentException if a rule is malformed or two rules share an id
         * @throws IllegalStateException if no output is set
         */
        public CepEngine build() {
            if (output == null) {
                throw new IllegalStateException("an output is required: call output(...)");
            }
            Map<RuleId, Object> seen = new HashMap<>();
            for (Rule r : rules) {
                if (seen.put(r.id(), r) != null) {
                    throw new IllegalArgumentException("two rules have the id " + r.id());
                }
            }
            for (AggregateRule r : aggregateRules) {
                if (seen.put(r.id(), r) != null) {
                    throw new IllegalArgumentException("two rules have the id " + r.id());
                }
            }
            return new CepEngine(this);
        }
    }
}
