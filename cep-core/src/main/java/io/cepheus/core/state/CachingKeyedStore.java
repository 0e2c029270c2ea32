package io.cepheus.core.state;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.BiConsumer;

/**
 * A write-back cache of live values in front of another store (the caching layer of Kafka
 * Streams' store stack): reads of cached keys cost no decoding, and a value written many times is
 * encoded once, when it is evicted or on {@link #flush()}. Removals are written through.
 *
 * <p>Eviction gives a second chance (the CLOCK approximation of least recently used): keys are kept
 * in the order they came in, a read or write marks a key used, and eviction takes the oldest unused
 * key, sending each used one it passes to the back, unmarked. A hit so costs a lookup and a flag, not
 * the relinking of an access-ordered map — two more cache lines of other keys touched for every
 * event, in a cache that holds the state of 100,000 keys.
 *
 * <p>The entries made dirty since the last flush are listed as well, so that a flush — a runtime
 * flushes before every commit — costs what was written since, not a walk over every cached key.
 *
 * <p>Values given to {@link #put} are kept by reference: callers must not change a value after
 * putting it unless they put it again. Not thread-safe.
 */
public final class CachingKeyedStore<V> implements KeyedStore<V> {

    private final KeyedStore<V> inner;
    private final int capacity;
    /** In the order keys came in (or were last sent to the back by eviction). */
    private final LinkedHashMap<String, Entry<V>> cache;
    /** The used entries an eviction passed over, to put back at the end. */
    private final ArrayList<Entry<V>> secondChance = new ArrayList<>();
    /** The entries made dirty since the last flush (an entry evicted or removed meanwhile is clean again). */
    private final ArrayList<Entry<V>> dirty = new ArrayList<>();
    private long hits;
    private long misses;

    private static final class Entry<V> {
        final String key;
        V value;
        boolean dirty;
        /** Read or written since eviction last passed it. */
        boolean used;

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
        this.cache = new LinkedHashMap<>(Math.min(capacity, 1 << 16));
    }

    @Override
    public V get(String key) {
        Entry<V> e = cache.get(key);
        if (e != null) {
            hits++;
            e.used = true;
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
            e.used = true;
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
        if (cache.size() >= capacity) {
            evictOne(); // before the new entry comes in: it is never the one evicted
        }
        cache.put(entry.key, entry);
    }

    /** Evicts the oldest entry not used since eviction last passed it, writing it back if dirty. */
    private void evictOne() {
        Entry<V> victim = null;
        while (victim == null) { // a second pass at most: the first unmarks every entry it passes
            Iterator<Entry<V>> it = cache.values().iterator();
            while (it.hasNext()) {
                Entry<V> e = it.next();
                it.remove();
                if (!e.used) {
                    victim = e;
                    break;
                }
                e.used = false;
                secondChance.add(e);
            }
            for (Entry<V> e : secondChance) {
                cache.put(e.key, e);
            }
            secondChance.clear();
        }
        if (victim.dirty) {
            victim.dirty = false;
            inner.put(victim.key, victim.value);
        }
        victim.value = null; // the dirty list may still hold the entry
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
