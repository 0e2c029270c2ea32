package io.cepheus.server.dataplane;

import io.cepheus.core.state.KeyedStore;
import io.cepheus.core.state.StateBackend;
import io.cepheus.core.state.StateCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * cep-core's {@link StateBackend} over one Kafka Streams key-value store: every named logical store
 * of the engines (keys, timers, buffer, meta, suppression, the data plane's watermarks) lives in the
 * one physical store, each entry under the key {@code name \0 key} (UTF-8), so a logical store is a
 * key prefix and {@link KeyedStore#forEach} is a prefix scan.
 *
 * <p>The physical store is Kafka Streams' stack — {@link PreCommitStore}, metered, change-logging,
 * RocksDB (transactional) — so every write is changelogged in the task's open transaction and a task
 * that moves to another node, or restarts after a crash, finds the state of the last commit. Values
 * are encoded by the logical store's codec on {@code put} and decoded on {@code get}; there is no
 * cache here (the CEP processor puts cep-core's {@code CachingStateBackend} in front), so {@code
 * flush()} has nothing to do: a put is in the store at once.
 *
 * <p>Not thread-safe: the task's stream thread uses it. Closing it releases the names; the physical
 * store belongs to Kafka Streams.
 */
final class StreamsStateBackend implements StateBackend {

    private final KeyValueStore<Bytes, byte[]> store;
    private final Set<String> open = new HashSet<>();

    StreamsStateBackend(KeyValueStore<Bytes, byte[]> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public <V> KeyedStore<V> open(String name, StateCodec<V> codec) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a store name cannot hold \\0: " + name);
        }
        if (!open.add(name)) {
            throw new IllegalStateException("store " + name + " is open already");
        }
        return new Prefixed<>(name, codec);
    }

    @Override
    public void close() {
        open.clear();
    }

    /** The key prefix of the logical store {@code name}: {@code name \0}, UTF-8. */
    static byte[] prefix(String name) {
        return (name + '\0').getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The physical key of {@code key} in the logical store of {@code prefix}. Every state write
     * makes one: an ASCII key (the usual kind) is copied into it char by char, without encoding it
     * to a byte array of its own first.
     */
    static Bytes physicalKey(byte[] prefix, String key) {
        int n = key.length();
        byte[] full = new byte[prefix.length + n];
        System.arraycopy(prefix, 0, full, 0, prefix.length);
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c >= 0x80) {
                byte[] k = key.getBytes(StandardCharsets.UTF_8);
                full = java.util.Arrays.copyOf(full, prefix.length + k.length);
                System.arraycopy(k, 0, full, prefix.length, k.length);
                break;
            }
            full[prefix.length + i] = (byte) c;
        }
        return Bytes.wrap(full);
    }

    /** The logical key of a physical key of the logical store of {@code prefix}. */
    static String logicalKey(byte[] prefix, Bytes full) {
        byte[] b = full.get();
        return new String(b, prefix.length, b.length - prefix.length, StandardCharsets.UTF_8);
    }

    private final class Prefixed<V> implements KeyedStore<V> {
        private final String name;
        private final byte[] prefix;
        private final StateCodec<V> codec;
        private boolean closed;

        Prefixed(String name, StateCodec<V> codec) {
            this.name = name;
            this.prefix = prefix(name);
            this.codec = Objects.requireNonNull(codec, "codec");
        }

        private Bytes key(String key) {
            return physicalKey(prefix, key);
        }

        private String keyOf(Bytes full) {
            return logicalKey(prefix, full);
        }

        @Override
        public V get(String key) {
            byte[] v = store.get(key(key));
            return v == null ? null : codec.decode(v);
        }

        @Override
        public void put(String key, V value) {
            store.put(key(key), codec.encode(Objects.requireNonNull(value, "value")));
        }

        @Override
        public void remove(String key) {
            store.delete(key(key));
        }

        @Override
        public void forEach(BiConsumer<String, V> action) {
            try (KeyValueIterator<Bytes, byte[]> it = scan()) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> e = it.next();
                    action.accept(keyOf(e.key), codec.decode(e.value));
                }
            }
        }

        @Override
        public void forEachEncoded(BiConsumer<String, byte[]> action) {
            try (KeyValueIterator<Bytes, byte[]> it = scan()) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> e = it.next();
                    action.accept(keyOf(e.key), e.value);
                }
            }
        }

        private KeyValueIterator<Bytes, byte[]> scan() {
            return store.prefixScan(Bytes.wrap(prefix), new BytesSerializer());
        }

        @Override
        public long approximateSize() {
            long n = 0;
            try (KeyValueIterator<Bytes, byte[]> it = scan()) {
                for (; it.hasNext(); it.next()) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public void clear() {
            List<Bytes> keys = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = scan()) {
                it.forEachRemaining(e -> keys.add(e.key));
            }
            keys.forEach(store::delete);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                open.remove(name);
            }
        }
    }
}
