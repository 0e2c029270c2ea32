package io.cepheus.core;

import java.util.Arrays;

/**
 * The events of a sliding window in arrival order, as a ring of primitive columns (timestamp,
 * sequence) and a flat array of measure inputs: no object per event, so a key's window
 * stays in a few cache lines. Appends at the tail, removes at the head, grows by doubling.
 */
final class SlidingEntries {

    private final int measures;
    private static final int INITIAL = 8;

    private long[] ts = new long[INITIAL];
    private long[] seq = new long[INITIAL];
    private Object[] inputs;
    private int head;
    private int size;

    SlidingEntries(int measures) {
        this.measures = measures;
        this.inputs = new Object[INITIAL * measures];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(long timestamp, long sequence, Object[] values) {
        if (size == ts.length) {
            grow();
        }
        int i = (head + size) % ts.length;
        ts[i] = timestamp;
        seq[i] = sequence;
        System.arraycopy(values, 0, inputs, i * measures, measures);
        size++;
    }

    private void grow() {
        int capacity = ts.length * 2;
        long[] t = new long[capacity];
        long[] s = new long[capacity];
        Object[] in = new Object[capacity * measures];
        for (int k = 0; k < size; k++) {
            int i = (head + k) % ts.length;
            t[k] = ts[i];
            s[k] = seq[i];
            System.arraycopy(inputs, i * measures, in, k * measures, measures);
        }
        ts = t;
        seq = s;
        inputs = in;
        head = 0;
    }

    /** Index of the k-th oldest entry, for the accessors. */
    private int slot(int k) {
        return (head + k) % ts.length;
    }

    long timestamp(int k) {
        return ts[slot(k)];
    }

    long sequence(int k) {
        return seq[slot(k)];
    }

    Object input(int k, int measure) {
        return inputs[slot(k) * measures + measure];
    }

    /** Drops the oldest entry. */
    void removeFirst() {
        Arrays.fill(inputs, head * measures, head * measures + measures, null);
        head = (head + 1) % ts.length;
        size--;
    }
}
