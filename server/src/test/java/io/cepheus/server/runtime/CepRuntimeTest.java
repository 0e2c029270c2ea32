package io.cepheus.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.core.BoundedOutOfOrderness;
import io.cepheus.core.Event;
import io.cepheus.core.state.CachingStateBackend;
import io.cepheus.core.state.HeapStateBackend;
import io.cepheus.core.state.RocksDbStateBackend;
import io.cepheus.core.state.StateBackend;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.rules.Compilation;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.rules.RuleFiles;
import io.cepheus.server.rules.RuleTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime over the example catalogue: a runtime closed and reopened over its state backend at
 * any point — partial matches, buffered events, watermarks, suppression and chained rules all in
 * the backend — gives exactly the alerts (same ids) of an uninterrupted run; and rules of one
 * stream partitioned alike share one engine.
 */
class CepRuntimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** An example with one stream: its rules and its events, in file order. */
    private record Example(String name, List<OfflineRule> rules, StreamLayout stream, List<Event> events) {}

    private static List<Example> examples() throws IOException {
        List<Example> examples = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Path.of("..", "rules-examples"))) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                Compilation c = RuleTools.compileFiles(RuleFiles.expand(List.of(d)));
                List<StreamLayout> read = c.rules().rules().stream().flatMap(r -> r.inputs().stream()).distinct().toList();
                if (c.hasErrors() || read.size() != 1 || !Files.exists(d.resolve("events.jsonl"))) {
                    continue;
                }
                examples.add(new Example(d.getFileName().toString(), c.rules().rules(), read.getFirst(),
                        events(d.resolve("events.jsonl"), read.getFirst())));
            }
        }
        return examples;
    }

    @SuppressWarnings("unchecked")
    private static List<Event> events(Path file, StreamLayout stream) throws IOException {
        List<Event> events = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                Map<String, Object> values = JSON.readValue(line, Map.class);
                values.keySet().retainAll(stream.fields().stream().map(StreamLayout.Field::name).toList());
                Event e = stream.event(i + 1, 0, values);
                Object time = e.get(stream.field(stream.timeField()).index());
                if (time instanceof Long ts) {
                    events.add(new Event(i + 1, ts, e.values()));
                }
            } catch (RuntimeException | IOException rejected) {
                // the examples' malformed lines are the decoder's business, not the runtime's
            }
        }
        return events;
    }

    /** Runs the example, closing and reopening the runtime before each event index in {@code cuts}. */
    private static List<String> run(Example ex, StateBackend backend, List<Integer> cuts) {
        return run(ex, backend, cuts, false);
    }

    /**
     * Runs the example, closing and reopening the runtime before each event index in {@code cuts};
     * with {@code loopChains}, the runtime sends the alerts that rules read to a {@link ChainOutput}
     * that gives them back to it after each call, as a data plane of several tasks gives them to the
     * task of their key.
     */
    private static List<String> run(Example ex, StateBackend backend, List<Integer> cuts, boolean loopChains) {
        List<String> alerts = new ArrayList<>();
        RuntimeListener listener = new RuntimeListener() {
            @Override
            public void alert(RuntimeAlert a) {
                alerts.add(a.rule().name() + "|v" + a.version() + "|" + a.key() + "|" + a.timestamp() + "|" + a.id()
                        + "|" + a.rendered().summary());
            }
        };
        List<Consumer<CepRuntime>> chained = new ArrayList<>();
        ChainOutput loop = new ChainOutput() {
            @Override
            public void chained(String keySpace, String key, String input, Event event) {
                chained.add(r -> r.acceptKeyed(keySpace, input, key, event));
            }

            @Override
            public void chainWatermark(String rule, long watermark) {
                chained.add(r -> r.advanceWatermark(CepRuntime.alertsInput(rule), watermark));
            }
        };
        CepRuntime runtime = open(ex, backend, listener, loopChains ? loop : null);
        BoundedOutOfOrderness watermarks = new BoundedOutOfOrderness(ex.stream().lateness());
        long watermark = Long.MIN_VALUE;
        String stream = ex.stream().name();
        for (int i = 0; i < ex.events().size(); i++) {
            if (cuts.contains(i)) {
                runtime.close();
                runtime = open(ex, backend, listener, loopChains ? loop : null);
            }
            Event e = ex.events().get(i);
            if (e.timestamp() <= watermark) {
                continue;
            }
            watermarks.observe(e.timestamp());
            runtime.accept(stream, e);
            drain(chained, runtime);
            if (watermarks.currentWatermark() > watermark) {
                watermark = watermarks.currentWatermark();
                runtime.advanceWatermark(stream, watermark);
                drain(chained, runtime);
            }
        }
        runtime.endOfInput();
        drain(chained, runtime);
        runtime.close();
        return alerts;
    }

    private static CepRuntime open(Example ex, StateBackend backend, RuntimeListener listener, ChainOutput chains) {
        CepRuntime runtime = new CepRuntime(ex.rules(), backend, listener, e -> "line " + e.id());
        if (chains != null) {
            runtime.routeChainsTo(chains);
        }
        return runtime;
    }

    /** Gives the runtime what it sent to its chain output, until it sends nothing more. */
    private static void drain(List<Consumer<CepRuntime>> chained, CepRuntime runtime) {
        while (!chained.isEmpty()) {
            chained.removeFirst().accept(runtime);
        }
    }

    @Test
    void aRuntimeReopenedOverItsBackendGivesTheAlertsOfAnUninterruptedRun() throws IOException {
        List<Example> examples = examples();
        assertThat(examples).hasSizeGreaterThan(15);
        long alerts = 0;
        for (Example ex : examples) {
            List<String> uninterrupted = run(ex, new HeapStateBackend(), List.of());
            alerts += uninterrupted.size();
            int n = ex.events().size();
            List<Integer> cuts = List.of(n / 4, n / 2, n / 2 + 1, 3 * n / 4);
            assertThat(run(ex, new HeapStateBackend(), cuts)).as("%s on the heap", ex.name()).isEqualTo(uninterrupted);
            try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir.resolve(ex.name()))) {
                assertThat(run(ex, new CachingStateBackend(rocks, 100), cuts)).as("%s on RocksDB", ex.name())
                        .isEqualTo(uninterrupted);
            }
        }
        assertThat(alerts).isGreaterThan(50);
    }

    @Test
    void alertsSentThroughAChainOutputGiveTheAlertsOfARuntimeThatPassesThemOn() throws IOException {
        List<Example> chainedExamples = examples().stream()
                .filter(ex -> ex.rules().stream().anyMatch(r -> !r.readsAlertsOf().isEmpty())).toList();
        assertThat(chainedExamples).isNotEmpty();
        for (Example ex : chainedExamples) {
            List<String> passedOn = run(ex, new HeapStateBackend(), List.of());
            assertThat(passedOn).as(ex.name()).anySatisfy(a -> assertThat(ex.rules().stream()
                    .filter(r -> !r.readsAlertsOf().isEmpty()).map(OfflineRule::name)).contains(a.split("\\|")[0]));
            int n = ex.events().size();
            assertThat(run(ex, new HeapStateBackend(), List.of(), true)).as(ex.name()).isEqualTo(passedOn);
            assertThat(run(ex, new HeapStateBackend(), List.of(n / 3, 2 * n / 3), true)).as("%s, reopened", ex.name())
                    .isEqualTo(passedOn);
        }
    }

    private static io.cepheus.core.Rule twin(io.cepheus.core.Rule r) {
        return new io.cepheus.core.Rule(io.cepheus.core.RuleId.of(r.id() + "_twin"), r.pattern(), r.within(), r.skip(),
                r.reportTimeouts(), r.aggregates(), r.version());
    }

    @Test
    void rulesOfOneStreamPartitionedAlikeShareAnEngine() throws IOException {
        Example velocity = examples().stream().filter(e -> e.name().equals("card-testing")).findFirst().orElseThrow();
        StateBackend backend = new HeapStateBackend();
        OfflineRule rule = velocity.rules().getFirst();
        OfflineRule twin = new OfflineRule(rule.name() + "_twin", rule.stream(), rule.inputs(),
                twin(rule.engineRule()), null,
                rule.baselines(), rule.key(), rule.partitionBy(), rule.alert(), rule.suppressFor(), rule.suppressionKey(),
                rule.aggregateSuppressionKey(), rule.readsAlertsOf(), rule.eventFor(), rule.alertEvent());
        try (CepRuntime runtime = new CepRuntime(List.of(rule, twin), backend, new RuntimeListener() {}, e -> "")) {
            assertThat(runtime.keySpaces()).containsExactly(rule.stream().name() + "/" + String.join(",", rule.partitionBy()));
            velocity.events().forEach(e -> runtime.accept(velocity.stream().name(), e));
            runtime.endOfInput();
            assertThat(runtime.stats().get(twin.name()).alerts()).isEqualTo(runtime.stats().get(rule.name()).alerts())
                    .isPositive();
        }
    }

    /** Partial matches dropped per rule by a runtime over the card-testing example with {@code caps}. */
    private static Map<String, Integer> dropsOverCardTesting(PartialMatchCaps caps) throws IOException {
        Example ex = examples().stream().filter(e -> e.name().equals("card-testing")).findFirst().orElseThrow();
        Map<String, Integer> dropped = new java.util.TreeMap<>();
        RuntimeListener listener = new RuntimeListener() {
            @Override
            public void dropped(String rule, String key, int count) {
                dropped.merge(rule, count, Integer::sum);
            }
        };
        try (CepRuntime runtime = new CepRuntime(ex.rules(), new HeapStateBackend(), listener, e -> "", caps)) {
            ex.events().forEach(e -> runtime.accept(ex.stream().name(), e));
            runtime.endOfInput();
            assertThat(runtime.stats().get("card_testing").dropped()).isEqualTo((long) dropped.getOrDefault("card_testing", 0));
        }
        return dropped;
    }

    @Test
    void theEnginesApplyTheCapsOnPartialMatchesAndReportWhatTheyDrop() throws IOException {
        assertThat(dropsOverCardTesting(PartialMatchCaps.defaults())).isEmpty();
        assertThat(dropsOverCardTesting(new PartialMatchCaps(1, 1_000_000)).get("card_testing")).isPositive();
        assertThat(dropsOverCardTesting(new PartialMatchCaps(10_000, 1)).get("card_testing")).isPositive();
    }
}
