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
}
