package io.cepheus.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.RandomScenarios.Action;
import io.cepheus.core.state.CachingStateBackend;
import io.cepheus.core.state.HeapStateBackend;
import io.cepheus.core.state.RocksDbStateBackend;
import io.cepheus.core.state.StateBackend;
import io.cepheus.core.window.AggregateRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Properties of the engine as a durable runtime, over random rules, skip strategies, aggregate
 * rules and baselines, with a random rule history (rules added, replaced by new versions, removed,
 * removed and added again under the same id and version, draining versions dropped): an engine
 * closed and reopened over its backend at random points — without a snapshot — on the heap, on
 * RocksDB, and on RocksDB behind a cache layer, gives exactly what one engine gives when run
 * uninterrupted through the same history; and two engines sharing one backend give what each gives
 * alone. Seeded; a failure names its seed.
 */
class DurableStatePropertyTest {

    private static final int EVENTS = 60;

    @TempDir
    Path dir;

    /** One step of a scenario: an event or watermark, a rule change, or a reopen. */
    private sealed interface Step {
        record Play(Action action) implements Step {}

        record Add(Rule rule) implements Step {}

        record Replace(Rule rule) implements Step {}

        record Remove(RuleId id) implements Step {}

        record DropDraining(RuleId id) implements Step {}

        record ReplaceAggregate(AggregateRule rule) implements Step {}

        record Reopen() implements Step {}
    }

    private record Scenario(List<Rule> rules, List<AggregateRule> aggregates, List<Step> steps) {
        long changes() {
            return steps.stream().filter(s -> !(s instanceof Step.Play) && !(s instanceof Step.Reopen)).count();
        }
    }

    private static Scenario scenario(Random random) {
        List<Rule> rules = RandomScenarios.rules(random);
        List<AggregateRule> aggregates = RandomScenarios.aggregateRules(random);
        Map<RuleId, Long> versions = new LinkedHashMap<>();
        rules.forEach(r -> versions.put(r.id(), r.version()));
        List<Step> steps = new ArrayList<>();
        int next = rules.size();
        for (Action a : RandomScenarios.script(random, EVENTS)) {
            if (random.nextInt(10) == 0) {
                steps.add(change(random, versions, next++, aggregates));
            }
            if (random.nextInt(6) == 0) {
                steps.add(new Step.Reopen());
            }
            steps.add(new Step.Play(a));
        }
        return new Scenario(rules, aggregates, steps);
    }

    private static Step change(Random random, Map<RuleId, Long> versions, int next, List<AggregateRule> aggregates) {
        List<RuleId> ids = new ArrayList<>(versions.keySet());
        int kind = ids.isEmpty() ? 0 : random.nextInt(6);
        return switch (kind) {
            case 1 -> { // a new version, maybe of another shape
                RuleId id = ids.get(random.nextInt(ids.size()));
                long v = versions.merge(id, 1L, Long::sum);
                yield new Step.Replace(compilable(random, id.value()).version(v));
            }
            case 2 -> {
                RuleId id = ids.get(random.nextInt(ids.size()));
                versions.remove(id);
                yield new Step.Remove(id);
            }
            case 3 -> new Step.DropDraining(ids.get(random.nextInt(ids.size())));
            case 4 -> aggregates.isEmpty()
                    ? new Step.Reopen()
                    : new Step.ReplaceAggregate(aggregates.get(random.nextInt(aggregates.size())).version(2 + random.nextInt(3)));
            default -> { // a new rule, or an old id again in version 1 after a removal
                String id = random.nextBoolean() || ids.isEmpty() ? "r" + next : "x" + random.nextInt(2);
                if (versions.containsKey(RuleId.of(id))) {
                    id = "r" + next;
                }
                versions.put(RuleId.of(id), 1L);
                yield new Step.Add(compilable(random, id));
            }
        };
    }

    private static Rule compilable(Random random, String id) {
        while (true) {
            Rule r = RandomScenarios.rule(random, id);
            try {
                NfaCompiler.compile(r);
                return r;
            } catch (IllegalArgumentException malformed) {
                // draw again
            }
        }
    }

    private static final class Run {
        final Recorder rec = new Recorder();
        final StateBackend backend;
        final Function<StateBackend, StateBackend> layer;
        final String name;
        CepEngine engine;

        Run(Scenario s, StateBackend backend, Function<StateBackend, StateBackend> layer, String name) {
            this.backend = backend;
            this.layer = layer;
            this.name = name;
            this.engine = open(s.rules(), List.of(), s.aggregates());
        }

        CepEngine open(List<Rule> rules, List<Rule> draining, List<AggregateRule> aggregates) {
            CepEngine.Builder b = CepEngine.builder().name(name).stateBackend(layer.apply(backend)).output(rec)
                    .rules(rules).aggregateRules(aggregates);
            draining.forEach(b::drainingRule);
            RandomScenarios.baselines().forEach(b::baseline);
            return b.build();
        }

        void apply(Step step, boolean reopen) {
            switch (step) {
                case Step.Play p -> RandomScenarios.apply(engine).accept(p.action());
                case Step.Add a -> engine.addRule(a.rule());
                case Step.Replace r -> {
                    if (engine.rules().stream().anyMatch(x -> x.id().equals(r.rule().id()))) {
                        engine.replaceRule(r.rule());
                    } else {
                        engine.addRule(r.rule());
                    }
                }
                case Step.Remove r -> engine.removeRule(r.id());
                case Step.DropDraining d -> engine.dropDraining(d.id());
                case Step.ReplaceAggregate r -> engine.replaceAggregateRule(r.rule());
                case Step.Reopen x -> {
                    if (reopen) {
                        List<Rule> rules = engine.rules();
                        List<Rule> draining = engine.drainingRules();
                        List<AggregateRule> aggregates = engine.aggregateRules();
                        engine.close();
                        engine = open(rules, draining, aggregates);
                    }
                }
            }
        }
    }

    private static List<String> run(Scenario s, StateBackend backend, Function<StateBackend, StateBackend> layer,
                                    boolean reopen) {
        Run run = new Run(s, backend, layer, "cep");
        s.steps().forEach(step -> run.apply(step, reopen));
        run.engine.close();
        return run.rec.out;
    }

    @Test
    void reopeningWithoutASnapshotContinuesExactlyAsAnUninterruptedRunOnEveryBackend() {
        long outputs = 0;
        long versionedOutputs = 0;
        long changes = 0;
        for (int seed = 1; seed <= 80; seed++) {
            Random random = new Random(7_000 + seed);
            Scenario s = scenario(random);
            changes += s.changes();
            List<String> uninterrupted = run(s, new HeapStateBackend(), b -> b, false);
            assertThat(run(s, new HeapStateBackend(), b -> b, true)).as("seed %d, heap", seed).isEqualTo(uninterrupted);
            for (int cache : new int[] {0, 1, 1_000}) {
                try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir.resolve(seed + "-" + cache))) {
                    Function<StateBackend, StateBackend> layer = cache == 0 ? b -> b : b -> new CachingStateBackend(b, cache);
                    assertThat(run(s, rocks, layer, true)).as("seed %d, RocksDB, cache %d", seed, cache)
                            .isEqualTo(uninterrupted);
                }
            }
            outputs += uninterrupted.size();
            versionedOutputs += uninterrupted.stream().filter(l -> !l.contains("|v1|")).count();
        }
        assertThat(outputs).as("the scenarios produce results at all").isGreaterThan(500);
        assertThat(versionedOutputs).as("results of replaced versions").isGreaterThan(20);
        assertThat(changes).as("rule changes happen").isGreaterThan(200);
    }

    @Test
    void enginesSharingABackendGiveWhatEachGivesAlone() {
        for (int seed = 1; seed <= 30; seed++) {
            Random random = new Random(9_000 + seed);
            Scenario first = scenario(random);
            Scenario second = scenario(random);
            List<String> firstAlone = run(first, new HeapStateBackend(), b -> b, true);
            List<String> secondAlone = run(second, new HeapStateBackend(), b -> b, true);
            try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir.resolve("shared-" + seed))) {
                Run a = new Run(first, rocks, b -> b, "first");
                Run b = new Run(second, rocks, x -> x, "second");
                int n = Math.max(first.steps().size(), second.steps().size());
                for (int i = 0; i < n; i++) {
                    if (i < first.steps().size()) {
                        a.apply(first.steps().get(i), true);
                    }
                    if (i < second.steps().size()) {
                        b.apply(second.steps().get(i), true);
                    }
                }
                a.engine.close();
                b.engine.close();
                assertThat(a.rec.out).as("seed %d, first", seed).isEqualTo(firstAlone);
                assertThat(b.rec.out).as("seed %d, second", seed).isEqualTo(secondAlone);
            }
        }
    }

    /** {@link RandomScenarios.Recorder}, with each result's rule version. */
    private static final class Recorder extends RandomScenarios.Recorder {
        @Override
        public void onMatch(Match m) {
            super.onMatch(m);
            tagLast(m.version());
        }

        @Override
        public void onAggregate(AggregateResult r) {
            super.onAggregate(r);
            tagLast(r.version());
        }

        private void tagLast(long version) {
            out.set(out.size() - 1, out.getLast() + "|v" + version + "|");
        }
    }
}
