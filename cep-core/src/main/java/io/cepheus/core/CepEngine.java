package io.cepheus.core;

import io.cepheus.core.pattern.MatchContext;
import io.cepheus.core.state.HeapStateBackend;
import io.cepheus.core.state.StateBackend;
import io.cepheus.core.window.AggregateRule;
import io.cepheus.core.window.Baseline;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A keyed CEP operator: many rules over the events of one key space (one or more input streams,
 * one partition key), with per-key state, event time (or processing time), windows, absences,
 * rule versions and snapshots.
 *
 * <p>Each rule is compiled once into a program shared by every key; each key keeps, per rule, its
 * partial matches. An event is matched against the rules that already have state for its key and
 * the rules it can start (found through an index of the rules' first steps). Results go to the
 * {@link EngineOutput} as they happen.
 *
 * <p>Time is injected: in event time the caller advances the watermark of each input ({@link
 * #advanceWatermark(String, long)}); the engine's watermark is the least of its inputs' (idle
 * inputs excluded); events wait in a buffer until it passes them and are then matched in timestamp
 * order; an event at or before it is late and reported. Windows and absences close on watermark
 * (or processing-time) advance alone, through timers, without any further event for the key. The
 * engine never reads the system clock.
 *
 * <p>All state — partial matches, windows, baselines, the event-time buffer, watermarks, timers,
 * rule versions — lives in stores of the {@link StateBackend} named after the engine ({@link
 * Builder#name}); see {@link EngineStores}. After {@link #flush()} the backend holds all of it: an
 * engine built over the same backend and name continues exactly where this one stopped, without a
 * snapshot. Layers such as a cache are the caller's ({@link io.cepheus.core.state.CachingStateBackend}),
 * and {@code flush()} flushes them.
 *
 * <p>Rules change while running: {@link #addRule}, {@link #replaceRule} (the new version starts
 * fresh; the old one's partial matches drain until their window ends), {@link #removeRule}.
 *
 * <p>Not thread-safe: one thread drives an engine. Instances are made with {@link #builder()}.
 */
public final class CepEngine implements AutoCloseable {

    /** Default cap on partial matches per key and rule. */
    public static final int DEFAULT_MAX_PARTIAL_MATCHES = 10_000;

    /** Default cap on partial matches of one rule over all keys. */
    public static final long DEFAULT_MAX_PARTIAL_MATCHES_PER_RULE = 1_000_000;

    /** The name of the only input of an engine built without {@link Builder#inputs}. */
    public static final String DEFAULT_INPUT = "events";

    private final String name;
    private final TimeMode timeMode;
    private final long maxPartialMatchesPerRule;
    private final StateBackend backend;
    private final boolean ownsBackend;
    private final EngineOutput output;
    private final EngineMetrics metrics = new EngineMetrics();
    private final KeyStateCodec codec;
    private final EngineStores stores;
    private final Matcher matcher;
    private final EventTimeBuffer buffer = new EventTimeBuffer();
    private final TimerQueue timers = new TimerQueue();
    private final RuleTable table;
    private final TimeState time;
    private final Emitter emitter;
    private final List<Baseline> baselines;
    private final int[][] slots = {new int[16]};
    /** Pattern timers of other keys that came due during a watermark advance (see fireTimersBefore). */
    private final DeferredTimers deferred = new DeferredTimers();
    private boolean closed;

    /**
     * The timer slot of a key timer: registered for the key's earliest deadline when an engine opens
     * over stored state, it fires every run of the key due then, in slot order, and registers the
     * next key timer; runs whose timer changes get their own timers as usual.
     */
    private static final int KEY_TIMER = Integer.MIN_VALUE;

    private CepEngine(Builder b) {
        this.name = b.name;
        this.timeMode = b.timeMode;
        this.maxPartialMatchesPerRule = b.maxPartialMatchesPerRule;
        this.emitter = new Emitter(metrics, b.output, b.maxPartialMatches);
        this.backend = b.backend != null ? b.backend : new HeapStateBackend();
        this.ownsBackend = b.backend == null;
        this.output = b.output;
        this.baselines = List.copyOf(b.baselines);
        this.matcher = new Matcher(emitter, b.maxPartialMatches, b.dropPolicy);
        RuleTable[] tableRef = new RuleTable[1];
        this.codec = new KeyStateCodec(inc -> tableRef[0].pattern(inc), inc -> tableRef[0].aggregate(inc), baselines,
                () -> tableRef[0].generation);
        this.stores = new EngineStores(backend, name, codec);
        try {
            EngineStores.Meta stored = stores.readMeta(b.inputs);
            if (stored != null && stored.timeMode() != timeMode) {
                throw new IllegalStateException("engine '" + name + "' was stored in " + stored.timeMode()
                        + "; it cannot be reopened in " + timeMode);
            }
            this.time = stored != null ? stored.time() : new TimeState(b.inputs);
            this.table = stored != null ? new RuleTable(stored.rules(), stored.nextIncarnation()) : new RuleTable(List.of(), 1);
            tableRef[0] = table;
            table.loadAll(b.rules, b.drainingRules, b.aggregateRules);
            table.reindex();
            stores.loadBuffer(buffer, time.arrivals, time.watermark);
            registerStoredTimers();
            persistTimeAndRules(); // the incarnations are stored before any state is written with them
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The engine's name: its stores are named after it. */
    public String name() {
        return name;
    }

    /** One timer per key with timers, at its earliest deadline: the chain of key timers does the rest. */
    private void registerStoredTimers() {
        stores.forEachTimer(codec, (key, deadline) -> timers.register(deadline, key, KEY_TIMER));
        stores.dropTimerIndex();
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
            if (time.processingTime == Long.MIN_VALUE) {
                throw new IllegalStateException("processing time is not set: call advanceProcessingTime first");
            }
            matchNow(key, event.withTimestamp(time.processingTime));
            return;
        }
        if (event.timestamp() <= time.watermark) {
            metrics.lateEvents++;
            output.onLateEvent(key, event, time.watermark);
            return;
        }
        buffer.add(event.timestamp(), time.arrivals++, key, event);
    }

    /**
     * Advances the watermark of every input to {@code newWatermark} (the usual call for an engine
     * with one input); see {@link #advanceWatermark(String, long)}.
     */
    public void advanceWatermark(long newWatermark) {
        requireEventTime("advanceWatermark");
        for (int i = 0; i < time.inputWatermarks.length; i++) {
            time.inputWatermarks[i] = Math.max(time.inputWatermarks[i], newWatermark);
        }
        moveWatermark();
    }

    /**
     * Advances the watermark of one input; the engine's watermark moves to the least of its
     * non-idle inputs' watermarks when that is ahead of it: buffered events up to it are matched in
     * timestamp order, firing window timers in between, then the timers due by it fire. A
     * watermark not ahead of the input's current one is ignored.
     *
     * @throws IllegalArgumentException if the engine has no such input
     */
    public void advanceWatermark(String input, long newWatermark) {
        requireEventTime("advanceWatermark");
        int i = time.input(input);
        time.inputWatermarks[i] = Math.max(time.inputWatermarks[i], newWatermark);
        moveWatermark();
    }

    /**
     * Marks an input idle (its watermark no longer holds the engine's back) or active again. An
     * input that wakes up behind the engine's watermark finds its older events late.
     *
     * @throws IllegalArgumentException if the engine has no such input
     */
    public void setIdle(String input, boolean idle) {
        requireEventTime("setIdle");
        time.idle[time.input(input)] = idle;
        moveWatermark();
    }

    private void requireEventTime(String method) {
        if (timeMode != TimeMode.EVENT_TIME) {
            throw new IllegalStateException(method + " needs event time; this engine runs in " + timeMode);
        }
    }

    private void moveWatermark() {
        long newWatermark = time.combined();
        if (newWatermark <= time.watermark) {
            return;
        }
        long next;
        while (buffer.size() > 0 && (next = buffer.nextTimestamp()) <= newWatermark) {
            buffer.take();
            fireTimersBefore(next, buffer.key());
            matchNow(buffer.key(), buffer.event());
        }
        fireTimers(newWatermark);
        time.watermark = newWatermark;
        unloadDrained(newWatermark);
    }

    /** Advances processing time to {@code now} (ignored if not ahead) and fires the timers due by then. */
    public void advanceProcessingTime(long now) {
        if (timeMode != TimeMode.PROCESSING_TIME) {
            throw new IllegalStateException("advanceProcessingTime needs processing time; this engine runs in " + timeMode);
        }
        if (now <= time.processingTime) {
            return;
        }
        time.processingTime = now;
        fireTimers(now);
        unloadDrained(now);
    }

    /** The current watermark, {@code Long.MIN_VALUE} before the first. */
    public long currentWatermark() {
        return time.watermark;
    }

    /** The current watermark of one input. @throws IllegalArgumentException if there is no such input */
    public long currentWatermark(String input) {
        return time.inputWatermarks[time.input(input)];
    }

    /** The engine's inputs. */
    public List<String> inputs() {
        return time.inputs;
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

    /** The active pattern rules (draining versions not included), in load order. */
    public List<Rule> rules() {
        return table.activeRules();
    }

    /** The replaced versions whose partial matches still drain. */
    public List<Rule> drainingRules() {
        return table.drainingRules();
    }

    /** The loaded aggregate rules, in load order. */
    public List<AggregateRule> aggregateRules() {
        return table.activeAggregateRules();
    }

    /**
     * Loads a rule while running. It starts with no state; events already matched do not count.
     *
     * @throws IllegalArgumentException if a rule with that id is loaded, or the pattern is malformed
     */
    public void addRule(Rule rule) {
        Objects.requireNonNull(rule, "rule");
        table.load(table.compile(rule), false, RuleTable.ACTIVE);
        rulesChanged();
    }

    /**
     * Replaces the loaded version of {@code next.id()} by {@code next}, which starts fresh. The
     * replaced version's partial matches drain: they go on matching (and completing, timing out,
     * reporting absences, with their own version) but it starts no new ones, and it is unloaded once
     * time passes the end of the window of the last partial match it can have — at once if it has
     * none yet; never, for a rule without a window, until {@link #dropDraining} or {@link #removeRule}.
     *
     * @throws IllegalArgumentException if no rule with that id is loaded, or {@code next} is malformed
     */
    public void replaceRule(Rule next) {
        Objects.requireNonNull(next, "next");
        RuleRuntime old = table.active(next.id());
        if (old == null) {
            throw new IllegalArgumentException("rule " + next.id() + " is not loaded: add it instead");
        }
        RuleRuntime compiled = table.compile(next); // a malformed version is refused before the old one drains
        long now = timeMode == TimeMode.EVENT_TIME ? time.watermark : time.processingTime;
        long window = old.program().windowMillis();
        if (now == Long.MIN_VALUE) {
            table.unload(old); // nothing was matched yet: nothing to drain
        } else {
            table.drain(old, window <= 0 ? RuleTable.FOREVER : Math.min(now, Long.MAX_VALUE - 1 - window) + window);
        }
        table.load(compiled, false, RuleTable.ACTIVE);
        rulesChanged();
    }

    /** Unloads the draining versions of {@code id} and their partial matches. @return whether there were any */
    public boolean dropDraining(RuleId id) {
        List<RuleRuntime> draining = table.draining(id);
        draining.forEach(table::unload);
        if (!draining.isEmpty()) {
            rulesChanged();
        }
        return !draining.isEmpty();
    }

    /**
     * Loads an aggregate rule while running; it starts with empty windows.
     *
     * @throws IllegalArgumentException if a rule with that id is loaded
     */
    public void addAggregateRule(AggregateRule rule) {
        Objects.requireNonNull(rule, "rule");
        table.load(rule);
        rulesChanged();
    }

    /**
     * Replaces an aggregate rule by a new version with empty windows; the old version's windows are
     * dropped (aggregate rules do not drain).
     *
     * @throws IllegalArgumentException if no aggregate rule with that id is loaded
     */
    public void replaceAggregateRule(AggregateRule next) {
        AggRuleRuntime old = table.activeAggregate(next.id());
        if (old == null) {
            throw new IllegalArgumentException("aggregate rule " + next.id() + " is not loaded: add it instead");
        }
        table.unload(old);
        table.load(next);
        rulesChanged();
    }

    /**
     * Unloads a rule, with any draining versions of it; its state for every key is dropped (lazily,
     * as keys are next touched, and from snapshots at once).
     *
     * @return whether the rule was loaded
     */
    public boolean removeRule(RuleId id) {
        boolean found = false;
        AggRuleRuntime a = table.activeAggregate(id);
        if (a != null) {
            table.unload(a);
            found = true;
        }
        RuleRuntime r = table.active(id);
        if (r != null) {
            table.unload(r);
            found = true;
        }
        for (RuleRuntime d : table.draining(id)) {
            table.unload(d);
            found = true;
        }
        if (found) {
            rulesChanged();
        }
        return found;
    }

    private void rulesChanged() {
        table.reindex();
        persistTimeAndRules();
    }

    private void unloadDrained(long now) {
        List<RuleRuntime> drained = table.drained(now);
        if (!drained.isEmpty()) {
            drained.forEach(table::unload);
            rulesChanged();
        }
    }

    // ------------------------------------------------------------------ matching

    private void matchNow(String key, Event event) {
        emitter.at(event.timestamp(), event);
        long seq = ++time.sequence;
        metrics.eventsProcessed++;
        KeyState state = stores.keys.get(key);
        if (!baselines.isEmpty() && state == null) {
            state = new KeyState();
        }
        BaselineState keyBaselines = baselines.isEmpty() ? null : baselinesOf(state);
        AggRun.Baselines view = keyBaselines == null ? null : (slot, time) -> keyBaselines.value(baselines, slot, time);
        matcher.baselines(view);
        emitter.baselines = view;
        // Merge, in slot order, the runs that have state for the key with the rules the event may start.
        int n = sortedDistinct(table.index.candidates(event, slots, 0));
        int[] s = slots[0];
        RuleRuntime[] rules = table.patterns;
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
            boolean mayStart = !table.isDraining(slot);
            if (run != null && run.unchangedBy(event) && !(mayStart && rule.mayStart(event))) {
                continue; // every partial match waits for another value, and the event starts nothing
            }
            boolean fresh = run == null;
            if (fresh) {
                run = new RuleRun(rule);
            }
            int before = run.partials.size();
            if (processGuarded(run, key, event, seq, mayStart)) {
                count(run, key, before, seq);
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
        if (table.aggregates.length > 0) {
            state = matchAggregates(key, event, seq, state);
            dirty |= aggregatesChanged;
        }
        if (keyBaselines != null) {
            keyBaselines.add(baselines, event); // after the rules: they see the baselines without this event
            dirty = true;
        }
        if (state != null && (state.generation != table.generation || state.discardedOnDecode)) {
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
        int n = sortedDistinct(table.aggregateIndex.candidates(event, slots, 0));
        int[] s = slots[0];
        for (int i = 0; i < n; i++) {
            int slot = s[i];
            AggRuleRuntime rule = table.aggregates[slot];
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
        if (deadline != run.timer) {
            run.timer = deadline;
            if (deadline != RuleRun.NO_TIMER) {
                timers.register(deadline, key, -1 - run.rule.slot());
            }
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
    private boolean processGuarded(RuleRun run, String key, Event event, long seq, boolean mayStart) {
        try {
            return matcher.process(run, key, event, seq, mayStart);
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
     * Keeps the run's timer at its next deadline: a deadline that changed is registered anew, and
     * the timer of the old one is stale (skipped when it fires, since the run's timer no longer
     * names it). So a run's timer is a function of its state, which keeps stored state deterministic
     * and lets a key's earliest timer be written with its state.
     */
    private void schedule(RuleRun run, String key) {
        long deadline = run.nextDeadline();
        if (deadline != run.timer) {
            run.timer = deadline;
            if (deadline != RuleRun.NO_TIMER) {
                timers.register(deadline, key, run.rule.slot());
            }
        }
    }

    /**
     * Counts the partial matches a run gained or lost against its rule's total, and refuses the
     * ones this event started while the rule is over its cap (counted as dropped).
     */
    private void count(RuleRun run, String key, int before, long seq) {
        int slot = run.rule.slot();
        long total = table.live[slot] + run.partials.size() - before;
        if (total > maxPartialMatchesPerRule) {
            // refuse the partial matches this event started, the last in queue order first
            List<PartialMatch> partials = run.partials;
            java.util.Set<PartialMatch> refusedSet = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (int i = partials.size() - 1; i >= 0 && total > maxPartialMatchesPerRule; i--) {
                if (partials.get(i).startSeq == seq) {
                    refusedSet.add(partials.get(i));
                    total--;
                }
            }
            if (!refusedSet.isEmpty()) {
                List<PartialMatch> kept = new ArrayList<>(partials);
                FlinkQueue.removeIf(kept, refusedSet::contains);
                run.partials = kept;
                emitter.dropped(run.rule, key, refusedSet.size());
            }
        }
        table.addLive(slot, total - table.live[slot]);
    }

    /** Writes a key's state back (compacted; its earliest timer goes with it, see {@link KeyStateCodec}). */
    private void save(String key, KeyState state) {
        if (state.generation != table.generation || state.discardedOnDecode) {
            state.generation = table.generation;
            state.discardedOnDecode = false;
            state.needsCompact = true;
            state.aggregatesNeedCompact = true;
        }
        state.compact(table.patterns);
        state.compactAggregates(table.aggregates);
        if (state.isEmpty()) {
            stores.keys.remove(key);
            return;
        }
        stores.keys.put(key, state);
    }

    /**
     * Fires every timer due by {@code time} (those deferred by {@link #fireTimersBefore} among them), in the queue's
     * order.
     */
    private void fireTimers(long time) {
        emitter.at(time, null);
        TimerQueue.Timer t;
        if (deferred.isEmpty()) {
            while ((t = timers.pollDue(time)) != null) {
                fireTimer(t, time);
            }
            return;
        }
        try {
            while ((t = deferred.pollMerged(timers, time)) != null) {
                fireTimer(t, time);
            }
        } finally {
            deferred.clear();
        }
    }

    /**
     * Fires the timers due by {@code time}, the timestamp of an event of {@code key} about to be
     * matched. As in Flink's {@code CepOperator}, a key's pattern runs advance only to the
     * timestamps of its own events and to the watermark: the pattern timers of other keys are
     * deferred to their key's next event or to the end of this watermark advance, so the partial
     * matches that time out together, and the order of what they release, are Flink's. Aggregate
     * timers fire at once (of a key timer, its aggregate runs now, its pattern runs deferred).
     */
    private void fireTimersBefore(long time, String key) {
        emitter.at(time, null);
        if (!deferred.isEmpty()) {
            for (TimerQueue.Timer t : deferred.take(key)) {
                fireTimer(t, time);
            }
        }
        TimerQueue.Timer t;
        while ((t = timers.pollDue(time)) != null) {
            if (t.key().equals(key) || (t.slot() < 0 && t.slot() != KEY_TIMER)) {
                fireTimer(t, time);
                continue;
            }
            if (t.slot() == KEY_TIMER) {
                fireKeyTimer(t.key(), t.deadline(), time, false);
            }
            deferred.add(t);
        }
    }

    private void fireTimer(TimerQueue.Timer t, long time) {
        if (t.slot() == KEY_TIMER) {
            fireKeyTimer(t.key(), t.deadline(), time, true);
        } else if (t.slot() < 0) {
            fireAggregateTimer(t);
        } else {
            firePatternTimer(t, time);
        }
    }

    private void firePatternTimer(TimerQueue.Timer t, long time) {
        RuleRuntime rule = table.patterns[t.slot()];
        if (rule == null) {
            return;
        }
        KeyState state = stores.keys.get(t.key());
        RuleRun run = state == null ? null : state.find(t.slot());
        if (run == null || run.rule != rule || run.timer != t.deadline()) {
            return;
        }
        fire(state, run, t.key(), time);
        save(t.key(), state);
    }

    /**
     * Times out what is due in a run when its timer fires during an advance to {@code time}: every
     * partial match due by then at once, as Flink's {@code advanceTime} does.
     */
    private void fire(KeyState state, RuleRun run, String key, long time) {
        run.timer = RuleRun.NO_TIMER;
        int before = run.partials.size();
        if (matcher.advanceTime(run, key, time)) {
            table.addLive(run.rule.slot(), run.partials.size() - before);
            run.changed();
        }
        schedule(run, key);
        state.needsCompact |= run.isEmpty();
    }

    /**
     * Fires every run of a key whose timer is due at {@code deadline}, in the order their own timers
     * would fire (aggregate runs by descending slot, then pattern runs by slot — the timer queue's
     * order), then registers the next key timer. Without {@code patterns}, only the aggregate runs
     * (the pattern runs are deferred, see fireTimersBefore).
     */
    private void fireKeyTimer(String key, long deadline, long time, boolean patterns) {
        KeyState state = stores.keys.get(key);
        if (state == null) {
            return;
        }
        List<AggRun> aggregates = new ArrayList<>();
        for (int i = 0; i < state.aggSize; i++) {
            AggRun run = state.aggRuns[i];
            if (run.timer == deadline && table.aggregates[run.rule.slot()] == run.rule) {
                aggregates.add(run);
            }
        }
        aggregates.sort(java.util.Comparator.comparingInt((AggRun r) -> r.rule.slot()).reversed());
        for (AggRun run : aggregates) {
            fireAggregate(state, run, key, deadline);
        }
        for (int i = 0; patterns && i < state.size; i++) {
            RuleRun run = state.runs[i];
            if (run.timer == deadline && table.patterns[run.rule.slot()] == run.rule) {
                fire(state, run, key, time);
            }
        }
        save(key, state);
        long next = patterns ? state.earliestTimer() : state.earliestAggregateTimer();
        if (next != RuleRun.NO_TIMER) {
            timers.register(next, key, KEY_TIMER);
        }
    }

    /**
     * The live partial matches (and held-back completed matches) of {@code key}, by rule then start,
     * draining versions included. For inspection: it reads the key's state, O(its size).
     */
    public List<PartialMatchView> partialMatches(String key) {
        return views(table, key, stores.keys.get(key));
    }

    /** The partial matches of {@code state} (of {@code key}; null: none) of the rules {@code table} has loaded. */
    static List<PartialMatchView> views(RuleTable table, String key, KeyState state) {
        List<PartialMatchView> views = new ArrayList<>();
        if (state == null) {
            return views;
        }
        List<RuleRun> runs = new ArrayList<>(Arrays.asList(state.runs).subList(0, state.size));
        runs.sort(java.util.Comparator.comparingInt(r -> r.rule.slot()));
        for (RuleRun run : runs) {
            if (table.patterns[run.rule.slot()] != run.rule) {
                continue;
            }
            for (List<PartialMatch> list : List.of(run.partials, run.held)) {
                for (PartialMatch pm : list) {
                    Match m = Emitter.materialize(run.rule, key, MatchKind.MATCH, pm, pm.startTimestamp);
                    views.add(new PartialMatchView(run.rule.id(), run.rule.rule().version(), key, pm.state.step,
                            m.events(), pm.startTimestamp, run.rule.program().deadline(pm), list == run.held));
                }
            }
        }
        return views;
    }

    /** Partial matches of the active version of {@code rule} over all keys, 0 if it is not loaded. */
    public long partialMatchCount(RuleId rule) {
        RuleRuntime r = table.active(rule);
        return r == null ? 0 : table.live[r.slot()];
    }

    /** Number of keys with state (estimated by some backends). */
    public long keysWithState() {
        return stores.keys.approximateSize();
    }

    private void fireAggregateTimer(TimerQueue.Timer t) {
        int slot = -1 - t.slot();
        AggRuleRuntime rule = table.aggregates[slot];
        if (rule == null) {
            return;
        }
        KeyState state = stores.keys.get(t.key());
        AggRun run = state == null ? null : state.findAggregate(slot);
        if (run == null || run.rule != rule || run.timer != t.deadline()) {
            return;
        }
        fireAggregate(state, run, t.key(), t.deadline());
        save(t.key(), state);
    }

    private void fireAggregate(KeyState state, AggRun run, String key, long deadline) {
        run.timer = RuleRun.NO_TIMER;
        emitter.key = key;
        BaselineState keyBaselines = state.baselines;
        emitter.baselines = keyBaselines == null ? null : (s, time) -> keyBaselines.value(baselines, s, time);
        try {
            run.onTime(deadline, emitter);
        } catch (RuntimeException e) {
            reportError(run.rule.id(), key, e);
        }
        state.aggregatesNeedCompact |= run.isEmpty();
        scheduleAggregate(run, key);
    }

    // ------------------------------------------------------------------ persistence and snapshots

    /**
     * Writes the time state — watermarks, buffered events, counters, rule incarnations — to the
     * stores, then flushes every store (and so any layer the caller put in front of them). After it
     * returns, the backend holds everything an engine reopened over it needs to continue exactly as
     * this one would. A runtime calls it before it commits.
     */
    public void flush() {
        persistTime();
        stores.flush();
    }

    /**
     * Writes what changed of the time state since the last call: the buffer's changes, the clocks,
     * and the per-rule counts of partial matches when one moved (one entry for all rules).
     */
    private void persistTime() {
        stores.persistBuffer(buffer, time.arrivals, time.watermark);
        stores.persistClock(timeMode, time);
        if (table.takeLiveChanged()) {
            stores.persistLive(table);
        }
    }

    /** {@link #persistTime}, and the rule incarnations, after a change of rules (or at open). */
    private void persistTimeAndRules() {
        stores.persistRules(table.entries(), table.nextIncarnation());
        table.takeUnloaded().forEach(stores::forgetLive);
        persistTime();
    }

    /** Each key's state as the engine holds it, with the codec of its store: for the tests of the format. */
    void forEachKeyState(java.util.function.BiConsumer<String, KeyState> action) {
        stores.keys.forEach(action);
    }

    KeyStateCodec keyStateCodec() {
        return codec;
    }

    /**
     * Writes all state — clocks, rule versions, buffered events, every key's state in key order — to
     * {@code out} in the binary snapshot format (see {@link Snapshots}). The same state gives the
     * same bytes on every backend. Does not close {@code out}.
     *
     * @throws java.io.UncheckedIOException if writing fails
     */
    public void snapshot(OutputStream out) {
        Snapshots.write(out, new EngineStores.Meta(timeMode, time, table.entries(), table.nextIncarnation()),
                buffer, stores.keys, codec);
    }

    /**
     * Replaces all state of this engine with the snapshot in {@code in}. The state of rules this
     * engine holds in the same version and shape is taken over; the rest is dropped and counted in
     * {@link EngineMetrics#statesDiscardedOnRestore()}. Timers are rebuilt from the partial matches.
     *
     * @throws IllegalStateException if the snapshot is corrupt, of another format version, or
     *     of another time mode
     */
    public void restore(InputStream in) {
        stores.clear();
        buffer.clear();
        timers.clear();
        matcher.resetMemo();
        table.clearLive();
        Snapshots.Restored restored = Snapshots.read(in, time.inputs, buffer, table, baselines);
        if (restored.meta().timeMode() != timeMode) {
            throw new IllegalStateException("the snapshot was taken in " + restored.meta().timeMode()
                    + ", this engine runs in " + timeMode);
        }
        TimeState t = restored.meta().time();
        System.arraycopy(t.inputWatermarks, 0, time.inputWatermarks, 0, time.inputWatermarks.length);
        System.arraycopy(t.idle, 0, time.idle, 0, time.idle.length);
        time.watermark = t.watermark;
        time.processingTime = t.processingTime;
        time.sequence = t.sequence;
        time.arrivals = t.arrivals;
        metrics.statesDiscardedOnRestore += restored.discarded();
        buffer.markPersisted(0);
        restored.states().forEach((key, state) -> {
            for (int i = 0; i < state.size; i++) {
                RuleRun run = state.runs[i];
                table.addLive(run.rule.slot(), run.partials.size());
                run.timer = RuleRun.NO_TIMER;
                schedule(run, key);
            }
            for (int i = 0; i < state.aggSize; i++) {
                state.aggRuns[i].timer = RuleRun.NO_TIMER;
                scheduleAggregate(state.aggRuns[i], key);
            }
            save(key, state);
        });
        persistTimeAndRules();
    }

    /** Flushes, closes the engine's stores, then the state backend if the engine created it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flush();
        } finally {
            stores.close();
            if (ownsBackend) {
                backend.close();
            }
        }
    }

    /**
     * Closes the engine and deletes its state from the backend: every key's partial matches and
     * windows, its timers, buffered events, watermarks and rule table. For an engine whose rules are
     * all gone; an engine built again under this name starts empty.
     */
    public void destroy() {
        if (closed) {
            throw new IllegalStateException("engine " + name + " is closed");
        }
        closed = true;
        try {
            stores.clear();
        } finally {
            stores.close();
            if (ownsBackend) {
                backend.close();
            }
        }
    }

    /**
     * Deletes the state of the engine named {@code name} from {@code backend} without opening it
     * (as {@link #destroy()} does for an open engine): for an engine whose rules went while it was
     * not running.
     *
     * @throws IllegalStateException if an engine of that name is open on the backend
     */
    public static void destroy(StateBackend backend, String name) {
        EngineStores.delete(backend, name);
    }

    /** Configures and builds a {@link CepEngine}. Not thread-safe. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private final List<Rule> drainingRules = new ArrayList<>();
        private final List<AggregateRule> aggregateRules = new ArrayList<>();
        private final List<Baseline> baselines = new ArrayList<>();
        private List<String> inputs = List.of(DEFAULT_INPUT);
        private String name = "cep";
        private TimeMode timeMode = TimeMode.EVENT_TIME;
        private StateBackend backend;
        private EngineOutput output;
        private int maxPartialMatches = DEFAULT_MAX_PARTIAL_MATCHES;
        private long maxPartialMatchesPerRule = DEFAULT_MAX_PARTIAL_MATCHES_PER_RULE;
        private DropPolicy dropPolicy = DropPolicy.DROP_OLDEST;

        private Builder() {}

        /**
         * The engine's name (default {@code cep}): its stores are {@code NAME.keys}, {@code
         * NAME.timers}, {@code NAME.buffer} and {@code NAME.meta}. Engines sharing a backend need
         * different names; an engine built over a backend and name that hold state continues it.
         */
        public Builder name(String engineName) {
            Objects.requireNonNull(engineName, "engineName");
            if (engineName.isBlank()) {
                throw new IllegalArgumentException("an engine name must not be blank");
            }
            this.name = engineName;
            return this;
        }

        /** The input streams, each with its own watermark (default: one, {@code events}). */
        public Builder inputs(List<String> names) {
            if (names.isEmpty() || names.stream().distinct().count() != names.size()) {
                throw new IllegalArgumentException("inputs must be distinct and at least one, were " + names);
            }
            this.inputs = List.copyOf(names);
            return this;
        }

        public Builder rule(Rule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * A replaced version that was draining when the engine's state was stored ({@link
         * CepEngine#drainingRules()}): given again when the engine is reopened, it goes on draining;
         * a draining version not given is dropped with its partial matches, and one given that the
         * store does not know as draining is ignored (so a caller may give every version that might
         * still drain).
         */
        public Builder drainingRule(Rule rule) {
            drainingRules.add(Objects.requireNonNull(rule, "rule"));
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

        /** Where state lives; default: a heap backend owned (and closed) by the engine. */
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
         * Cap on the partial matches of one rule over all keys (default 1,000,000): while a rule is at
         * it, the partial matches an event would start are refused and counted as dropped, so one
         * explosive pattern over many keys cannot take the heap.
         */
        public Builder maxPartialMatchesPerRule(long max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxPartialMatchesPerRule must be at least 1, was " + max);
            }
            this.maxPartialMatchesPerRule = max;
            return this;
        }

        /** What to drop beyond the per-key cap (default: the oldest). */
        public Builder dropPolicy(DropPolicy policy) {
            this.dropPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @throws IllegalArgumentException if a rule is malformed or two rules share an id
         * @throws IllegalStateException if no output is set, the backend's stores of this name are
         *     open already, or the stored state was written in another time mode
         */
        public CepEngine build() {
            if (output == null) {
                throw new IllegalStateException("an output is required: call output(...)");
            }
            checkDistinctIds();
            return new CepEngine(this);
        }

        /**
         * Opens the state an engine of this name, inputs and rules keeps in the {@linkplain
         * #stateBackend backend} for reading only: an {@link EngineView}, which never writes (no output
         * is needed). Give the rules the writing engine runs, draining versions included, so that the
         * view resumes their stored state as the engine does.
         *
         * @throws IllegalArgumentException if a rule is malformed or two rules share an id
         * @throws IllegalStateException if no backend is set, the backend's stores of this name are
         *     open already, or the stored state was written in another time mode
         */
        public EngineView openReadOnly() {
            if (backend == null) {
                throw new IllegalStateException("a read-only view needs the backend that holds the state: call stateBackend(...)");
            }
            checkDistinctIds();
            return new EngineView(name, timeMode, backend, inputs, rules, drainingRules, aggregateRules, baselines);
        }

        private void checkDistinctIds() {
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
        }
    }
}
