package io.cepheus.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.RandomScenarios.Action;
import io.cepheus.core.state.HeapStateBackend;
import io.cepheus.core.state.RocksDbStateBackend;
import io.cepheus.core.state.StateBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Properties over random rules and random keyed streams (seeded; a failure names its seed):
 * the heap and RocksDB backends give identical outputs, and a snapshot taken at a random point and
 * restored into a fresh engine continues exactly as the uninterrupted run.
 */
class StateEquivalencePropertyTest {

    private static final int EVENTS = 60;

    @TempDir
    Path dir;

    private static List<String> run(Rules rules, StateBackend backend, List<Action> script) {
        return run(rules, backend, script, 0);
    }

    private static List<String> run(Rules rules, StateBackend backend, List<Action> script, int cache) {
        RandomScenarios.Recorder rec = new RandomScenarios.Recorder();
        StateBackend layered = cache > 0 ? new io.cepheus.core.state.CachingStateBackend(backend, cache) : backend;
        try (CepEngine engine = rules.builder().stateBackend(layered).output(rec).build()) {
            RandomScenarios.play(engine, script);
        }
        return rec.out;
    }

    /** Pattern and aggregate rules of one scenario. */
    private record Rules(List<Rule> patterns, List<io.cepheus.core.window.AggregateRule> aggregates) {
        static Rules random(Random random) {
            return new Rules(RandomScenarios.rules(random), RandomScenarios.aggregateRules(random));
        }

        CepEngine.Builder builder() {
            CepEngine.Builder b = CepEngine.builder().rules(patterns).aggregateRules(aggregates);
            RandomScenarios.baselines().forEach(b::baseline);
            return b;
        }
    }

    @Test
    void heapAndRocksDbGiveIdenticalOutputs() {
        for (int seed = 1; seed <= 60; seed++) {
            Random random = new Random(seed);
            Rules rules = Rules.random(random);
            List<Action> script = RandomScenarios.script(random, EVENTS);
            List<String> heap = run(rules, new HeapStateBackend(), script);
            for (int cache : new int[] {0, 1, 10_000}) {
                List<String> rocks;
                try (RocksDbStateBackend backend = new RocksDbStateBackend(dir.resolve("rocks-" + seed + "-" + cache))) {
                    rocks = run(rules, backend, script, cache);
                }
                assertThat(rocks).as("seed %d, cache %d, rules %s", seed, cache, rules).isEqualTo(heap);
            }
        }
    }

    @Test
    void snapshotAndRestoreContinueExactlyAsAnUninterruptedRun() {
        int outputs = 0;
        long aggregateOutputs = 0;
        for (int seed = 1; seed <= 300; seed++) {
            Random random = new Random(1_000 + seed);
            Rules rules = Rules.random(random);
            List<Action> script = RandomScenarios.script(random, EVENTS);
            int cut = random.nextInt(script.size());
            List<String> uninterrupted = run(rules, new HeapStateBackend(), script);
            List<String> resumed = runWithRestore(rules, script, cut, HeapStateBackend::new);
            assertThat(resumed).as("seed %d, cut at %d, rules %s", seed, cut, rules).isEqualTo(uninterrupted);
            outputs += uninterrupted.size();
            aggregateOutputs += uninterrupted.stream().filter(line -> line.contains("|AGG|")).count();
        }
        assertThat(outputs).as("the scenarios produce matches at all").isGreaterThan(300);
        assertThat(aggregateOutputs).as("the scenarios produce aggregate results").isGreaterThan(100);
    }

    @Test
    void aHeapSnapshotRestoresIntoRocksDb() {
        for (int seed = 1; seed <= 30; seed++) {
            Random random = new Random(5_000 + seed);
            Rules rules = Rules.random(random);
            List<Action> script = RandomScenarios.script(random, EVENTS);
            int cut = random.nextInt(script.size());
            List<String> uninterrupted = run(rules, new HeapStateBackend(), script);
            Path path = dir.resolve("restore-" + seed);
            List<String> resumed = runWithRestore(rules, script, cut, () -> new RocksDbStateBackend(path));
            assertThat(resumed).as("seed %d, cut at %d", seed, cut).isEqualTo(uninterrupted);
        }
    }

    private static List<String> runWithRestore(Rules rules, List<Action> script, int cut,
                                               Supplier<StateBackend> second) {
        RandomScenarios.Recorder rec = new RandomScenarios.Recorder();
        ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
        try (CepEngine first = rules.builder().output(rec).build()) {
            RandomScenarios.play(first, script.subList(0, cut));
            first.snapshot(snapshot);
        }
        try (StateBackend backend = second.get();
             CepEngine restored = rules.builder().stateBackend(backend).output(rec).build()) {
            restored.restore(new ByteArrayInputStream(snapshot.toByteArray()));
            RandomScenarios.play(restored, script.subList(cut, script.size()));
        }
        return rec.out;
    }
}
