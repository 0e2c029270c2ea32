package io.cepheus.core.state;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Keeps live objects in hash maps: the fastest backend, bounded by the JVM heap.
 *
 * <p>A store's contents outlive the store object: closing a store encodes its values with its
 * codec (so that nothing of the closing engine — its loaded rules, say — stays referenced), and
 * the next open of the name decodes them, lazily, with the new opener's codec. This is what lets an
 * engine be reopened over heap state exactly as over RocksDB.
 */
public final class HeapStateBackend implements StateBackend {

    private final OpenNames names = new OpenNames();
    private final Map<String, Map<String, Object>> contents = new HashMap<>();

    @Override
    public synchronized <V> KeyedStore<V> open(String name, StateCodec<V> codec) {
        names.acquire(name);
        return new HeapStore<>(name, contents.computeIfAbsent(name, n -> new HashMap<>()), codec);
    }

    @Override
    public void close() {
        // nothing to release: the maps are garbage once unreachable
    }

    @Override
    public String toString() {
        return "heap";
    }

    /** A value of a closed store, kept as its bytes until a new opener reads it. */
    private record Encoded(byte[] bytes) {}

    private final class HeapStore<V> implements KeyedStore<V> {
        private final String name;
        private final Map<String, Object> map;
        private final StateCodec<V> codec;

        HeapStore(String name, Map<String, Object> map, StateCodec<V> codec) {
            this.name = name;
            this.map = map;
            this.codec = codec;
        }

        @Override
        public V get(String key) {
            Object v = map.get(key);
            return v instanceof Encoded e ? decodeInPlace(key, e) : cast(v);
        }

        private V decodeInPlace(String key, Encoded e) {
            V value = codec.decode(e.bytes());
            map.put(key, value);
            return value;
        }

        @SuppressWarnings("unchecked")
        private V cast(Object v) {
            return (V) v;
        }

        @Override
        public void put(String key, V value) {
            map.put(key, value);
        }

        @Override
        public void remove(String key) {
            map.remove(key);
        }

        @Override
        public void forEach(BiConsumer<String, V> action) {
            for (String key : map.keySet().toArray(String[]::new)) {
                action.accept(key, get(key));
            }
        }

        @Override
        public void forEachEncoded(BiConsumer<String, byte[]> action) {
            for (String key : map.keySet().toArray(String[]::new)) {
                Object v = map.get(key);
                action.accept(key, v instanceof Encoded e ? e.bytes() : codec.encode(cast(v)));
            }
        }

        @Override
        public long approximateSize() {
            return map.size();
        }

        @Override
        public void clear() {
            map.clear();
        }

        @Override
        public void close() {
            map.replaceAll((key, v) -> v instanceof Encoded ? v : new Encoded(codec.encode(cast(v))));
            names.release(name);
        }
    }
}
