package io.cepheus.core.state;

import java.util.function.BiConsumer;

/**
 * A map from key to state value. A value read with {@link #get} may be a copy: after changing it,
 * {@link #put} it back. Not thread-safe; one engine thread uses a store.
 */
public interface KeyedStore<V> {

    /** The value of {@code key}, or null. */
    V get(String key);

    /** Stores {@code value} (not null) for {@code key}. */
    void put(String key, V value);

    /** Removes {@code key}; no effect if absent. */
    void remove(String key);

    /** Calls {@code action} for every entry, in no particular order; do not modify the store meanwhile. */
    void forEach(BiConsumer<String, V> action);

    /** The number of keys, possibly estimated. */
    long approximateSize();

    /** Removes every key. */
    void clear();
}
