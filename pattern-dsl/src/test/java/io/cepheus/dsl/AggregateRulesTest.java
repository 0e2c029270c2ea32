package io.cepheus.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.AggregateResult;
import io.cepheus.core.CepEngine;
import io.cepheus.core.EngineOutput;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Aggregate rules, baselines and chaining written as text, run through cep-core at their edges. */
class AggregateRulesTest {

    private static final String STREAM = "stream p { key k fields { k: string amount: long status: string u: string ts: timestamp } }\n";

    /** One engine for one rule, fed events {@code (ts, amount, status, user)} of key k1. */
    private static final class Run implements EngineOutput {
        final CompiledRules rules;
        final CompiledRule rule;
        final CepEngine engine;
        final List<AggregateResult> results = new ArrayList<>();
        final List<Match> matches = new ArrayList<>();
        final List<Long> late = new ArrayList<>();
        long id;

        Run(String rule, String name) {
            rules = RuleLanguage.compile(Source.of("t.cep", STREAM + rule));
            this.rule = rules.rule(name);
            CepEngine.Builder b = CepEngine.builder().output(this);
            this.rule.baselines().forEach(b::baseline);
            engine = (this.rule.isAggregate() ? b.aggregateRule(this.rule.aggregateRule()) : b.rule(this.rule.rule())).build();
        }

        Run send(long ts, long amount, String status, String user) {
            Event e = rule.stream().event(++id, ts, "k", "k1", "amount", amount, "status", status, "u", user, "ts", ts);
            engine.process(rule.partitionKey(e), e);
            return this;
        }

        Run send(long ts, long amount) {
            return send(ts, amount, "ok", "u" + amount);
        }

        Run watermark(long wm) {
            engine.advanceWatermark(wm);
            return this;
        }

        @Override
        public void onMatch(Match match) {
            matches.add(match);
        }

        @Override
        public void onAggregate(AggregateResult result) {
            results.add(result);
        }

        @Override
        public void onLateEvent(String key, Event event, long watermark) {
            late.add(event.id());
        }

        List<String> windows() {
            return results.stream().map(r -> r.windowStart() + ".." + r.windowEnd() + " " + rule.render(r).values()).toList();
        }
    }

    @ParameterizedTest(name = "third event {0} ms after the first -> fires: {1}")
    @CsvSource({"9999, true", "10000, false", "10001, false"})
    void slidingWindowEdge(long third, boolean fires) {
        Run r = new Run("rule r { from p aggregate over last 10s { n: count() total: sum(amount) } when n >= 3 }", "r");
        r.send(1_000, 1).send(5_000, 2).send(1_000 + third, 4).watermark(100_000);
        assertThat(r.windows()).hasSize(fires ? 1 : 0);
        if (fires) {
            assertThat(r.windows().get(0)).isEqualTo((third - 9_000 + 1) + ".." + (1_000 + third + 1) + " {n=3, total=7}");
        }
    }

    @Test
    void aBurstFiresOnceAndReArmsWhenTheConditionDrops() {
        Run r = new Run("rule r { from p aggregate over last 10s { } when count() >= 3 }", "r");
        for (int i = 0; i < 50; i++) {
            r.send(1_000 + i * 10L, 1);
        }
        r.send(30_000, 1).send(30_001, 1).send(30_002, 1).watermark(100_000);
        assertThat(r.results).extracting(AggregateResult::triggerEventId).containsExactly(3L, 53L);
        // without names, the alert shows every measure by its text
        assertThat(r.rule.render(r.results.get(0)).values()).containsEntry("count()", 3L);
    }

    @Test
    void suppressOnASlidingWindowAlsoRearmsAfterItsDuration() {
        Run r = new Run("rule r { from p aggregate over last 10s { } when count() >= 2 suppress for 3s }", "r");
        for (int i = 0; i < 10; i++) {
            r.send(1_000 + i * 1_000L, 1);
        }
        r.watermark(100_000);
        assertThat(r.results).extracting(AggregateResult::timestamp).containsExactly(2_000L, 5_000L, 8_000L);
        assertThat(r.rule.aggregateRule().rearmAfter()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void tumblingWindowClosesOnTheWatermarkAloneAndLateEventsAreReported() {
        Run r = new Run("rule r { from p aggregate every 10s { total: sum(amount) } when total >= 3 }", "r");
        r.send(0, 1).send(9_999, 2).send(10_000, 4).watermark(9_999);
        assertThat(r.results).isEmpty();
        r.watermark(10_000).send(5_000, 100).watermark(50_000);
        assertThat(r.windows()).containsExactly("0..10000 {total=3}", "10000..20000 {total=4}");
        assertThat(r.late).containsExactly(4L);
    }

    @Test
    void hoppingWindowsOverlapAndSessionsSplitAtTheGap() {
        Run hop = new Run("rule r { from p aggregate every 5s over last 10s { n: count() } when n >= 1 }", "r");
        hop.send(7_000, 1).send(12_000, 2).watermark(50_000);
        assertThat(hop.windows()).containsExactly("0..10000 {n=1}", "5000..15000 {n=2}", "10000..20000 {n=1}");
        Run session = new Run("rule r { from p aggregate session gap 5s { n: count() } when n >= 2 }", "r");
        // 4999 ms apart: one session; 5000 ms apart (exactly the gap): a new one, which stays alone
        session.send(0, 1).send(4_999, 1).send(9_999, 1).send(20_000, 1).send(24_999, 1).watermark(100_000);
        assertThat(session.windows()).containsExactly("0..5000 {n=2}", "20000..25000 {n=2}");
    }

    @Test
    void countIfRatiosDistinctFirstLastAndWindowBounds() {
        Run r = new Run("""
                rule r {
                  from p
                  aggregate over last 1m {
                    failed: count(status == "failed")
                    rate: failed * 1.0 / count()
                    users: count distinct lower(u)
                    first_u: first(u)
                    last_at: last(ts)
                  }
                  when count() >= 4 and rate >= 0.5
                  alert { summary "${failed} of ${count()} from ${window_start()}" }
                }""", "r");
        r.send(1_000, 1, "failed", "A").send(2_000, 1, "ok", "a").send(3_000, 1, "failed", "b").send(4_000, 1, "ok", "c")
                .watermark(100_000);
        assertThat(r.results).hasSize(1);
        Alert alert = r.rule.render(r.results.get(0));
        assertThat(alert.kind()).isEqualTo(Alert.Kind.AGGREGATE);
        assertThat(alert.values()).containsEntry("failed", 2L).containsEntry("rate", new java.math.BigDecimal("0.5"))
                .containsEntry("users", 3L).containsEntry("first_u", "A").containsEntry("last_at", Instant.ofEpochMilli(4_000));
        // the window of the event at 4 s is (4 s - 1 m, 4 s]
        assertThat(alert.summary()).isEqualTo("2 of 4 from 1969-12-31T23:59:04.001Z");
    }

    @Test
    void aFilterIsIndexedAndSelectsTheEvents() {
        Run r = new Run("rule r { from p filter status == \"pay\" and amount > 0 aggregate over last 1m { } when count() >= 2 }", "r");
        r.send(1_000, 1, "pay", "a").send(2_000, 0, "pay", "b").send(3_000, 1, "refund", "c").send(4_000, 1, "pay", "d")
                .watermark(100_000);
        assertThat(r.results).extracting(AggregateResult::triggerEventId).containsExactly(4L);
        assertThat(r.rule.aggregateRule().filter()).isInstanceOf(io.cepheus.core.pattern.Condition.And.class);
    }

    @Test
    void baselinesInAStepConditionAndInWhen() {
        // a payment above three times the key's average (excluding itself) of the last 10 s
        Run step = new Run("rule r { from p pattern big where big: amount > 3 * avg(amount) over last 10s }", "r");
        step.send(1_000, 10).send(2_000, 10).send(3_000, 31).send(4_000, 60).send(5_000, 83).watermark(100_000);
        // 31 > 3 x 10; 60 > 3 x 17; 83 < 3 x 27.75 = 83.25
        assertThat(step.matches).extracting(m -> m.allEvents().get(0).id()).containsExactly(3L, 4L);
        assertThat(step.rule.baselines()).extracting(io.cepheus.core.window.Baseline::name)
                .containsExactly("avg(amount) over last 10s");
        Run when = new Run("rule r { from p aggregate over last 1s { total: sum(amount) } "
                + "when total > 3 * avg(amount) over last 10s }", "r");
        when.send(1_000, 10).send(3_000, 10).send(5_000, 40).watermark(100_000);
        assertThat(when.results).extracting(AggregateResult::triggerEventId).containsExactly(3L);
    }

    @Test
    void prevReadsTheEventBoundLast() {
        Run r = new Run("rule r { from p pattern a b+? c where a: amount > 0 b: amount > prev(amount) c: amount < prev(amount) }", "r");
        r.send(1_000, 1).send(2_000, 2).send(2_000, 3).send(3_000, 1).watermark(100_000);
        // events 2 and 3 share a timestamp: prev is the event bound last, not the latest by time
        assertThat(r.matches).extracting(m -> m.allEvents().stream().map(Event::id).toList())
                .containsExactly(List.of(1L, 2L, 3L, 4L), List.of(2L, 3L, 4L));
    }

    @Test
    void alertsOfARuleAreTypedEventsOfTheRulesThatReadThem() {
        CompiledRules rules = RuleLanguage.compile(Source.of("t.cep", STREAM + """
                rule burst { from p aggregate over last 10s { n: count() } when n >= 2
                  alert { n: n at: last(ts) } }
                rule twice { from alerts(burst) pattern a -> b where a: n >= 2 b: at - a.at < 1m }
                """));
        CompiledRule twice = rules.rule("twice");
        assertThat(twice.readsAlertsOf()).contains("burst");
        assertThat(twice.stream().fields()).extracting(f -> f.name() + ":" + f.type().keyword())
                .containsExactly("key:string", "time:timestamp", "n:long", "at:timestamp");
        assertThat(twice.partitionBy()).isEmpty();
        Run up = new Run("rule burst { from p aggregate over last 10s { n: count() } when n >= 2 "
                + "alert { n: n at: last(ts) } }", "burst");
        up.send(1_000, 1).send(2_000, 1).watermark(100_000);
        Alert alert = up.rule.render(up.results.get(0));
        assertThat(alert.fields()).containsEntry("at", Instant.ofEpochMilli(2_000));
        Event event = twice.alertEvent(alert);
        assertThat(event.id()).isEqualTo(2L);
        assertThat(event.timestamp()).isEqualTo(2_000L);
        assertThat(twice.partitionKey(event)).isEqualTo("k1");
        assertThat(event.get(3)).isEqualTo(2_000L);
    }

    @Test
    void aggregateRulesFormatCanonicallyAndRoundTrip() {
        String text = STREAM + "rule r { from alerts(x) filter n > 1 aggregate every 5m over last 1h { a: count distinct u "
                + "b: sum(amount) } when a > 3 * avg(amount) over last 30d }";
        String formatted = RuleLanguage.format(text);
        assertThat(formatted).contains("""
                rule r {
                  from alerts(x)
                  filter n > 1
                  aggregate every 5m over last 1h {
                    a: count distinct u
                    b: sum(amount)
                  }
                  when a > 3 * avg(amount) over last 30d
                }""");
        FormatterTest.assertRoundTrip(text);
        FormatterTest.assertRoundTrip(STREAM + "rule r { from p aggregate session gap 30m { } when count() > 1 }");
        FormatterTest.assertRoundTrip(STREAM + "rule r { from p aggregate over last 10m { } when count() > 1 }");
        FormatterTest.assertRoundTrip(STREAM + "rule r { from p aggregate every 1h { } when count() > 1 }");
    }
}
