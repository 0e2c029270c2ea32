package io.cepheus.core;

import static io.cepheus.core.Harness.AMOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Sequence;
import io.cepheus.core.pattern.Step;
import io.cepheus.core.window.AggregateRule;
import io.cepheus.core.window.Baseline;
import io.cepheus.core.window.Measure;
import io.cepheus.core.window.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-key baselines read by pattern conditions and aggregate rules. */
class BaselineTest {

    private static final Baseline AVG_10S = new Baseline("avg", Measure.Kind.AVG, e -> e.get(AMOUNT), Duration.ofSeconds(10), 10);

    private static Harness spikes() {
        // a payment more than 3x the key's average of the last 10 s (not counting itself)
        Step spike = Step.of("spike", Condition.fieldEquals(Harness.TYPE, "p").and((e, ctx) -> {
            Object avg = ctx.baseline(0);
            return avg != null && (Long) e.get(AMOUNT) > 3 * (Double) avg;
        }));
        return Harness.of(CepEngine.builder().baseline(AVG_10S).rule(Rule.of("r", spike)));
    }

    @Test
    void comparesWithTheKeysAverageExcludingTheCurrentEvent() {
        Harness h = spikes();
        h.sendAt("k", 1_000, "p1", 10).sendAt("k", 2_000, "p2", 10).sendAt("k", 3_000, "p3", 31)
                .sendAt("k", 4_000, "p4", 60).sendAt("other", 4_500, "p5", 1_000).end();
        // p3: 31 > 3 x 10; p4: avg(10, 10, 31) = 17 -> 60 > 51; p5 is the first of its key: no baseline
        assertThat(h.matchStrings()).containsExactly("p3", "p4");
    }

    @Test
    void oldEventsLeaveTheBaselineAtBucketGranularity() {
        Harness h = spikes();
        // buckets of 1 s: at 12 s the bucket [1 s, 2 s) no longer overlaps (2 s, 12 s]: avg 10
        h.sendAt("k", 1_000, "p1", 100).sendAt("k", 5_000, "p2", 10).sendAt("k", 12_000, "p3", 31).end();
        assertThat(h.matchStrings()).containsExactly("p3");
        Harness edge = spikes();
        // at 11.5 s the bucket [1 s, 2 s) still overlaps (1.5 s, 11.5 s]: p1 counts although it is
        // 10.5 s old (the granularity: up to one bucket), avg 55
        edge.sendAt("k", 1_000, "p1", 100).sendAt("k", 5_000, "p2", 10).sendAt("k", 11_500, "p3", 31).end();
        assertThat(edge.matches).isEmpty();
    }

    @Test
    void aggregateRulesReadBaselinesToo() {
        List<AggregateResult> results = new ArrayList<>();
        // three events within 2 s from a key that had at most 3 in the minute before
        AggregateRule rule = AggregateRule.of("burst", Window.sliding(Duration.ofSeconds(2)), List.of(Measure.count("n")),
                v -> (Long) v.get(0) >= 3 && (Long) v.baseline(0) <= 3);
        Baseline countPerMinute = Baseline.of("count", Measure.Kind.COUNT, null, Duration.ofSeconds(60));
        CepEngine engine = CepEngine.builder().baseline(countPerMinute).aggregateRule(rule).output(new EngineOutput() {
            @Override
            public void onMatch(Match match) {
            }

            @Override
            public void onAggregate(AggregateResult result) {
                results.add(result);
            }
        }).build();
        engine.process("k", Harness.event(1, 1_000, "p1"));
        engine.process("k", Harness.event(2, 30_000, "p2"));
        engine.process("k", Harness.event(3, 45_000, "p3"));
        engine.process("k", Harness.event(4, 45_100, "p4"));
        engine.process("k", Harness.event(5, 45_200, "p5"));
        engine.process("j", Harness.event(6, 50_000, "q1"));
        engine.process("j", Harness.event(7, 50_100, "q2"));
        engine.process("j", Harness.event(8, 50_200, "q3"));
        engine.advanceWatermark(Long.MAX_VALUE - 1);
        // k: at p5 three events are within 2 s, but the minute before held four (p1..p4); j: two before q3
        assertThat(results).extracting(r -> r.key() + ":" + r.triggerEventId()).containsExactly("j:8");
    }

    @Test
    void aggregateBaselineFires() {
        List<AggregateResult> results = new ArrayList<>();
        AggregateRule rule = AggregateRule.of("big", Window.sliding(Duration.ofSeconds(1)), List.of(
                Measure.of("sum", Measure.Kind.SUM, AMOUNT)),
                v -> v.baseline(0) != null && ((Long) v.get(0)) > 3 * (Double) v.baseline(0));
        CepEngine engine = CepEngine.builder().baseline(AVG_10S).aggregateRule(rule).output(new EngineOutput() {
            @Override
            public void onMatch(Match match) {
            }

            @Override
            public void onAggregate(AggregateResult result) {
                results.add(result);
            }
        }).build();
        engine.process("k", Event.of(1, 1_000, "p", "p1", 10L));
        engine.process("k", Event.of(2, 3_000, "p", "p2", 10L));
        engine.process("k", Event.of(3, 5_000, "p", "p3", 40L));
        engine.advanceWatermark(Long.MAX_VALUE - 1);
        assertThat(results).extracting(AggregateResult::triggerEventId).containsExactly(3L);
    }
}
