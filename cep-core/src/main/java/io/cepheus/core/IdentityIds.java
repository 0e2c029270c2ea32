package io.cepheus.core;

import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * Numbers objects by identity — 0, 1, 2, … in the order they are first added — for an encoder that
 * writes shared objects once and refers to them by number. A key's state holds a few events and
 * nodes, so the objects are found by a linear scan while there are few ({@value #LINEAR}), which
 * costs less than hashing; beyond that an {@link IdentityHashMap} indexes them. Not thread-safe.
 */
final class IdentityIds<T> {

    private static final int LINEAR = 16;

    private Object[] items = new Object[4];
    private int size;
    private IdentityHashMap<Object, Integer> index;

    /** The number of {@code item}, or -1 if it was not added. */
    int indexOf(Object item) {
        if (index != null) {
            Integer i = index.get(item);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < size; i++) {
            if (items[i] == item) {
                return i;
            }
        }
        return -1;
    }

    /** Adds {@code item} if it is not numbered yet. */
    void add(T item) {
        if (indexOf(item) < 0) {
            append(item);
        }
    }

    /** Numbers {@code item}, which must not be numbered yet. */
    void append(T item) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size] = item;
        if (index != null) {
            index.put(item, size);
        } else if (size + 1 > LINEAR) {
            index = new IdentityHashMap<>(2 * LINEAR);
            for (int i = 0; i <= size; i++) {
                index.put(items[i], i);
            }
        }
        size++;
    }

    /** Forgets every item, to number others. */
    void clear() {
        if (items.length > 4 * LINEAR) {
            items = new Object[4];
        } else {
            Arrays.fill(items, 0, size, null);
        }
        size = 0;
        index = null;
    }

    /** The item numbered {@code i}. */
    @SuppressWarnings("unchecked")
    T get(int i) {
        return (T) items[i];
    }

    int size() {
        return size;
    }
}
