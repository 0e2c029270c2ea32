package io.cepheus.core;

import java.util.Arrays;

/** Everything the engine keeps for one key: the runs of the rules that have state for it. */
final class KeyState {
    RuleRun[] runs = new RuleRun[2];
    int size;

    RuleRun find(int slot) {
        for (int i = 0; i < size; i++) {
            if (runs[i].rule.slot() == slot) {
                return runs[i];
            }
        }
        return null;
    }

    void add(RuleRun run) {
        if (size == runs.length) {
            runs = Arrays.copyOf(runs, size * 2);
        }
        runs[size++] = run;
    }

    /** Drops empty runs and runs of rules no longer active. */
    void compact(RuleRuntime[] active) {
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

    boolean isEmpty() {
        return size == 0;
    }
}
