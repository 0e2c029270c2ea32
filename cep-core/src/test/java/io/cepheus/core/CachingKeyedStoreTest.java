package io.cepheus.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.state.CachingKeyedStore;
import io.cepheus.core.state.KeyedStore;
import io.cepheus.core.state.RocksDbStateBackend;
import io.cepheus.core.state.StateCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-back cache in front of RocksDB. */
class CachingKeyedStoreTest {

    @TempDir
    Path dir;

    private static final StateCodec<String> UTF8 = new StateCodec<>() {
        @Override
        public byte[] encode(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    };

    @Test
    void writesBackOnEvictionAndFlushAndServesHitsFromMemory() {
        try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir)) {
            KeyedStore<String> inner = rocks.open("s", UTF8);
            CachingKeyedStore<String> cache = new CachingKeyedStore<>(inner, 2);
            cache.put("a", "1");
            cache.put("b", "2");
            assertThat(inner.get("a")).isNull();
            cache.put("c", "3"); // evicts a, the least recently used
            assertThat(inner.get("a")).isEqualTo("1");
            assertThat(inner.get("c")).isNull();
            assertThat(cache.get("c")).isEqualTo("3");
            assertThat(cache.hits()).isEqualTo(1);
            cache.flush();
            assertThat(inner.get("b")).isEqualTo("2");
            assertThat(inner.get("c")).isEqualTo("3");
            cache.remove("b");
            assertThat(inner.get("b")).isNull();
            Map<String, String> all = new HashMap<>();
            cache.put("c", "33");
            cache.forEach(all::put);
            assertThat(all).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "c", "33"));
            assertThat(cache.get("a")).isEqualTo("1");
            assertThat(cache.misses()).isEqualTo(1);
        }
    }

    @Test
    void evictionPassesOverKeysUsedSinceItLastPassedThem() {
        try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir)) {
            KeyedStore<String> inner = rocks.open("s", UTF8);
            CachingKeyedStore<String> cache = new CachingKeyedStore<>(inner, 3);
            cache.put("a", "1");
            cache.put("b", "2");
            cache.put("c", "3");
            assertThat(cache.get("a")).isEqualTo("1"); // a is used: the next eviction passes over it

            cache.put("d", "4"); // evicts b, the oldest unused
            assertThat(inner.get("b")).isEqualTo("2");
            assertThat(inner.get("a")).isNull();

            cache.get("a");
            cache.get("c");
            cache.get("d");
            cache.put("e", "5"); // all used (c, a, d in order): one pass unmarks them, the second evicts c
            assertThat(inner.get("c")).isEqualTo("3");
            assertThat(inner.get("a")).isNull();
            assertThat(inner.get("d")).isNull();

            long misses = cache.misses();
            assertThat(cache.get("a")).isEqualTo("1");
            assertThat(cache.get("d")).isEqualTo("4");
            assertThat(cache.get("e")).isEqualTo("5");
            assertThat(cache.misses()).isEqualTo(misses);
        }
    }

    @Test
    void aFlushWritesWhatWasMadeDirtySinceTheLastOneOnceEachAndNothingEvictedOrRemoved() {
        Map<String, String> written = new java.util.LinkedHashMap<>();
        java.util.List<String> puts = new java.util.ArrayList<>();
        KeyedStore<String> recording = new io.cepheus.core.state.HeapStateBackend().open("s", UTF8);
        KeyedStore<String> inner = new KeyedStore<>() {
            @Override
            public String get(String key) {
                return recording.get(key);
            }

            @Override
            public void put(String key, String value) {
                puts.add(key + "=" + value);
                written.put(key, value);
                recording.put(key, value);
            }

            @Override
            public void remove(String key) {
                puts.add("-" + key);
                recording.remove(key);
            }

            @Override
            public void forEach(java.util.function.BiConsumer<String, String> action) {
                recording.forEach(action);
            }

            @Override
            public void forEachEncoded(java.util.function.BiConsumer<String, byte[]> action) {
                recording.forEachEncoded(action);
            }

            @Override
            public long approximateSize() {
                return recording.approximateSize();
            }

            @Override
            public void clear() {
                recording.clear();
            }

            @Override
            public void close() {
                recording.close();
            }
        };
        CachingKeyedStore<String> cache = new CachingKeyedStore<>(inner, 3);
        cache.put("a", "1");
        cache.put("b", "1");
        cache.put("a", "2"); // dirty already: written once, with its last value
        cache.put("c", "1");
        cache.remove("b"); // written through, and not again at the flush
        cache.flush();
        assertThat(puts).containsExactly("-b", "a=2", "c=1");

        puts.clear();
        cache.flush();
        assertThat(puts).as("nothing changed since").isEmpty();

        for (int i = 0; i < 20; i++) {
            cache.put("k" + i, "v" + i); // evicts as it goes: each evicted dirty value is written then
        }
        cache.put("k19", "last");
        cache.flush();
        assertThat(puts).hasSize(20).contains("k0=v0", "k16=v16", "k17=v17", "k18=v18", "k19=last").doesNotContain("k19=v19");
        assertThat(written).containsEntry("a", "2").containsEntry("c", "1").doesNotContainKey("b");
    }
}
