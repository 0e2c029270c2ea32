package io.cepheus.core.state;

import java.util.function.BiConsumer;

/**
 * A map from key to state value, opened by name from a {@link StateBackend}. A value read with
 * {@link #get} may be a copy: after changing it, {@link #put} it back. Not thread-safe; one engine
 * thread uses a store.
 *
 * <p>Layers (a cache in front of a byte store, say) hold writes until {@link #flush()}: after a
 * flush, the store below holds every value that was put. A runtime calls it before it commits.
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

    /**
     * Calls {@code action} for every entry with its value as the store's codec encodes it, without
     * decoding it: for a reader that needs a few bytes of each value (an engine reopening reads each
     * key's earliest timer from the head of its state). A layer flushes first, so the bytes are
     * current. In no particular order; do not modify the store meanwhile, nor the arrays given.
     */
    void forEachEncoded(BiConsumer<String, byte[]> action);

    /** The number of keys, possibly estimated. */
    long approximateSize();

    /** Removes every key. */
    void clear();

    /** Writes what a layer of this store holds back to the store below it; no effect on a plain store. */
    default void flush() {}

    /**
     * Flushes, then releases the store: its backend may open it again under the same name (for
     * another engine, or the same one reopened). The contents stay in the backend.
     */
    void close();
}
