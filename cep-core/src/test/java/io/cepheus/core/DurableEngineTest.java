package io.cepheus.core;

import static io.cepheus.core.Harness.event;
import static io.cepheus.core.Harness.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cepheus.core.pattern.AfterMatchSkip;
import io.cepheus.core.pattern.Sequence;
import io.cepheus.core.state.CachingStateBackend;
import io.cepheus.core.state.HeapStateBackend;
import io.cepheus.core.state.RocksDbStateBackend;
import io.cepheus.core.state.StateBackend;
import io.cepheus.core.window.AggregateRule;
import io.cepheus.core.window.Measure;
import io.cepheus.core.window.Window;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine inside a restartable runtime: named state, time in the store, versions, per-input watermarks. */
class DurableEngineTest {

    @TempDir
    Path dir;

    private static Rule aThenB(String id) {
        return Rule.of(id, Sequence.begin(step("a")).followedBy(step("b")).build()).within(Duration.ofSeconds(10));
    }

    private static CepEngine.Builder engine(StateBackend backend, Harness.Sink sink, String name) {
        return CepEngine.builder().name(name).stateBackend(backend).output(sink);
    }

    @Test
    void twoEnginesOnOneBackendKeepTheirOwnState() {
        try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir)) {
            Harness.Sink sink = new Harness.Sink();
            CepEngine first = engine(rocks, sink, "one").rule(aThenB("r1")).build();
            CepEngine second = engine(rocks, sink, "two").rule(aThenB("r2")).build();
            for (CepEngine e : List.of(first, second)) {
                e.process("k", event(1, 1_000, "a1"));
                e.process("k", event(2, 2_000, "b1"));
                e.advanceWatermark(5_000);
            }
            assertThat(sink.rules()).containsExactly("r1", "r2");
            first.close();
            second.close();
        }
    }

    @Test
    void aSecondEngineOfTheSameNameOnABackendIsRefused() {
        for (StateBackend backend : List.of(new HeapStateBackend(), new RocksDbStateBackend(dir))) {
            try (backend; CepEngine first = engine(backend, new Harness.Sink(), "cep").rule(aThenB("r1")).build()) {
                assertThatThrownBy(() -> engine(backend, new Harness.Sink(), "cep").rule(aThenB("r2")).build())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessage("store 'cep.keys' is already open on this backend:"
                                + " give each engine on a shared backend its own name");
                assertThat(first.rules()).hasSize(1);
            }
        }
    }

    @Test
    void anEngineReopenedWithoutASnapshotContinuesWithItsBufferAndWatermark() {
        Rule rule = aThenB("r").skip(AfterMatchSkip.skipPastLastEvent());
        for (int cache : new int[] {0, 100}) {
            Path path = dir.resolve("reopen-" + cache);
            Harness.Sink sink = new Harness.Sink();
            try (RocksDbStateBackend rocks = new RocksDbStateBackend(path)) {
                StateBackend backend = cache == 0 ? rocks : new CachingStateBackend(rocks, cache);
                try (CepEngine first = engine(backend, sink, "cep").rule(rule).build()) {
                    for (int i = 1; i <= 5; i++) {
                        first.process("k", event(i, 1_000L * i, "a" + i));
                    }
                    first.advanceWatermark(2_500);
                }
                try (CepEngine second = engine(backend, sink, "cep").rule(rule).build()) {
                    assertThat(second.currentWatermark()).isEqualTo(2_500);
                    assertThat(second.bufferedEvents()).isEqualTo(3);
                    second.process("k", event(6, 6_000, "b1"));
                    second.advanceWatermark(Long.MAX_VALUE - 1);
                }
            }
            assertThat(sink.matches).as("cache %d", cache).extracting(Harness::format).containsExactly("a1 b1");
        }
    }

    @Test
    void aRuleRemovedAndAddedAgainNeverResumesTheOldProgramsState() {
        Rule old = Rule.of("r", Sequence.begin(step("x", "a")).followedBy(step("y", "b")).build());
        Rule changed = Rule.of("r", Sequence.begin(step("x", "c")).followedBy(step("y", "c")).build());
        for (int cache : new int[] {0, 10}) {
            for (StateBackend backend : List.of(new HeapStateBackend(), new RocksDbStateBackend(dir.resolve("re-" + cache)))) {
                Harness.Sink sink = new Harness.Sink();
                StateBackend layered = cache == 0 ? backend : new CachingStateBackend(backend, cache);
                try (backend; CepEngine e = engine(layered, sink, "cep").rule(old).build()) {
                    e.process("k", event(1, 1_000, "a1"));
                    e.advanceWatermark(1_500);
                    e.removeRule(old.id());
                    e.addRule(changed);
                    e.process("k", event(2, 2_000, "c1"));
                    e.advanceWatermark(Long.MAX_VALUE - 1);
                }
                assertThat(sink.matches).as("%s, cache %d", backend, cache).isEmpty();
            }
        }
    }

    @Test
    void aReplacedVersionDrainsItsPartialMatchesWhileTheNewOneStartsFresh() {
        Harness.Sink sink = new Harness.Sink();
        Rule v1 = aThenB("r");
        Rule v2 = Rule.of("r", Sequence.begin(step("a")).followedBy(step("c")).build()).within(Duration.ofSeconds(10))
                .version(2);
        try (CepEngine e = engine(new HeapStateBackend(), sink, "cep").rule(v1).build()) {
            e.process("k", event(1, 1_000, "a1"));
            e.advanceWatermark(1_500);
            e.replaceRule(v2);
            assertThat(e.drainingRules()).containsExactly(v1);
            e.process("k", event(2, 2_000, "a2"));   // starts only version 2
            e.process("k", event(3, 3_000, "b1"));   // completes version 1's a1
            e.process("k", event(4, 4_000, "c1"));   // completes version 2's a2
            e.advanceWatermark(12_000);              // version 1's window has ended: it is unloaded
            assertThat(e.drainingRules()).isEmpty();
        }
        assertThat(sink.matches).extracting(m -> m.version() + ":" + Harness.format(m)).containsExactly("1:a1 b1", "2:a2 c1");
        assertThat(sink.matches.get(0).id()).isNotEqualTo(sink.matches.get(1).id());
    }

    @Test
    void aReplacedVersionBesideAnotherRuleDrains() {
        Harness.Sink sink = new Harness.Sink();
        Rule other = aThenB("o");
        Rule v1 = Rule.of("r", Sequence.begin(step("x", "b")).followedBy(step("y", "c")).build()).within(Duration.ofSeconds(60));
        Rule v2 = Rule.of("r", Sequence.begin(step("x", "b")).followedBy(step("y", "d")).build()).within(Duration.ofSeconds(60))
                .version(2);
        try (CepEngine e = engine(new HeapStateBackend(), sink, "cep").rule(other).rule(v1).build()) {
            e.process("k", event(1, 1_000, "a1"));
            e.advanceWatermark(1_000);
            e.process("k", event(2, 2_000, "b1"));
            e.advanceWatermark(2_000);
            e.replaceRule(v2);
            e.process("k", event(3, 3_000, "b2"));
            e.advanceWatermark(3_000);
            e.process("k", event(4, 4_000, "c1"));
            e.advanceWatermark(4_000);
            e.process("k", event(5, 5_000, "d1"));
            e.advanceWatermark(Long.MAX_VALUE - 1);
        }
        assertThat(sink.matches).extracting(m -> m.rule() + ":" + m.version() + ":" + Harness.format(m))
                .containsExactly("o:1:a1 b1", "r:1:b1 c1", "r:2:b2 d1");
    }

    @Test
    void aDrainingVersionGoesOnDrainingAfterAReopenAndOneNeverStoredIsIgnored() {
        Rule v1 = aThenB("r");
        Rule v2 = Rule.of("r", Sequence.begin(step("a")).followedBy(step("c")).build()).within(Duration.ofSeconds(10))
                .version(2);
        Rule v3 = v2.version(3);
        Harness.Sink sink = new Harness.Sink();
        try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir)) {
            try (CepEngine e = engine(rocks, sink, "cep").rule(v1).build()) {
                e.process("k", event(1, 1_000, "a1"));
                e.advanceWatermark(1_500);
                e.replaceRule(v2);
            }
            try (CepEngine e = engine(rocks, sink, "cep").rule(v2).drainingRule(v1).drainingRule(v3).build()) {
                assertThat(e.drainingRules()).containsExactly(v1); // v3 was never stored: nothing to drain
                e.process("k", event(2, 2_000, "b1"));
                e.advanceWatermark(3_000);
            }
        }
        assertThat(sink.matches).extracting(m -> m.version() + ":" + Harness.format(m)).containsExactly("1:a1 b1");
    }

    @Test
    void aDestroyedEngineLeavesNothingBehind() {
        for (StateBackend backend : List.of(new HeapStateBackend(), new RocksDbStateBackend(dir.resolve("destroy")))) {
            Harness.Sink sink = new Harness.Sink();
            try (backend) {
                CepEngine first = engine(backend, sink, "gone").rule(aThenB("r")).build();
                first.process("k", event(1, 1_000, "a1"));
                first.advanceWatermark(1_500);
                first.destroy();
                assertThatThrownBy(first::destroy).isInstanceOf(IllegalStateException.class);
                try (CepEngine again = engine(backend, sink, "gone").rule(aThenB("r")).build()) {
                    assertThat(again.keysWithState()).isZero();
                    assertThat(again.currentWatermark()).isEqualTo(Long.MIN_VALUE);
                    again.process("k", event(2, 2_000, "b1"));
                    again.advanceWatermark(5_000);
                }
            }
            assertThat(sink.matches).isEmpty();
        }
    }

    @Test
    void theSameInputGivesTheSameSnapshotBytesOnEveryBackend() {
        AggregateRule distinct = AggregateRule.of("d", Window.sliding(Duration.ofSeconds(30)),
                List.of(Measure.of("names", Measure.Kind.COUNT_DISTINCT, Harness.NAME)), v -> false);
        List<byte[]> snapshots = new java.util.ArrayList<>();
        for (StateBackend backend : List.of(new HeapStateBackend(), new RocksDbStateBackend(dir.resolve("bytes")),
                new CachingStateBackend(new RocksDbStateBackend(dir.resolve("bytes-cached")), 2))) {
            try (backend; CepEngine e = engine(backend, new Harness.Sink(), "cep").rule(aThenB("r"))
                    .aggregateRule(distinct).build()) {
                for (int i = 1; i <= 40; i++) {
                    e.process("k" + (i * 7 % 5), event(i, 1_000L * i, (i % 3 == 0 ? "b" : "a") + (i * 31 % 17)));
                    if (i % 4 == 0) {
                        e.advanceWatermark(1_000L * i - 1_500);
                    }
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                e.snapshot(out);
                snapshots.add(out.toByteArray());
            }
        }
        assertThat(snapshots.get(1)).isEqualTo(snapshots.get(0));
        assertThat(snapshots.get(2)).isEqualTo(snapshots.get(0));
    }

    @Test
    void theEngineWatermarkIsTheLeastOfItsActiveInputs() {
        Harness.Sink sink = new Harness.Sink();
        try (CepEngine e = CepEngine.builder().inputs(List.of("logins", "payments")).rule(aThenB("r")).output(sink).build()) {
            e.process("k", event(1, 1_000, "a1"));
            e.process("k", event(2, 2_000, "b1"));
            e.advanceWatermark("logins", 5_000);
            assertThat(e.currentWatermark()).isEqualTo(Long.MIN_VALUE);
            assertThat(sink.matches).isEmpty();
            e.advanceWatermark("payments", 3_000);
            assertThat(e.currentWatermark()).isEqualTo(3_000);
            assertThat(sink.matches).hasSize(1);
            e.setIdle("payments", true);
            assertThat(e.currentWatermark()).isEqualTo(5_000);
            e.setIdle("payments", false);
            assertThat(e.currentWatermark()).as("never moves back").isEqualTo(5_000);
            e.process("k", event(3, 4_000, "a2"));
            assertThat(sink.late).hasSize(1);
            assertThatThrownBy(() -> e.advanceWatermark("refunds", 1))
                    .hasMessage("no input 'refunds'; this engine's inputs are [logins, payments]");
        }
    }

    @Test
    void aRuleOverItsTotalCapRefusesNewPartialMatchesAndSaysSo() {
        Harness.Sink sink = new Harness.Sink();
        try (CepEngine e = CepEngine.builder().rule(aThenB("r")).maxPartialMatchesPerRule(3).output(sink).build()) {
            for (int i = 1; i <= 5; i++) {
                e.process("k" + i, event(i, 1_000L * i, "a" + i));
            }
            e.advanceWatermark(5_000);
            assertThat(e.partialMatchCount(RuleId.of("r"))).isEqualTo(3);
            assertThat(e.metrics().partialMatchesDropped()).isEqualTo(2);
            assertThat(sink.dropped).containsExactly("r:k4:1", "r:k5:1");
            e.advanceWatermark(12_000); // the first two time out: room again
            e.process("k6", event(6, 12_500, "a6"));
            e.advanceWatermark(12_500);
            assertThat(e.partialMatchCount(RuleId.of("r"))).isEqualTo(2);
        }
    }

    @Test
    void aRulesTotalOfPartialMatchesSurvivesAReopen() {
        try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir.resolve("total"))) {
            Harness.Sink sink = new Harness.Sink();
            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).maxPartialMatchesPerRule(3).build()) {
                for (int i = 1; i <= 3; i++) {
                    e.process("k" + i, event(i, 1_000L * i, "a" + i));
                }
                e.advanceWatermark(3_000);
            }
            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).maxPartialMatchesPerRule(3).build()) {
                assertThat(e.partialMatchCount(RuleId.of("r"))).isEqualTo(3);
                e.process("k4", event(4, 4_000, "a4"));
                e.advanceWatermark(4_000);
                assertThat(sink.dropped).containsExactly("r:k4:1");
            }
        }
    }

    @Test
    void theTotalsOfStateWrittenWithOneEntryPerRuleAreReadAndRewrittenAsOne() {
        try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir.resolve("legacy"))) {
            Harness.Sink sink = new Harness.Sink();
            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).rule(aThenB("s")).build()) {
                for (int i = 1; i <= 3; i++) {
                    e.process("k" + i, event(i, 1_000L * i, "a" + i));
                }
                e.advanceWatermark(3_000);
            }
            // the meta store as a build before the one counts entry left it: a count per incarnation
            var meta = rocks.open("cep.meta", io.cepheus.core.state.StateCodec.bytes());
            byte[] counts = meta.get("counts");
            assertThat(counts).isNotNull();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(counts);
            for (int n = b.getInt(); n > 0; n--) {
                meta.put("live/" + b.getInt(), java.nio.ByteBuffer.allocate(Long.BYTES).putLong(b.getLong()).array());
            }
            meta.remove("counts");
            meta.close();

            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).rule(aThenB("s")).build()) {
                assertThat(e.partialMatchCount(RuleId.of("r"))).isEqualTo(3);
                assertThat(e.partialMatchCount(RuleId.of("s"))).isEqualTo(3);
                e.removeRule(RuleId.of("s"));
            }
            var reopened = rocks.open("cep.meta", io.cepheus.core.state.StateCodec.bytes());
            List<String> keys = new java.util.ArrayList<>();
            reopened.forEach((key, value) -> keys.add(key));
            reopened.close();
            assertThat(keys).contains("counts", "live/1").doesNotContain("live/2");
            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).build()) {
                assertThat(e.partialMatchCount(RuleId.of("r"))).isEqualTo(3);
            }
        }
    }

    @Test
    void stateWrittenBeforeKeyStatesCarriedTheirEarliestTimerIsReadAndTimesOut() {
        try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir.resolve("format2"))) {
            Harness.Sink sink = new Harness.Sink();
            java.util.Map<String, byte[]> states = new java.util.HashMap<>();
            java.util.Map<String, Long> deadlines = new java.util.HashMap<>();
            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).build()) {
                for (int i = 1; i <= 3; i++) {
                    e.process("k" + i, event(i, 1_000L * i, "a" + i));
                }
                e.advanceWatermark(3_000);
                e.forEachKeyState((key, state) -> {
                    states.put(key, KeyStateFormat3.encode2(state));
                    deadlines.put(key, state.earliestTimer());
                });
            }
            // as a build before the head left it: key states of format 2, and a timer index beside them
            var keys = rocks.open("cep.keys", io.cepheus.core.state.StateCodec.bytes());
            var timers = rocks.open("cep.timers", io.cepheus.core.state.StateCodec.bytes());
            assertThat(states).hasSize(3);
            states.forEach((key, old) -> {
                keys.put(key, old);
                timers.put(key, java.nio.ByteBuffer.allocate(Long.BYTES).putLong(deadlines.get(key)).array()); // as the index held it
            });
            keys.close();
            timers.close();

            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).build()) {
                assertThat(e.partialMatchCount(RuleId.of("r"))).isEqualTo(3);
                assertThat(e.partialMatches("k2")).hasSize(1);
                e.advanceWatermark(12_500); // past the deadlines of k1 (11 s) and k2 (12 s)
                assertThat(e.partialMatchCount(RuleId.of("r"))).isEqualTo(1);
                e.process("k3", event(4, 12_600, "b1"));
                e.advanceWatermark(12_600);
                assertThat(sink.rules()).containsExactly("r");
            }
            var index = rocks.open("cep.timers", io.cepheus.core.state.StateCodec.bytes());
            List<String> indexed = new java.util.ArrayList<>();
            index.forEachEncoded((key, bytes) -> indexed.add(key));
            assertThat(indexed).isEmpty();
            index.close();
        }
    }

    private static List<String> bufferKeys(StateBackend backend) {
        var buffer = backend.open("cep.buffer", io.cepheus.core.state.StateCodec.bytes());
        List<String> keys = new java.util.ArrayList<>();
        buffer.forEachEncoded((key, bytes) -> keys.add(key));
        buffer.close();
        keys.sort(null);
        return keys;
    }

    private static List<String> matched(Harness.Sink sink) {
        return sink.matches.stream().map(Harness::format).toList();
    }

    @Test
    void bufferedEventsAreStoredAsOneChunkPerFlushDroppedOnceTheWatermarkPassesThemAll() {
        try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir.resolve("chunks"))) {
            Harness.Sink sink = new Harness.Sink();
            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).build()) {
                e.process("k1", event(1, 1_000, "a1"));
                e.process("k2", event(2, 2_000, "a2"));
                e.process("k1", event(3, 3_000, "b1"));
            }
            assertThat(bufferKeys(rocks)).containsExactly("chunk/0000000000000000");
            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).build()) {
                e.process("k3", event(4, 4_000, "a3"));
                e.advanceWatermark(2_500); // takes a1 and a2; the first chunk still holds b1
            }
            assertThat(bufferKeys(rocks)).containsExactly("chunk/0000000000000000", "chunk/0000000000000003");
            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).build()) {
                e.advanceWatermark(3_500); // takes b1: the first chunk goes
            }
            assertThat(bufferKeys(rocks)).containsExactly("chunk/0000000000000003");
            assertThat(matched(sink)).containsExactly("a1 b1");
            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).build()) {
                assertThat(e.bufferedEvents()).isEqualTo(1);
                e.process("k3", event(5, 5_000, "b3"));
                e.advanceWatermark(6_000);
            }
            assertThat(matched(sink)).containsExactly("a1 b1", "a3 b3");
            assertThat(bufferKeys(rocks)).isEmpty();
        }
    }

    @Test
    void aChunkPassedByTheWatermarkOnlyInPartIsReadBackWithoutItsTakenEvents() {
        try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir.resolve("part"))) {
            Harness.Sink sink = new Harness.Sink();
            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).build()) {
                e.process("k1", event(1, 1_000, "a1"));
                e.process("k2", event(2, 3_000, "a2"));
                e.flush();
                e.advanceWatermark(2_000); // a1 taken; a2 waits, in the same chunk
            }
            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).build()) {
                assertThat(e.bufferedEvents()).isEqualTo(1);
                e.process("k1", event(3, 3_500, "b1"));
                e.process("k2", event(4, 3_600, "b2"));
                e.advanceWatermark(4_000);
            }
            assertThat(matched(sink)).containsExactly("a1 b1", "a2 b2");
        }
    }

    @Test
    void bufferedEventsStoredOneEntryEachAreReadAndRewrittenAsAChunk() throws Exception {
        try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir.resolve("per-event"))) {
            Harness.Sink sink = new Harness.Sink();
            List<Event> events = List.of(event(1, 1_000, "a1"), event(2, 2_000, "b1"));
            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).build()) {
                events.forEach(ev -> e.process("k", ev));
            }
            // as a build before chunks left it: one entry per event, keyed by (timestamp, arrival)
            var buffer = rocks.open("cep.buffer", io.cepheus.core.state.StateCodec.bytes());
            buffer.clear();
            for (int arrival = 0; arrival < events.size(); arrival++) {
                Event ev = events.get(arrival);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
                out.writeLong(ev.timestamp());
                out.writeLong(arrival);
                out.writeUTF("k");
                EventCodec.write(out, ev);
                buffer.put(String.format("%016x%016x", ev.timestamp() ^ Long.MIN_VALUE, arrival ^ Long.MIN_VALUE),
                        bytes.toByteArray());
            }
            buffer.close();
            assertThat(bufferKeys(rocks)).hasSize(2).noneMatch(k -> k.startsWith("chunk/"));

            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).build()) {
                assertThat(e.bufferedEvents()).isEqualTo(2);
            }
            assertThat(bufferKeys(rocks)).containsExactly("chunk/0000000000000000");
            try (CepEngine e = engine(rocks, sink, "cep").rule(aThenB("r")).build()) {
                e.advanceWatermark(2_000);
            }
            assertThat(matched(sink)).containsExactly("a1 b1");
        }
    }
}
