package io.cepheus.core;

import java.util.List;
import java.util.function.Predicate;

/**
 * A list of partial (or completed) matches kept in the array layout of a {@code
 * java.util.PriorityQueue} ordered by start — the queue FlinkCEP's {@code NFAState} keeps them in.
 *
 * <p>Design note. FlinkCEP iterates its partial matches in the queue's array order, offers the
 * successors one by one into a new queue, polls completed matches from another, and prunes with
 * {@code removeAll} (compaction, then heapify). Matches that start with the same event compare
 * equal, so which of them comes first — which is emitted first, and under a skip strategy which
 * survives — is decided by that array layout alone. These methods repeat {@code PriorityQueue}'s
 * algorithms step for step (sift-up on offer, sift-down on poll, bulk removal then heapify) so that
 * the layout, and with it every tie, is Flink's. The start computation, which Flink keeps in the same
 * queue, compares greater than every match and therefore always sits at the array's end: the matcher
 * processes it last instead of storing it. Each operation is O(log n) except removal, O(n).
 */
final class FlinkQueue {

    private FlinkQueue() {}

    static int compare(PartialMatch a, PartialMatch b) {
        return Long.compare(a.startSeq, b.startSeq);
    }

    /** Offers {@code x} at index {@code k} (≤ size) of a heap whose first {@code k} entries are valid. */
    static void offerAt(List<PartialMatch> heap, int k, PartialMatch x) {
        if (k == heap.size()) {
            heap.add(x);
        }
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            PartialMatch e = heap.get(parent);
            if (compare(x, e) >= 0) {
                break;
            }
            heap.set(k, e);
            k = parent;
        }
        heap.set(k, x);
    }

    static void offer(List<PartialMatch> heap, PartialMatch x) {
        offerAt(heap, heap.size(), x);
    }

    /** Removes and returns the root. */
    static PartialMatch poll(List<PartialMatch> heap) {
        PartialMatch result = heap.get(0);
        int n = heap.size() - 1;
        PartialMatch x = heap.remove(n);
        if (n > 0) {
            siftDown(heap, 0, x, n);
        }
        return result;
    }

    private static void siftDown(List<PartialMatch> heap, int k, PartialMatch x, int n) {
        int half = n >>> 1;
        while (k < half) {
            int child = (k << 1) + 1;
            PartialMatch c = heap.get(child);
            int right = child + 1;
            if (right < n && compare(c, heap.get(right)) > 0) {
                c = heap.get(child = right);
            }
            if (compare(x, c) <= 0) {
                break;
            }
            heap.set(k, c);
            k = child;
        }
        heap.set(k, x);
    }

    /**
     * Removes the entries {@code remove} accepts as {@code PriorityQueue.removeIf} does: the others
     * keep their order, then the array is heapified. Returns whether any was removed.
     */
    static boolean removeIf(List<PartialMatch> heap, Predicate<PartialMatch> remove) {
        int n = heap.size();
        int w = 0;
        while (w < n && !remove.test(heap.get(w))) {
            w++;
        }
        if (w == n) {
            return false;
        }
        for (int i = w + 1; i < n; i++) {
            PartialMatch pm = heap.get(i);
            if (!remove.test(pm)) {
                heap.set(w++, pm);
            }
        }
        heap.subList(w, n).clear();
        for (int i = (w >>> 1) - 1; i >= 0; i--) {
            siftDown(heap, i, heap.get(i), w);
        }
        return true;
    }
}
