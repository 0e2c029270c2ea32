package io.cepheus.core.state;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/** Keeps live objects in hash maps: the fastest backend, bounded by the JVM heap. */
public final class HeapStateBackend implements StateBackend {

    @Override
    public <V> KeyedStore<V> open(String name, StateCodec<V> codec) {
        return new HeapStore<>();
    }

    @Override
    public void close() {
        // nothing to release: the stores are garbage once unreachable
    }

    @Override
    public String toString() {
        return "heap";
    }

    private static final class HeapStore<V> implements KeyedStore<V> {
        private final Map<String, V> map = new HashMap<>();

        @Override
        public V get(String key) {
            return map.get(key);
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
            map.forEach(action);
        }

        @Override
        public long approximateSize() {
            return map.size();
        }

        @Override
        public void clear() {
            map.clear();
        }
    }
}
