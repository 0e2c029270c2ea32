package io.cepheus.core;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Events waiting for the watermark, released in (timestamp, arrival) order. Events that arrive in
 * timestamp order are appended to a queue in O(1); only out-of-order ones go to a heap.
 */
final class EventTimeBuffer {

    record Entry(long timestamp, long arrival, String key, Event event) {}

    private static final Comparator<Entry> ORDER =
            Comparator.comparingLong(Entry::timestamp).thenComparingLong(Entry::arrival);

    private final ArrayDeque<Entry> inOrder = new ArrayDeque<>();
    private final PriorityQueue<Entry> outOfOrder = new PriorityQueue<>(ORDER);

    void add(Entry entry) {
        Entry last = inOrder.peekLast();
        if (last == null || entry.timestamp() >= last.timestamp()) {
            inOrder.addLast(entry);
        } else {
            outOfOrder.add(entry);
        }
    }

    /** The next entry, or null. */
    Entry peek() {
        Entry a = inOrder.peekFirst();
        Entry b = outOfOrder.peek();
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return ORDER.compare(a, b) <= 0 ? a : b;
    }

    Entry poll() {
        Entry a = inOrder.peekFirst();
        Entry b = outOfOrder.peek();
        if (b == null) {
            return inOrder.pollFirst();
        }
        if (a == null || ORDER.compare(b, a) < 0) {
            return outOfOrder.poll();
        }
        return inOrder.pollFirst();
    }

    int size() {
        return inOrder.size() + outOfOrder.size();
    }

    /** Every entry in release order (for snapshots). */
    void forEachInOrder(Consumer<Entry> action) {
        PriorityQueue<Entry> copy = new PriorityQueue<>(ORDER);
        copy.addAll(inOrder);
        copy.addAll(outOfOrder);
        while (!copy.isEmpty()) {
            action.accept(copy.poll());
        }
    }

    void clear() {
        inOrder.clear();
        outOfOrder.clear();
    }
}
