package io.cepheus.core;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Window deadlines of (key, rule) runs, earliest first; ties by key then rule slot, so the order
 * does not depend on the state backend. One live timer per run; a timer whose run has since
 * registered another deadline is stale and skipped by the engine when it fires.
 *
 * <p>A binary min-heap over parallel arrays (deadline, key, slot): sifting compares primitive
 * deadlines in one contiguous array and looks at keys only on ties, which keeps a queue of
 * hundreds of thousands of timers cache-friendly. O(log n) per operation.
 */
final class TimerQueue {

    record Timer(long deadline, String key, int slot) {}

    /** The queue's order: deadline, then key, then slot. */
    static final Comparator<Timer> ORDER =
            Comparator.comparingLong(Timer::deadline).thenComparing(Timer::key).thenComparingInt(Timer::slot);

    private long[] deadlines = new long[64];
    private String[] keys = new String[64];
    private int[] slots = new int[64];
    private int size;

    void register(long deadline, String key, int slot) {
        if (size == deadlines.length) {
            int capacity = size * 2;
            deadlines = Arrays.copyOf(deadlines, capacity);
            keys = Arrays.copyOf(keys, capacity);
            slots = Arrays.copyOf(slots, capacity);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (compare(deadline, key, slot, parent) >= 0) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, deadline, key, slot);
    }

    /** The next timer due at or before {@code time}, removed from the queue; null if none. */
    Timer pollDue(long time) {
        return pollDueBefore(time, null);
    }

    /**
     * As {@link #pollDue}, but null also when {@code bound} (a timer outside the queue; null for none)
     * comes first in the queue's order: so a caller merges a sorted list of timers with the queue.
     */
    Timer pollDueBefore(long time, Timer bound) {
        if (size == 0 || deadlines[0] > time
                || (bound != null && compare(bound.deadline(), bound.key(), bound.slot(), 0) < 0)) {
            return null;
        }
        Timer top = new Timer(deadlines[0], keys[0], slots[0]);
        size--;
        if (size > 0) {
            long d = deadlines[size];
            String k = keys[size];
            int s = slots[size];
            keys[size] = null;
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && less(child + 1, child)) {
                    child++;
                }
                if (compare(d, k, s, child) <= 0) {
                    break;
                }
                move(child, i);
                i = child;
            }
            set(i, d, k, s);
        } else {
            keys[0] = null;
        }
        return top;
    }

    private int compare(long deadline, String key, int slot, int j) {
        int c = Long.compare(deadline, deadlines[j]);
        if (c != 0) {
            return c;
        }
        c = key.compareTo(keys[j]);
        return c != 0 ? c : Integer.compare(slot, slots[j]);
    }

    private boolean less(int i, int j) {
        return compare(deadlines[i], keys[i], slots[i], j) < 0;
    }

    private void move(int from, int to) {
        deadlines[to] = deadlines[from];
        keys[to] = keys[from];
        slots[to] = slots[from];
    }

    private void set(int i, long deadline, String key, int slot) {
        deadlines[i] = deadline;
        keys[i] = key;
        slots[i] = slot;
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(keys, 0, size, null);
        size = 0;
    }
}
