package io.cepheus.core.state;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A write-back cache of live values in front of another store (the caching layer of Kafka
 * Streams' store stack): reads of cached keys cost no decoding, and a value written many times is
 * encoded once, when it is evicted (least recently used first) or on {@link #flush()}. Removals
 * are written through.
 *
 * <p>Values given to {@link #put} are kept by reference: callers must not change a value after
 * putting it unless they put it again. Not thread-safe.
 */
public final class CachingKeyedStore<V> implements KeyedStore<V> {

    private final KeyedStore<V> inner;
    private final int capacity;
    private final LinkedHashMap<String, Entry<V>> cache;
    private long hits;
    private long misses;

    private static final class Entry<V> {
        V value;
        boolean dirty;

        Entry(V value, boolean dirty) {
            this.value = value;
            this.dirty = dirty;
        }
    }

    /**
     * @param inner the store behind the cache
     * @param capacity how many keys to keep live (≥ 1)
     */
    public CachingKeyedStore(KeyedStore<V> inner, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1, was " + capacity);
        }
        this.inner = inner;
        this.capacity = capacity;
        this.cache = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true);
    }

    @Override
    public V get(String key) {
        Entry<V> e = cache.get(key);
        if (e != null) {
            hits++;
            return e.value;
        }
        misses++;
        V value = inner.get(key);
        if (value != null) {
            admit(key, new Entry<>(value, false));
        }
        return value;
    }

    @Override
    public void put(String key, V value) {
        Entry<V> e = cache.get(key);
        if (e != null) {
            e.value = value;
            e.dirty = true;
        } else {
            admit(key, new Entry<>(value, true));
        }
    }

    private void admit(String key, Entry<V> entry) {
        cache.put(key, entry);
        if (cache.size() > capacity) {
            Iterator<Map.Entry<String, Entry<V>>> it = cache.entrySet().iterator();
            Map.Entry<String, Entry<V>> eldest = it.next();
            it.remove();
            if (eldest.getValue().dirty) {
                inner.put(eldest.getKey(), eldest.getValue().value);
            }
        }
    }

    @Override
    public void remove(String key) {
        cache.remove(key);
        inner.remove(key);
    }

    /** Writes every dirty value to the store behind, then flushes it. */
    @Override
    public void flush() {
        for (Map.Entry<String, Entry<V>> e : cache.entrySet()) {
            if (e.getValue().dirty) {
                inner.put(e.getKey(), e.getValue().value);
                e.getValue().dirty = false;
            }
        }
        inner.flush();
    }

    /** Writes every dirty value back, forgets them and closes the store behind. */
    @Override
    public void close() {
        flush();
        cache.clear();
        inner.close();
    }

    @Override
    public void forEach(BiConsumer<String, V> action) {
        flush();
        inner.forEach((key, value) -> {
            Entry<V> cached = cache.get(key);
            action.accept(key, cached != null ? cached.value : value);
        });
    }

    /** Writes every dirty value back, then gives the bytes of the store behind. */
    @Override
    public void forEachEncoded(BiConsumer<String, byte[]> action) {
        flush();
        inner.forEachEncoded(action);
    }

    @Override
    public long approximateSize() {
        flush();
        return inner.approximateSize();
    }

    @Override
    public void clear() {
        cache.clear();
        inner.clear();
    }

    /** Reads served from the cache. */
    public long hits() {
        return hits;
    }

    /** Reads that went to the store behind. */
    public long misses() {
        return misses;
    }
}
