package io.cepheus.core;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Window deadlines of (key, rule) runs, earliest first; ties by key then rule slot, so the order
 * does not depend on the state backend. One live timer per run (its earliest deadline); a timer
 * whose run has since registered another deadline is stale and skipped when it fires.
 */
final class TimerQueue {

    record Timer(long deadline, String key, int slot) {}

    private static final Comparator<Timer> ORDER = Comparator.comparingLong(Timer::deadline)
            .thenComparing(Timer::key).thenComparingInt(Timer::slot);

    private final PriorityQueue<Timer> queue = new PriorityQueue<>(ORDER);

    void register(long deadline, String key, int slot) {
        queue.add(new Timer(deadline, key, slot));
    }

    /** The next timer due at or before {@code time}, removed from the queue; null if none. */
    Timer pollDue(long time) {
        Timer t = queue.peek();
        if (t == null || t.deadline() > time) {
            return null;
        }
        return queue.poll();
    }

    int size() {
        return queue.size();
    }

    void clear() {
        queue.clear();
    }
}
