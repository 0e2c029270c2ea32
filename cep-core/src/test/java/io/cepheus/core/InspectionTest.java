package io.cepheus.core;

import static io.cepheus.core.Harness.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.pattern.Sequence;
import io.cepheus.core.state.HeapStateBackend;
import io.cepheus.core.state.KeyedStore;
import io.cepheus.core.state.RocksDbStateBackend;
import io.cepheus.core.state.StateBackend;
import io.cepheus.core.state.StateCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live partial matches can be inspected; watermarks from bounded disorder. */
class InspectionTest {

    @Test
    void partialMatchesOfAKeyShowWhatTheyWaitFor() {
        Rule rule = Rule.of("r", Sequence.begin(step("x", "a")).followedBy(step("y", "b")).followedBy(step("z", "c")).build())
                .within(Duration.ofSeconds(60));
        Harness h = Harness.of(rule);
        h.sendAt("k", 1_000, "a1", 0).sendAt("k", 2_000, "b1", 0).sendAt("other", 2_500, "a2", 0).watermark(3_000);
        var views = h.engine.partialMatches("k");
        assertThat(views).hasSize(1);
        PartialMatchView v = views.get(0);
        assertThat(v.rule()).isEqualTo(RuleId.of("r"));
        assertThat(v.waitingIn()).isEqualTo("z");
        assertThat(v.events().keySet()).containsExactlyInAnyOrder("x", "y");
        assertThat(v.startTimestamp()).isEqualTo(1_000);
        assertThat(v.deadline()).isEqualTo(61_000);
        assertThat(v.completed()).isFalse();
        assertThat(h.engine.partialMatches("nobody")).isEmpty();
        assertThat(h.engine.keysWithState()).isEqualTo(2);
    }

    @Test
    void aReadOnlyViewOfTheStoredStateShowsWhatTheEngineShowsAndWritesNothing() {
        Rule rule = Rule.of("r", Sequence.begin(step("x", "a")).followedBy(step("y", "b")).followedBy(step("z", "c")).build())
                .within(Duration.ofSeconds(60));
        HeapStateBackend heap = new HeapStateBackend();
        Harness h = Harness.with(heap, rule);
        h.sendAt("k", 1_000, "a1", 0).sendAt("k", 2_000, "b1", 0).sendAt("other", 2_500, "a2", 0).watermark(3_000);
        List<PartialMatchView> live = h.engine.partialMatches("k");
        h.engine.close();

        try (EngineView view = CepEngine.builder().stateBackend(new RefusingWrites(heap)).rule(rule).openReadOnly()) {
            assertThat(view.hasState()).isTrue();
            assertThat(view.partialMatches("k")).isEqualTo(live).hasSize(1);
            assertThat(view.partialMatches("k").getFirst().events().get("y")).extracting(Event::id).containsExactly(2L);
            assertThat(view.partialMatches("nobody")).isEmpty();
            assertThat(view.currentWatermark()).isEqualTo(3_000);
            assertThat(view.currentWatermark(CepEngine.DEFAULT_INPUT)).isEqualTo(3_000);
            assertThat(view.isIdle(CepEngine.DEFAULT_INPUT)).isFalse();
        }
        try (EngineView other = CepEngine.builder().name("other").stateBackend(new RefusingWrites(heap)).rule(rule)
                .openReadOnly()) {
            assertThat(other.hasState()).isFalse();
            assertThat(other.partialMatches("k")).isEmpty();
            assertThat(other.currentWatermark()).isEqualTo(Long.MIN_VALUE);
        }
    }

    @Test
    void aReadOnlyViewOverRocksDbLeavesOutTheRunsOfRulesItIsNotGiven(@TempDir Path dir) {
        Rule rule = Rule.of("r", Sequence.begin(step("x", "a")).followedBy(step("y", "b")).build()).within(Duration.ofSeconds(60));
        try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir)) {
            Harness h = Harness.with(rocks, rule);
            h.sendAt("k", 1_000, "a1", 0).watermark(3_000);
            h.engine.flush();

            try (EngineView view = CepEngine.builder().name("view").stateBackend(rocks).rule(rule).openReadOnly()) {
                assertThat(view.hasState()).isFalse();
            }
            h.engine.close();
            try (EngineView view = CepEngine.builder().stateBackend(new RefusingWrites(rocks)).rule(rule.version(2))
                    .openReadOnly()) {
                assertThat(view.partialMatches("k")).isEmpty();
            }
            try (EngineView view = CepEngine.builder().stateBackend(new RefusingWrites(rocks)).rule(rule).openReadOnly()) {
                assertThat(view.partialMatches("k")).extracting(PartialMatchView::waitingIn).containsExactly("y");
            }
        }
    }

    @Test
    void anEngineOpensByWritingSoAViewIsWhatReadsAStoreThatRefusesWrites() {
        Rule rule = Rule.of("r", Sequence.begin(step("x", "a")).build());
        CepEngine.Builder builder = CepEngine.builder().stateBackend(new RefusingWrites(new HeapStateBackend())).rule(rule)
                .output(new Harness.Sink());

        org.assertj.core.api.Assertions.assertThatThrownBy(builder::build).isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CepEngine.builder().rule(rule).openReadOnly())
                .hasMessage("a read-only view needs the backend that holds the state: call stateBackend(...)");
    }

    /** A backend whose stores refuse every write: what a view must make do with. */
    private record RefusingWrites(StateBackend backend) implements StateBackend {
        @Override
        public <V> KeyedStore<V> open(String name, StateCodec<V> codec) {
            KeyedStore<V> store = backend.open(name, codec);
            return new KeyedStore<>() {
                @Override
                public V get(String key) {
                    return store.get(key);
                }

                @Override
                public void put(String key, V value) {
                    throw new UnsupportedOperationException("read-only: put " + name);
                }

                @Override
                public void remove(String key) {
                    throw new UnsupportedOperationException("read-only: remove " + name);
                }

                @Override
                public void forEach(BiConsumer<String, V> action) {
                    store.forEach(action);
                }

                @Override
                public void forEachEncoded(BiConsumer<String, byte[]> action) {
                    store.forEachEncoded(action);
                }

                @Override
                public long approximateSize() {
                    return store.approximateSize();
                }

                @Override
                public void clear() {
                    throw new UnsupportedOperationException("read-only: clear " + name);
                }

                @Override
                public void flush() {
                    throw new UnsupportedOperationException("read-only: flush " + name);
                }

                @Override
                public void close() {
                    store.close();
                }
            };
        }

        @Override
        public void close() {
            backend.close();
        }
    }

    @Test
    void boundedOutOfOrdernessWatermark() {
        BoundedOutOfOrderness w = new BoundedOutOfOrderness(Duration.ofSeconds(5));
        assertThat(w.currentWatermark()).isEqualTo(Long.MIN_VALUE);
        w.observe(10_000);
        w.observe(8_000);
        assertThat(w.currentWatermark()).isEqualTo(4_999);
        w.observe(12_000);
        assertThat(w.currentWatermark()).isEqualTo(6_999);
    }
}
