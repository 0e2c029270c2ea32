package io.cepheus.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.Event;
import io.cepheus.core.state.HeapStateBackend;
import io.cepheus.core.state.RocksDbStateBackend;
import io.cepheus.core.state.StateBackend;
import io.cepheus.dsl.Source;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.rules.Compilation;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.rules.RuleTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules changed while the runtime runs: a new version starts fresh while the old one drains, other
 * rules' state is untouched, a rule gone takes its state with it, and a reopened runtime goes on
 * draining.
 */
class RuntimeUpdateTest {

    private static final String STREAM = """
            stream s {
              time ts
              fields {
                k: string
                t: string
                ts: timestamp
              }
            }
            """;

    @TempDir
    Path dir;

    /** {@code rule NAME}: {@code first} then {@code second} for one key within a minute. */
    private static String rule(String name, String first, String second, String partitionBy) {
        return """
                rule %s {
                  from s
                  partition by %s
                  pattern x -> y
                  where
                    x: t == "%s"
                    y: t == "%s"
                  within 1m
                  alert { summary "${x.t} ${y.t}" }
                }
                """.formatted(name, partitionBy, first, second);
    }

    /** The rules of {@code texts}, rule {@code name} at {@code version} where given. */
    private static List<OfflineRule> compile(Map<String, Long> versions, String... texts) {
        List<Source> sources = new ArrayList<>(List.of(Source.of("s", STREAM)));
        for (int i = 0; i < texts.length; i++) {
            sources.add(Source.of("r" + i, texts[i]));
        }
        Compilation c = RuleTools.compile(sources);
        assertThat(c.hasErrors()).as(c.render()).isFalse();
        return c.rules().rules().stream().map(r -> r.withVersion(versions.getOrDefault(r.name(), 1L))).toList();
    }

    private static StreamLayout layout() {
        return RuleTools.compile(List.of(Source.of("s", STREAM))).rules().stream("s").orElseThrow();
    }

    /** Alerts as {@code rule:version:summary}. */
    private static final class Alerts implements RuntimeListener {
        final List<String> seen = new ArrayList<>();

        @Override
        public void alert(RuntimeAlert alert) {
            seen.add(alert.rule().name() + ":" + alert.version() + ":" + alert.rendered().summary());
        }
    }

    private static void send(CepRuntime runtime, long time, String key, String t) {
        Event e = layout().event(time, time, "k", key, "t", t, "ts", time);
        runtime.accept("s", e);
        runtime.advanceWatermark("s", time); // releases the event
    }

    @Test
    void aChangedRuleDrainsWhileAnotherRulesPartialMatchGoesOnUntouched() {
        Alerts alerts = new Alerts();
        try (CepRuntime runtime = new CepRuntime(compile(Map.of(), rule("a", "a1", "a2", "k"), rule("b", "b", "c", "k")),
                new HeapStateBackend(), alerts, e -> "")) {
            send(runtime, 1_000, "k1", "a1");  // a pending
            send(runtime, 2_000, "k1", "b");   // b version 1 pending
            runtime.update(compile(Map.of("b", 2L), rule("a", "a1", "a2", "k"), rule("b", "b", "d", "k")), RuleVersions.NONE);
            send(runtime, 3_000, "k1", "b");   // starts version 2 only
            send(runtime, 4_000, "k1", "c");   // completes version 1's pending match
            send(runtime, 5_000, "k1", "d");   // completes version 2's
            send(runtime, 6_000, "k1", "a2");  // completes a's match begun before the change
            runtime.endOfInput();
        }
        assertThat(alerts.seen).containsExactly("b:1:b c", "b:2:b d", "a:1:a1 a2");
    }

    @Test
    void aVersionThatSaysNotToDrainDropsTheOldVersionsPartialMatchesAtOnce() {
        Alerts alerts = new Alerts();
        RuleVersions noDrain = new RuleVersions() {
            @Override
            public List<OfflineRule> earlier(String rule) {
                return List.of();
            }

            @Override
            public boolean drains(String rule) {
                return !rule.equals("b");
            }
        };
        try (CepRuntime runtime = new CepRuntime(compile(Map.of(), rule("a", "a1", "a2", "k"), rule("b", "b", "c", "k")),
                new HeapStateBackend(), alerts, e -> "")) {
            send(runtime, 1_000, "k1", "a1");
            send(runtime, 2_000, "k1", "b");
            runtime.update(compile(Map.of("b", 2L), rule("a", "a1", "a2", "k"), rule("b", "b", "c", "k")), noDrain);
            send(runtime, 3_000, "k1", "c");   // version 1's pending b was dropped: no alert
            send(runtime, 4_000, "k1", "a2");
            runtime.endOfInput();
        }
        assertThat(alerts.seen).containsExactly("a:1:a1 a2");
    }

    @Test
    void aRuleGoneTakesItsStateAndARuleAddedStartsFresh() {
        Alerts alerts = new Alerts();
        try (CepRuntime runtime = new CepRuntime(compile(Map.of(), rule("a", "a1", "a2", "k"), rule("b", "b", "c", "k")),
                new HeapStateBackend(), alerts, e -> "")) {
            send(runtime, 1_000, "k1", "a1");
            send(runtime, 2_000, "k1", "b");
            runtime.update(compile(Map.of(), rule("a", "a1", "a2", "k")), RuleVersions.NONE);
            assertThat(runtime.partialMatches()).containsOnlyKeys("a");
            runtime.update(compile(Map.of("b", 2L), rule("a", "a1", "a2", "k"), rule("b", "b", "c", "k"),
                    rule("per_t", "c", "c", "t")), RuleVersions.NONE);
            assertThat(runtime.keySpaces()).containsExactly("s/k", "s/t");
            send(runtime, 3_000, "k1", "c");   // b's old pending match is gone: no alert; per_t starts
            send(runtime, 4_000, "k2", "c");   // per_t keys by t: k1's and k2's "c" match
            runtime.update(compile(Map.of()), RuleVersions.NONE);
            assertThat(runtime.keySpaces()).isEmpty();
            runtime.update(compile(Map.of(), rule("a", "a1", "a2", "k")), RuleVersions.NONE);
            send(runtime, 5_000, "k1", "a2");  // a was deleted with its state: a1 is forgotten
            runtime.endOfInput();
        }
        assertThat(alerts.seen).containsExactly("per_t:1:c c");
    }

    @Test
    void aRuntimeReopenedOverItsStateGoesOnDrainingAndForgetsKeySpacesThatWent() {
        Alerts alerts = new Alerts();
        List<OfflineRule> v1 = compile(Map.of(), rule("b", "b", "c", "k"), rule("per_t", "x", "y", "t"));
        List<OfflineRule> v2 = compile(Map.of("b", 2L), rule("b", "b", "d", "k"));
        try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir)) {
            try (CepRuntime runtime = new CepRuntime(v1, rocks, alerts, e -> "")) {
                send(runtime, 1_000, "k1", "b");
                send(runtime, 1_500, "k1", "x");
                runtime.update(v2, RuleVersions.NONE);
            }
            OfflineRule oldB = v1.getFirst();
            try (CepRuntime runtime = new CepRuntime(v2, rocks, alerts, e -> "", PartialMatchCaps.defaults(),
                    r -> r.equals("b") ? List.of(oldB) : List.of())) {
                send(runtime, 2_000, "k1", "c");   // the reopened runtime still drains version 1
                runtime.endOfInput();
            }
            try (CepRuntime runtime = new CepRuntime(v1, rocks, alerts, e -> "")) {
                send(runtime, 3_000, "k1", "y");   // per_t's key space was deleted while v2 ran: x is gone
                runtime.endOfInput();
            }
        }
        assertThat(alerts.seen).containsExactly("b:1:b c");
    }

    @Test
    void anUpdateThatLeavesARuleWithoutTheAlertsItReadsIsRefusedAndChangesNothing() {
        String chained = """
                rule chained {
                  from alerts(a)
                  pattern x
                  where x: key == "k1"
                  alert { summary "chained" }
                }
                """;
        Alerts alerts = new Alerts();
        StateBackend backend = new HeapStateBackend();
        try (CepRuntime runtime = new CepRuntime(compile(Map.of(), rule("a", "a1", "a2", "k")), backend, alerts, e -> "")) {
            List<OfflineRule> both = compile(Map.of(), rule("a", "a1", "a2", "k"), chained);
            runtime.update(both, RuleVersions.NONE);
            List<OfflineRule> orphan = both.stream().filter(r -> r.name().equals("chained")).toList();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> runtime.update(orphan, RuleVersions.NONE))
                    .hasMessageContaining("reads the alerts of rule a");
            send(runtime, 1_000, "k1", "a1");
            send(runtime, 2_000, "k1", "a2");
            runtime.endOfInput();
        }
        assertThat(alerts.seen).containsExactly("a:1:a1 a2", "chained:1:chained");
    }
}
