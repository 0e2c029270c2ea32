package io.cepheus.core;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Events waiting for the watermark, released in (timestamp, arrival) order. Events that arrive in
 * timestamp order go to a ring of parallel columns (no object per event); only out-of-order ones
 * go to a heap of entries. The next event is read with {@link #nextTimestamp()}, then taken with
 * {@link #take()}, which leaves it in {@link #key()} and {@link #event()}.
 *
 * <p>The buffer is persisted incrementally: it knows the arrival number below which its events are
 * in the store ({@link #markPersisted}) and finds the events added since at the tail of the ring and
 * in the heap — so an event added and taken between two persists never reaches the store, and
 * persisting costs O(changes), not O(buffer). Taken events need no record: the store drops what
 * the watermark has passed (see {@link EngineStores}).
 */
final class EventTimeBuffer {

    record Entry(long timestamp, long arrival, String key, Event event) {}

    static final Comparator<Entry> ORDER =
            Comparator.comparingLong(Entry::timestamp).thenComparingLong(Entry::arrival);

    private long[] timestamps = new long[64];
    private long[] arrivals = new long[64];
    private String[] keys = new String[64];
    private Event[] events = new Event[64];
    private int head;
    private int size;
    private final PriorityQueue<Entry> outOfOrder = new PriorityQueue<>(ORDER);
    private String takenKey;
    private Event takenEvent;
    /** Events with a smaller arrival number are in the store. */
    private long persistedBelow;

    void add(long timestamp, long arrival, String key, Event event) {
        if (size > 0 && timestamp < timestamps[(head + size - 1) & (timestamps.length - 1)]) {
            outOfOrder.add(new Entry(timestamp, arrival, key, event));
            return;
        }
        if (size == timestamps.length) {
            grow();
        }
        int i = (head + size) & (timestamps.length - 1);
        timestamps[i] = timestamp;
        arrivals[i] = arrival;
        keys[i] = key;
        events[i] = event;
        size++;
    }

    private void grow() {
        int capacity = timestamps.length * 2;
        long[] t = new long[capacity];
        long[] a = new long[capacity];
        String[] k = new String[capacity];
        Event[] e = new Event[capacity];
        for (int n = 0; n < size; n++) {
            int i = (head + n) & (timestamps.length - 1);
            t[n] = timestamps[i];
            a[n] = arrivals[i];
            k[n] = keys[i];
            e[n] = events[i];
        }
        timestamps = t;
        arrivals = a;
        keys = k;
        events = e;
        head = 0;
    }

    /** Whether the ring's head comes before the heap's head. */
    private boolean ringFirst() {
        Entry other = outOfOrder.peek();
        if (other == null) {
            return true;
        }
        if (size == 0) {
            return false;
        }
        long t = timestamps[head];
        return t < other.timestamp() || (t == other.timestamp() && arrivals[head] <= other.arrival());
    }

    /** The timestamp of the next event, or {@code Long.MAX_VALUE} if there is none. */
    long nextTimestamp() {
        if (size == 0 && outOfOrder.isEmpty()) {
            return Long.MAX_VALUE;
        }
        return ringFirst() ? timestamps[head] : outOfOrder.peek().timestamp();
    }

    /** Removes the next event; read it with {@link #key()} and {@link #event()}. Call only when not empty. */
    void take() {
        if (ringFirst()) {
            takenKey = keys[head];
            takenEvent = events[head];
            keys[head] = null;
            events[head] = null;
            head = (head + 1) & (timestamps.length - 1);
            size--;
        } else {
            Entry e = outOfOrder.poll();
            takenKey = e.key();
            takenEvent = e.event();
        }
    }

    /** The buffered events added since the last {@link #markPersisted}. */
    void forEachAddedSincePersisted(Consumer<Entry> action) {
        int mask = timestamps.length - 1;
        int n = size;
        while (n > 0 && arrivals[(head + n - 1) & mask] >= persistedBelow) {
            n--;
        }
        for (; n < size; n++) {
            int i = (head + n) & mask;
            action.accept(new Entry(timestamps[i], arrivals[i], keys[i], events[i]));
        }
        for (Entry e : outOfOrder) {
            if (e.arrival() >= persistedBelow) {
                action.accept(e);
            }
        }
    }

    /** Every event with an arrival number below {@code arrivals} is now in the store. */
    void markPersisted(long arrivals) {
        persistedBelow = arrivals;
    }

    String key() {
        return takenKey;
    }

    Event event() {
        return takenEvent;
    }

    int size() {
        return size + outOfOrder.size();
    }

    /** Every entry in release order (for snapshots). */
    void forEachInOrder(Consumer<Entry> action) {
        PriorityQueue<Entry> copy = new PriorityQueue<>(ORDER);
        for (int n = 0; n < size; n++) {
            int i = (head + n) & (timestamps.length - 1);
            copy.add(new Entry(timestamps[i], arrivals[i], keys[i], events[i]));
        }
        copy.addAll(outOfOrder);
        while (!copy.isEmpty()) {
            action.accept(copy.poll());
        }
    }

    void clear() {
        for (int n = 0; n < size; n++) {
            int i = (head + n) & (timestamps.length - 1);
            keys[i] = null;
            events[i] = null;
        }
        head = 0;
        size = 0;
        outOfOrder.clear();
        takenKey = null;
        takenEvent = null;
        persistedBelow = 0;
    }
}
