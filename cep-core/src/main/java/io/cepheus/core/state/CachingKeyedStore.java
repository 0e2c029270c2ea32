package io.cepheus.core.state;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A write-back cache of live values in front of another store (the caching layer of Kafka
 * Streams' store stack): reads of cached keys cost no decoding, and a value written many times is
 * encoded once, when it is evicted (least recently used first) or on {@link #flush()}. Removals
 * are written through. The entries made dirty since the last flush are listed as well, so that a
 * flush — a runtime flushes before every commit — costs what was written since, not a walk over
 * every cached key.
 *
 * <p>Values given to {@link #put} are kept by reference: callers must not change a value after
 * putting it unless they put it again. Not thread-safe.
 */
public final class CachingKeyedStore<V> implements KeyedStore<V> {

    private final KeyedStore<V> inner;
    private final int capacity;
    private final LinkedHashMap<String, Entry<V>> cache;
    /** The entries made dirty since the last flush (an entry evicted or removed meanwhile is clean again). */
    private final ArrayList<Entry<V>> dirty = new ArrayList<>();
    private long hits;
    private long misses;

    private static final class Entry<V> {
        final String key;
        V value;
        boolean dirty;

        Entry(String key, V value) {
            this.key = key;
            this.value = value;
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
            admit(new Entry<>(key, value));
        }
        return value;
    }

    @Override
    public void put(String key, V value) {
        Entry<V> e = cache.get(key);
        if (e == null) {
            e = new Entry<>(key, value);
            admit(e);
        } else {
            e.value = value;
        }
        if (!e.dirty) {
            e.dirty = true;
            if (dirty.size() > 2 * capacity) {
                dirty.removeIf(d -> !d.dirty); // only cached entries are dirty: at most capacity remain
            }
            dirty.add(e);
        }
    }

    private void admit(Entry<V> entry) {
        cache.put(entry.key, entry);
        if (cache.size() > capacity) {
            Iterator<Map.Entry<String, Entry<V>>> it = cache.entrySet().iterator();
            Entry<V> eldest = it.next().getValue();
            it.remove();
            if (eldest.dirty) {
                eldest.dirty = false;
                inner.put(eldest.key, eldest.value);
            }
            eldest.value = null; // the dirty list may still hold the entry
        }
    }

    @Override
    public void remove(String key) {
        Entry<V> e = cache.remove(key);
        if (e != null) {
            e.dirty = false;
            e.value = null;
        }
        inner.remove(key);
    }

    /** Writes the values made dirty since the last flush to the store behind, in that order, then flushes it. */
    @Override
    public void flush() {
        for (Entry<V> e : dirty) {
            if (e.dirty) {
                e.dirty = false;
                inner.put(e.key, e.value);
            }
        }
        dirty.clear();
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
        dirty.clear();
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
