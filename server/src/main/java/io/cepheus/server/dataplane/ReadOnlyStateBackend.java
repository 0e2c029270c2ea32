package io.cepheus.server.dataplane;

import io.cepheus.core.state.KeyedStore;
import io.cepheus.core.state.StateBackend;
import io.cepheus.core.state.StateCodec;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * cep-core's {@link StateBackend} over Kafka Streams' read-only view of a CEP task's store (an
 * interactive query): the logical stores of {@link StreamsStateBackend}, same keys, same codecs, for
 * reading; every write throws {@link UnsupportedOperationException}. What reads through it must write
 * nothing — cep-core's {@link io.cepheus.core.EngineView}, not an engine.
 *
 * <p>Thread-safe as far as Kafka Streams' read-only store is (its interactive-query stores may be read
 * from any thread); the open names are the caller's, one backend per query.
 */
final class ReadOnlyStateBackend implements StateBackend {

    private final ReadOnlyKeyValueStore<Bytes, byte[]> store;

    ReadOnlyStateBackend(ReadOnlyKeyValueStore<Bytes, byte[]> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public <V> KeyedStore<V> open(String name, StateCodec<V> codec) {
        return new Prefixed<>(name, codec);
    }

    @Override
    public void close() {
        // the store belongs to Kafka Streams
    }

    private final class Prefixed<V> implements KeyedStore<V> {
        private final String name;
        private final byte[] prefix;
        private final StateCodec<V> codec;

        Prefixed(String name, StateCodec<V> codec) {
            this.name = name;
            this.prefix = StreamsStateBackend.prefix(name);
            this.codec = Objects.requireNonNull(codec, "codec");
        }

        @Override
        public V get(String key) {
            byte[] v = store.get(StreamsStateBackend.physicalKey(prefix, key));
            return v == null ? null : codec.decode(v);
        }

        @Override
        public void forEach(BiConsumer<String, V> action) {
            try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(Bytes.wrap(prefix), new BytesSerializer())) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> e = it.next();
                    action.accept(StreamsStateBackend.logicalKey(prefix, e.key), codec.decode(e.value));
                }
            }
        }

        @Override
        public void forEachEncoded(BiConsumer<String, byte[]> action) {
            try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(Bytes.wrap(prefix), new BytesSerializer())) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> e = it.next();
                    action.accept(StreamsStateBackend.logicalKey(prefix, e.key), e.value);
                }
            }
        }

        @Override
        public long approximateSize() {
            long[] n = {0};
            forEach((k, v) -> n[0]++);
            return n[0];
        }

        @Override
        public void put(String key, V value) {
            throw refused("put");
        }

        @Override
        public void remove(String key) {
            throw refused("remove");
        }

        @Override
        public void clear() {
            throw refused("clear");
        }

        @Override
        public void flush() {
            throw refused("flush");
        }

        private UnsupportedOperationException refused(String what) {
            return new UnsupportedOperationException(what + " on " + name + ": an interactive query only reads");
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
