package io.cepheus.core;

import java.util.Arrays;

/** Everything the engine keeps for one key: the runs of the pattern and aggregate rules that have state for it. */
final class KeyState {
    /** Pattern runs, ordered by rule slot. */
    RuleRun[] runs = new RuleRun[2];
    int size;
    /** Set when a run may have become empty or belongs to a removed rule; cleared by {@link #compact}. */
    boolean needsCompact;
    AggRun[] aggRuns = new AggRun[0];
    int aggSize;
    /** The key's baselines; null when the engine declares none. */
    BaselineState baselines;
    /** Set on decode when runs of rules no longer loaded were dropped: the state must be written back. */
    boolean discardedOnDecode;

    AggRun findAggregate(int slot) {
        for (int i = 0; i < aggSize; i++) {
            if (aggRuns[i].rule.slot() == slot) {
                return aggRuns[i];
            }
        }
        return null;
    }

    void add(AggRun run) {
        if (aggSize == aggRuns.length) {
            aggRuns = Arrays.copyOf(aggRuns, Math.max(2, aggSize * 2));
        }
        aggRuns[aggSize++] = run;
    }

    /** The engine's rule generation when this state was last compacted (rules removed since force a compaction). */
    int generation;
    /** Set when an aggregate run may have become empty or belongs to a removed rule. */
    boolean aggregatesNeedCompact;

    /** Drops empty aggregate runs and runs of aggregate rules no longer active (when flagged). */
    void compactAggregates(AggRuleRuntime[] active) {
        if (!aggregatesNeedCompact) {
            return;
        }
        aggregatesNeedCompact = false;
        int j = 0;
        for (int i = 0; i < aggSize; i++) {
            AggRun r = aggRuns[i];
            int slot = r.rule.slot();
            if (!r.isEmpty() && slot < active.length && active[slot] == r.rule) {
                aggRuns[j++] = r;
            }
        }
        Arrays.fill(aggRuns, j, aggSize, null);
        aggSize = j;
    }

    RuleRun find(int slot) {
        for (int i = 0; i < size; i++) {
            if (runs[i].rule.slot() == slot) {
                return runs[i];
            }
        }
        return null;
    }

    /** Adds a run, keeping the runs ordered by rule slot. */
    void add(RuleRun run) {
        if (size == runs.length) {
            runs = Arrays.copyOf(runs, size * 2);
        }
        int i = size;
        while (i > 0 && runs[i - 1].rule.slot() > run.rule.slot()) {
            runs[i] = runs[i - 1];
            i--;
        }
        runs[i] = run;
        size++;
    }

    /** Drops empty runs and runs of rules no longer active (when {@link #needsCompact} says there may be some). */
    void compact(RuleRuntime[] active) {
        if (!needsCompact) {
            return;
        }
        needsCompact = false;
        int j = 0;
        for (int i = 0; i < size; i++) {
            RuleRun r = runs[i];
            int slot = r.rule.slot();
            if (!r.isEmpty() && slot < active.length && active[slot] == r.rule) {
                runs[j++] = r;
            }
        }
        Arrays.fill(runs, j, size, null);
        size = j;
    }

    /** The earliest timer of its runs, {@link RuleRun#NO_TIMER} for none. O(runs). */
    long earliestTimer() {
        long min = RuleRun.NO_TIMER;
        for (int i = 0; i < size; i++) {
            min = Math.min(min, runs[i].timer);
        }
        for (int i = 0; i < aggSize; i++) {
            min = Math.min(min, aggRuns[i].timer);
        }
        return min;
    }

    /** The earliest timer of the aggregate runs. */
    long earliestAggregateTimer() {
        long min = RuleRun.NO_TIMER;
        for (int i = 0; i < aggSize; i++) {
            min = Math.min(min, aggRuns[i].timer);
        }
        return min;
    }

    boolean isEmpty() {
        return size == 0 && aggSize == 0 && baselines == null;
    }
}
