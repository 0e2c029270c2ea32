package io.cepheus.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pattern timers of other keys that came due during one watermark advance, waiting for their
 * key's next event or the end of the advance (see {@code CepEngine.fireTimersBefore}).
 *
 * <p>Design: an advance that matches one event (the usual case: the watermark follows the events)
 * defers a timer or two, so they are kept in one list in the order they came due, and a key's own
 * timers are found by scanning it — no map entry and no list per key. Once the list grows past
 * {@link #INDEX_ABOVE} timers (a watermark jumping over many buffered events) an index by key is
 * built, so finding a key's timers stays O(its timers) however many are deferred. At the end of the
 * advance the rest are sorted in the timer queue's order, to be merged with the queue's own instead
 * of being registered in it again.
 */
final class DeferredTimers {

    private static final int INDEX_ABOVE = 16;

    /** In the order they came due; a taken one is null. */
    private final ArrayList<TimerQueue.Timer> timers = new ArrayList<>();
    /** Positions in {@link #timers} by key, once there are more than {@link #INDEX_ABOVE}; else null. */
    private Map<String, List<Integer>> byKey;
    private int taken;
    /** While merging ({@link #pollMerged}): the next of the sorted timers; else -1. */
    private int cursor = -1;

    boolean isEmpty() {
        return cursor < 0 ? taken == timers.size() : cursor == timers.size();
    }

    void add(TimerQueue.Timer timer) {
        timers.add(timer);
        if (byKey != null) {
            index(timers.size() - 1);
        } else if (timers.size() > INDEX_ABOVE) {
            byKey = new HashMap<>();
            for (int i = 0; i < timers.size(); i++) {
                if (timers.get(i) != null) {
                    index(i);
                }
            }
        }
    }

    private void index(int position) {
        byKey.computeIfAbsent(timers.get(position).key(), k -> new ArrayList<>(2)).add(position);
    }

    /** Removes and returns the timers of {@code key}, in the order they came due (empty if none). */
    List<TimerQueue.Timer> take(String key) {
        if (isEmpty()) {
            return List.of();
        }
        List<TimerQueue.Timer> own = null;
        if (byKey != null) {
            List<Integer> positions = byKey.remove(key);
            if (positions == null) {
                return List.of();
            }
            own = new ArrayList<>(positions.size());
            for (int p : positions) {
                own.add(takeAt(p));
            }
            clearIfAllTaken();
            return own;
        }
        for (int i = 0; i < timers.size(); i++) {
            TimerQueue.Timer t = timers.get(i);
            if (t != null && t.key().equals(key)) {
                if (own == null) {
                    own = new ArrayList<>(2);
                }
                own.add(takeAt(i));
            }
        }
        clearIfAllTaken();
        return own == null ? List.of() : own;
    }

    /** Keeps {@link #isEmpty} the same as an empty list, so that a caller may skip what is empty. */
    private void clearIfAllTaken() {
        if (taken == timers.size()) {
            clear();
        }
    }

    private TimerQueue.Timer takeAt(int position) {
        taken++;
        return timers.set(position, null);
    }

    /**
     * The next timer due by {@code time} of {@code queue} and of the deferred ones left, removed: the
     * deferred ones, sorted on the first call, merged with the queue's in the queue's order (so they
     * need not be registered in it again). Null when neither has one; then nothing is left deferred.
     */
    TimerQueue.Timer pollMerged(TimerQueue queue, long time) {
        if (cursor < 0) {
            sortRest();
        }
        TimerQueue.Timer next = cursor < timers.size() ? timers.get(cursor) : null;
        TimerQueue.Timer t = queue.pollDueBefore(time, next);
        if (t != null) {
            return t;
        }
        if (next != null) {
            cursor++;
            return next;
        }
        clear();
        return null;
    }

    private void sortRest() {
        if (taken > 0) {
            timers.removeIf(t -> t == null);
            taken = 0;
        }
        if (timers.size() > 1) {
            timers.sort(TimerQueue.ORDER);
        }
        byKey = null;
        cursor = 0;
    }

    void clear() {
        timers.clear();
        byKey = null;
        taken = 0;
        cursor = -1;
    }
}
