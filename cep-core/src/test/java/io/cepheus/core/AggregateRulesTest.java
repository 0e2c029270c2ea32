package io.cepheus.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.pattern.Condition;
import io.cepheus.core.window.AggregateRule;
import io.cepheus.core.window.Measure;
import io.cepheus.core.window.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Windowed aggregate rules at their edges: boundaries, late events, idle streams, re-arming. */
class AggregateRulesTest {

    private static final int AMOUNT = Harness.AMOUNT;

    /** Collects aggregate results as "key:start-end values". */
    private static final class Out implements EngineOutput {
        final List<AggregateResult> results = new ArrayList<>();
        final List<Event> late = new ArrayList<>();

        @Override
        public void onMatch(Match match) {
            throw new AssertionError("no pattern rules here");
        }

        @Override
        public void onAggregate(AggregateResult result) {
            results.add(result);
        }

        @Override
        public void onLateEvent(String key, Event event, long watermark) {
            late.add(event);
        }

        List<String> strings() {
            return results.stream().map(r -> r.key() + ":" + r.windowStart() + "-" + r.windowEnd() + " " + r.values()).toList();
        }
    }

    private final Out out = new Out();
    private CepEngine engine;
    private long id;

    private AggregateRulesTest with(AggregateRule rule) {
        engine = CepEngine.builder().aggregateRule(rule).output(out).build();
        return this;
    }

    private AggregateRulesTest at(long ts, long amount) {
        return at("k", ts, amount);
    }

    private AggregateRulesTest at(String key, long ts, long amount) {
        engine.process(key, Event.of(++id, ts, "pay", "p" + id, amount));
        return this;
    }

    private AggregateRulesTest watermark(long wm) {
        engine.advanceWatermark(wm);
        return this;
    }

    private static AggregateRule countAtLeast(Window window, long n) {
        return AggregateRule.of("r", window, List.of(Measure.count("n"), Measure.of("total", Measure.Kind.SUM, AMOUNT)),
                v -> (Long) v.get("n") >= n);
    }

    // ------------------------------------------------------------------ sliding

    @ParameterizedTest(name = "third event {0} ms after the first -> fires: {1}")
    @CsvSource({"9999, true", "10000, false", "10001, false"})
    void slidingWindowBoundary(long third, boolean fires) {
        with(countAtLeast(Window.sliding(Duration.ofSeconds(10)), 3)).at(1_000, 1).at(5_000, 1).at(1_000 + third, 1).watermark(100_000);
        assertThat(out.results).hasSize(fires ? 1 : 0);
        if (fires) {
            AggregateResult r = out.results.get(0);
            assertThat(r.windowStart()).isEqualTo(1_000 + third - 10_000 + 1);
            assertThat(r.windowEnd()).isEqualTo(1_000 + third + 1);
            assertThat(r.values()).containsEntry("n", 3L).containsEntry("total", 3L);
            assertThat(r.triggerEventId()).isEqualTo(3);
            assertThat(r.eventCount()).isEqualTo(3);
        }
    }

    @Test
    void aBurstFiresOnceAndReArmsWhenTheConditionDrops() {
        with(countAtLeast(Window.sliding(Duration.ofSeconds(10)), 5));
        for (int i = 0; i < 50; i++) {
            at(1_000 + i * 100L, 1);
        }
        watermark(20_000);
        assertThat(out.results).hasSize(1);
        assertThat(out.results.get(0).values()).containsEntry("n", 5L);
        // 20 s later the window holds one event: the condition is false, the rule re-arms
        at(40_000, 1).at(40_100, 1).at(40_200, 1).at(40_300, 1).at(40_400, 1).watermark(50_000);
        assertThat(out.results).hasSize(2);
    }

    @Test
    void rearmAfterFiresAgainWhileTheConditionHolds() {
        with(countAtLeast(Window.sliding(Duration.ofSeconds(10)), 2).rearmAfter(Duration.ofSeconds(3)));
        for (int i = 0; i < 10; i++) {
            at(1_000 + i * 1_000L, 1);
        }
        watermark(100_000);
        // fires at 2 s, then again once 3 s have passed: 5 s, 8 s
        assertThat(out.results).extracting(AggregateResult::timestamp).containsExactly(2_000L, 5_000L, 8_000L);
    }

    @Test
    void slidingMinMaxAvgDistinctFirstLastFollowExpiry() {
        AggregateRule rule = AggregateRule.of("r", Window.sliding(Duration.ofSeconds(10)), List.of(
                Measure.of("min", Measure.Kind.MIN, AMOUNT), Measure.of("max", Measure.Kind.MAX, AMOUNT),
                Measure.of("avg", Measure.Kind.AVG, AMOUNT), Measure.of("distinct", Measure.Kind.COUNT_DISTINCT, AMOUNT),
                Measure.of("first", Measure.Kind.FIRST, AMOUNT), Measure.of("last", Measure.Kind.LAST, AMOUNT)),
                v -> true).rearmAfter(Duration.ofMillis(1));
        with(rule).at(1_000, 5).at(2_000, 9).at(3_000, 1).at(4_000, 9).at(12_500, 7).watermark(100_000);
        assertThat(out.results).extracting(r -> r.values().toString()).containsExactly(
                "{min=5, max=5, avg=5.0, distinct=1, first=5, last=5}",
                "{min=5, max=9, avg=7.0, distinct=2, first=5, last=9}",
                "{min=1, max=9, avg=5.0, distinct=3, first=5, last=1}",
                "{min=1, max=9, avg=6.0, distinct=3, first=5, last=9}",
                // at 12.5 s the events at 1 s and 2 s have left the window
                "{min=1, max=9, avg=5.666666666666667, distinct=3, first=1, last=7}");
    }

    @Test
    void countWhereAndRatio() {
        AggregateRule rule = AggregateRule.of("r", Window.sliding(Duration.ofMinutes(5)), List.of(
                Measure.countIf("failed", e -> (Long) e.get(AMOUNT) == 0), Measure.count("all")),
                v -> (Long) v.get("all") >= 4 && (double) (Long) v.get("failed") / (Long) v.get("all") > 0.5);
        with(rule).at(1_000, 0).at(2_000, 1).at(3_000, 0).at(4_000, 1).at(5_000, 0).watermark(10_000);
        assertThat(out.strings()).containsExactly("k:-294999-5001 {failed=3, all=5}");
    }

    @Test
    void distinctCountsAreCappedAndTheOverflowCounted() {
        AggregateRule rule = AggregateRule.of("r", Window.sliding(Duration.ofMinutes(5)),
                List.of(Measure.of("accounts", Measure.Kind.COUNT_DISTINCT, AMOUNT)), v -> (Long) v.get(0) >= 2).maxDistinct(2);
        with(rule).at(1_000, 1).at(2_000, 2).at(3_000, 3).at(4_000, 4).watermark(10_000);
        assertThat(out.results).hasSize(1);
        assertThat(engine.metrics().distinctOverflow()).isEqualTo(2);
    }

    @Test
    void aSlidingWindowKeepsAtMostTheCapAndCountsWhatItDrops() {
        AggregateRule rule = AggregateRule.of("r", Window.sliding(Duration.ofMinutes(10)), List.of(Measure.count("n")),
                v -> (Long) v.get(0) >= 3).rearmAfter(Duration.ofMillis(1));
        engine = CepEngine.builder().aggregateRule(rule).maxPartialMatches(3).output(out).build();
        for (int i = 0; i < 6; i++) {
            at(1_000 + i, 1);
        }
        watermark(10_000);
        assertThat(out.results).extracting(r -> r.values().get("n")).containsOnly(3L).hasSize(4);
        assertThat(engine.metrics().windowEventsDropped()).isEqualTo(3);
    }

    @Test
    void filterSelectsTheEventsAndKeysAreSeparate() {
        AggregateRule rule = countAtLeast(Window.sliding(Duration.ofSeconds(10)), 2)
                .filter(Condition.fieldEquals(Harness.TYPE, "pay"));
        with(rule).at("a", 1_000, 1).at("b", 2_000, 1);
        engine.process("b", Event.of(99, 2_500, "refund", "x", 1L));
        at("a", 3_000, 1).watermark(20_000);
        assertThat(out.strings()).containsExactly("a:-6999-3001 {n=2, total=2}");
    }

    // ------------------------------------------------------------------ tumbling, hopping, session

    @Test
    void tumblingWindowClosesOnTheWatermarkAloneAndKeepsItsBoundary() {
        with(countAtLeast(Window.tumbling(Duration.ofSeconds(10)), 1)).at(0, 1).at(9_999, 2).at(10_000, 4);
        watermark(9_999);
        assertThat(out.results).isEmpty();
        watermark(10_000);
        assertThat(out.strings()).containsExactly("k:0-10000 {n=2, total=3}");
        assertThat(out.results.get(0).timestamp()).isEqualTo(10_000);
        watermark(30_000); // idle stream: the second window closes with no further event
        assertThat(out.strings()).containsExactly("k:0-10000 {n=2, total=3}", "k:10000-20000 {n=1, total=4}");
    }

    @Test
    void tumblingWindowsOnlyFireWhenTheConditionHolds() {
        with(countAtLeast(Window.tumbling(Duration.ofSeconds(10)), 2)).at(1_000, 1).at(11_000, 1).at(12_000, 1).watermark(50_000);
        assertThat(out.strings()).containsExactly("k:10000-20000 {n=2, total=2}");
    }

    @Test
    void hoppingWindowsOverlap() {
        with(countAtLeast(Window.hopping(Duration.ofSeconds(10), Duration.ofSeconds(5)), 1)).at(7_000, 1).at(12_000, 2).watermark(50_000);
        assertThat(out.strings()).containsExactly(
                "k:0-10000 {n=1, total=1}", "k:5000-15000 {n=2, total=3}", "k:10000-20000 {n=1, total=2}");
    }

    @Test
    void sessionsSplitAtTheGapAndCloseOnTheWatermark() {
        with(countAtLeast(Window.session(Duration.ofSeconds(5)), 1)).at(0, 1).at(3_000, 1).at(7_999, 1).at(13_000, 5);
        watermark(12_999);
        assertThat(out.strings()).containsExactly("k:0-8000 {n=3, total=3}");
        watermark(17_999);
        assertThat(out.results).hasSize(1);
        watermark(18_000);
        assertThat(out.strings()).containsExactly("k:0-8000 {n=3, total=3}", "k:13000-13001 {n=1, total=5}");
    }

    @Test
    void inProcessingTimeATumblingWindowClosesAsTheClockAdvances() {
        engine = CepEngine.builder().timeMode(TimeMode.PROCESSING_TIME)
                .aggregateRule(countAtLeast(Window.tumbling(Duration.ofSeconds(10)), 1)).output(out).build();
        engine.advanceProcessingTime(1_000);
        engine.process("k", Event.of(1, 0, "pay", "p1", 5L)); // its own timestamp is ignored
        engine.advanceProcessingTime(9_999);
        assertThat(out.results).isEmpty();
        engine.advanceProcessingTime(10_000);
        assertThat(out.strings()).containsExactly("k:0-10000 {n=1, total=5}");
    }

    @Test
    void lateEventsAreReportedAndNotCounted() {
        with(countAtLeast(Window.tumbling(Duration.ofSeconds(10)), 1)).at(1_000, 1).watermark(5_000).at(4_000, 7).watermark(20_000);
        assertThat(out.strings()).containsExactly("k:0-10000 {n=1, total=1}");
        assertThat(out.late).extracting(Event::id).containsExactly(2L);
    }

    @Test
    void aThrowingThresholdIsARuleErrorAndTheEngineGoesOn() {
        List<RuntimeException> errors = new ArrayList<>();
        AggregateRule broken = AggregateRule.of("broken", Window.sliding(Duration.ofSeconds(10)), List.of(Measure.count("n")),
                v -> {
                    throw new IllegalStateException("bad threshold");
                });
        AggregateRule sum = AggregateRule.of("sum", Window.tumbling(Duration.ofSeconds(10)),
                List.of(Measure.of("s", Measure.Kind.SUM, AMOUNT)), v -> true);
        engine = CepEngine.builder().aggregateRule(broken).aggregateRule(sum).output(new EngineOutput() {
            @Override
            public void onMatch(Match match) {
            }

            @Override
            public void onAggregate(AggregateResult result) {
                out.results.add(result);
            }

            @Override
            public void onRuleError(io.cepheus.core.RuleId rule, String key, RuntimeException error) {
                errors.add(error);
            }
        }).build();
        at(1_000, 1);
        engine.process("k", Event.of(++id, 2_000, "pay", "p", "not a number")); // a SUM over a string
        watermark(20_000);
        assertThat(errors).extracting(Throwable::getMessage).contains("bad threshold");
        assertThat(errors).hasSizeGreaterThanOrEqualTo(3);
        assertThat(engine.metrics().ruleErrors()).isEqualTo(errors.size());
    }

    @Test
    void aRemovedAggregateRulesStateIsDroppedWhenTheKeyIsNextSaved() {
        with(countAtLeast(Window.sliding(Duration.ofMinutes(10)), 100)).at("k", 1_000, 1).watermark(2_000);
        assertThat(engine.keysWithState()).isEqualTo(1);
        assertThat(engine.removeRule(io.cepheus.core.RuleId.of("r"))).isTrue();
        engine.addAggregateRule(AggregateRule.of("other", Window.tumbling(Duration.ofSeconds(1)), List.of(Measure.count("n")),
                v -> false).filter(io.cepheus.core.pattern.Condition.fieldEquals(Harness.TYPE, "none")));
        at("k", 3_000, 1).watermark(4_000);
        assertThat(engine.keysWithState()).isZero();
    }

    @Test
    void patternAndAggregateRulesShareTheEngine() {
        Harness h = Harness.of(Rule.of("unused", Harness.step("z")));
        List<AggregateResult> results = new ArrayList<>();
        CepEngine e = CepEngine.builder().rule(Rule.of("p", Harness.step("a")))
                .aggregateRule(countAtLeast(Window.tumbling(Duration.ofSeconds(10)), 2))
                .output(new EngineOutput() {
                    @Override
                    public void onMatch(Match match) {
                        h.matches.add(match);
                    }

                    @Override
                    public void onAggregate(AggregateResult result) {
                        results.add(result);
                    }
                }).build();
        e.process("k", Harness.event(1, 1_000, "a1"));
        e.process("k", Harness.event(2, 2_000, "b1"));
        e.advanceWatermark(Long.MAX_VALUE - 1);
        assertThat(h.matchStrings()).containsExactly("a1");
        assertThat(results).hasSize(1);
        assertThat(e.aggregateRules()).hasSize(1);
    }
}
