package io.cepheus.load;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.state.AggregatingState;
import org.apache.flink.api.common.state.AggregatingStateDescriptor;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReducingState;
import org.apache.flink.api.common.state.ReducingStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * A heap {@link KeyedStateStore} whose map states are scoped to a current key that the caller
 * switches, as a keyed Flink operator's backend is. It lets one Flink {@code SharedBuffer} per
 * pattern serve every key (Flink's {@code CepOperator} does the same), instead of one buffer, and
 * one cache-statistics timer thread, per key. Only map state is offered: it is all the shared
 * buffer uses.
 *
 * <p>Not thread-safe.
 */
final class KeySwitchingStateStore implements KeyedStateStore {

    private String currentKey;

    void setCurrentKey(String key) {
        currentKey = key;
    }

    @Override
    public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor) {
        return new KeyedMapState<>();
    }

    /** One map per key; the current key's map is created on first write and dropped when emptied. */
    private final class KeyedMapState<UK, UV> implements MapState<UK, UV> {
        private final Map<String, Map<UK, UV>> byKey = new HashMap<>();

        private Map<UK, UV> read() {
            Map<UK, UV> map = byKey.get(currentKey);
            return map == null ? Map.of() : map;
        }

        private Map<UK, UV> write() {
            return byKey.computeIfAbsent(currentKey, k -> new HashMap<>());
        }

        @Override
        public UV get(UK key) {
            return read().get(key);
        }

        @Override
        public void put(UK key, UV value) {
            write().put(key, value);
        }

        @Override
        public void putAll(Map<UK, UV> map) {
            write().putAll(map);
        }

        @Override
        public void remove(UK key) {
            Map<UK, UV> map = byKey.get(currentKey);
            if (map != null) {
                map.remove(key);
                if (map.isEmpty()) {
                    byKey.remove(currentKey);
                }
            }
        }

        @Override
        public boolean contains(UK key) {
            return read().containsKey(key);
        }

        @Override
        public Iterable<Map.Entry<UK, UV>> entries() {
            return read().entrySet();
        }

        @Override
        public Iterable<UK> keys() {
            return read().keySet();
        }

        @Override
        public Iterable<UV> values() {
            return read().values();
        }

        @Override
        public Iterator<Map.Entry<UK, UV>> iterator() {
            return read().entrySet().iterator();
        }

        @Override
        public boolean isEmpty() {
            return read().isEmpty();
        }

        @Override
        public void clear() {
            byKey.remove(currentKey);
        }
    }

    // ---- the kinds of state the shared buffer does not use

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        throw unsupported("value");
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        throw unsupported("list");
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        throw unsupported("reducing");
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        throw unsupported("aggregating");
    }

    @Override
    public <T> org.apache.flink.api.common.state.v2.ValueState<T> getValueState(
            org.apache.flink.api.common.state.v2.ValueStateDescriptor<T> descriptor) {
        throw unsupported("v2 value");
    }

    @Override
    public <T> org.apache.flink.api.common.state.v2.ListState<T> getListState(
            org.apache.flink.api.common.state.v2.ListStateDescriptor<T> descriptor) {
        throw unsupported("v2 list");
    }

    @Override
    public <UK, UV> org.apache.flink.api.common.state.v2.MapState<UK, UV> getMapState(
            org.apache.flink.api.common.state.v2.MapStateDescriptor<UK, UV> descriptor) {
        throw unsupported("v2 map");
    }

    @Override
    public <T> org.apache.flink.api.common.state.v2.ReducingState<T> getReducingState(
            org.apache.flink.api.common.state.v2.ReducingStateDescriptor<T> descriptor) {
        throw unsupported("v2 reducing");
    }

    @Override
    public <IN, ACC, OUT> org.apache.flink.api.common.state.v2.AggregatingState<IN, OUT> getAggregatingState(
            org.apache.flink.api.common.state.v2.AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        throw unsupported("v2 aggregating");
    }

    @Override
    public String getBackendTypeIdentifier() {
        return "load-tests-heap";
    }

    private static UnsupportedOperationException unsupported(String kind) {
        return new UnsupportedOperationException(kind + " state is not offered by this store; only map state is");
    }
}
