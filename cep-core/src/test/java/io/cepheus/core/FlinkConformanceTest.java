package io.cepheus.core;

import static io.cepheus.core.Harness.AMOUNT;
import static io.cepheus.core.Harness.TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.pattern.AfterMatchSkip;
import io.cepheus.core.pattern.Aggregate;
import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Contiguity;
import io.cepheus.core.pattern.Group;
import io.cepheus.core.pattern.Pattern;
import io.cepheus.core.pattern.Quantifier;
import io.cepheus.core.pattern.Sequence;
import io.cepheus.core.pattern.Step;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for the differences from Flink CEP 2.3 that load-tests' FlinkDifferentialTest
 * found (issue 18), with the results Flink's own NFA gives. Events are written {@code a45}: type
 * {@code a}, line 45; the value {@code v} and the timestamp are given with each.
 */
class FlinkConformanceTest {

    private record In(String name, long v, long ts) {}

    private static In in(String name, long v, long ts) {
        return new In(name, v, ts);
    }

    private static List<String> run(Rule rule, In... events) {
        Harness h = Harness.of(rule);
        for (In e : events) {
            h.sendAt("k", e.ts(), e.name(), e.v());
        }
        return h.end().matchStrings();
    }

    private static Condition type(String t) {
        return Condition.fieldEquals(TYPE, t);
    }

    private static Condition v(java.util.function.LongPredicate p) {
        return Condition.of(e -> p.test(e.getLong(AMOUNT)));
    }

    /** A held match is released when the partial match it waited on dies (it used to wait forever). */
    @Test
    void heldMatchIsReleasedWhenTheMatchItWaitedOnDies() {
        Rule rule = Rule.of("r", new Step("s1", v(x -> x >= 4), Quantifier.oneOrMore().withInner(
                        io.cepheus.core.pattern.Contiguity.STRICT), null))
                .within(Duration.ofMillis(10)).skip(AfterMatchSkip.skipToFirst("s1"));
        assertThat(run(rule, in("a45", 5, 2041), in("b46", 7, 2044), in("a47", 8, 2044), in("d48", 2, 2045),
                in("b49", 9, 2050), in("d51", 8, 2055), in("a52", 1, 2056)))
                .containsExactly("a45", "a45 b46", "a45 b46 a47", "b46", "b46 a47", "a47", "b49", "b49 d51", "d51");
    }

    /** Greedy as Flink compiles it: the step after the loop cannot act on an event the loop can take. */
    @Test
    void greedyLoopThenStrictNegationThenStep() {
        Pattern p = Sequence.begin(Step.of("s1", type("b")).oneOrMore().greedy()).notNext(Step.of("s2", type("d")))
                .followedBy(Step.of("s3", v(x -> x > 5)))
                .notFollowedBy(Step.of("s4", type("c").or(type("d")).and(v(x -> x < 4)))).build();
        Rule rule = Rule.of("r", p).within(Duration.ofMillis(80));
        assertThat(run(rule, in("b6", 1, 1452), in("d9", 2, 1454), in("a10", 8, 1454))).isEmpty();
    }

    /** The same completed match is not emitted twice: {1,7} when 11 is not a d, {1,7,12} when 15 is not. */
    @Test
    void greedyAtLeastTwoThenNotNextEmitsOnce() {
        Condition s2 = type("d").and((e, ctx) -> {
            Event first = (Event) ctx.aggregate(0);
            return first != null && e.getLong(AMOUNT) >= first.getLong(AMOUNT);
        });
        Pattern p = Sequence.begin(Step.of("s1", v(x -> x < 3)).timesOrMore(2).greedy()).notNext(Step.of("s2", s2)).build();
        Rule rule = Rule.of("r", p).skip(AfterMatchSkip.skipToFirst("s1")).aggregates(List.of(Aggregate.first("s1")));
        assertThat(run(rule, in("b1", 2, 1656), in("c3", 6, 1660), in("a6", 8, 1665), in("b7", 1, 1665),
                in("a11", 4, 1680), in("c12", 1, 1681), in("b15", 4, 1781)))
                .containsExactly("b1 b7", "b1 b7 c12");
    }

    /** A time advance times out everything due by then at once, so a released match prunes no timeout. */
    @Test
    void timeoutsDueTogetherAreAllReported() {
        Pattern p = Sequence.begin(Step.of("s1", type("d")).timesOrMore(2).allowCombinations())
                .notFollowedBy(Step.of("s2", type("b").or(type("c")))).build();
        Rule rule = Rule.of("r", p).within(Duration.ofMillis(8)).skip(AfterMatchSkip.skipPastLastEvent()).reportingTimeouts();
        assertThat(run(rule, in("d12", 2, 1911), in("d13", 4, 1917), in("d14", 5, 1917)))
                .containsExactlyInAnyOrder("absence(d12 d13)", "timeout(d12 d13 d14)", "timeout(d12 d13)", "timeout(d12 d14)",
                        "timeout(d12)", "timeout(d13 d14)", "timeout(d13)", "timeout(d14)");
    }

    /** Absences released by one time advance come out in Flink's queue order, not by their events. */
    @Test
    void absencesOfOneTimeAdvanceComeOutInFlinksQueueOrder() {
        Pattern p = Sequence.begin(Step.of("s1", type("a")).oneOrMore().consecutive())
                .followedByAny(Step.of("s2", Condition.always())).notFollowedBy(Step.of("s3", type("c"))).build();
        Rule rule = Rule.of("r", p).within(Duration.ofMillis(5));
        assertThat(run(rule, in("a1", 0, 1796), in("a3", 8, 1798), in("a5", 1, 1800)))
                .containsExactly("absence(a1 a3 a5)", "absence(a1 a3)", "absence(a1 a5)", "absence(a3 a5)");
    }

    /** Matches that start together survive skip to next in Flink's queue order (issue 18, class 1). */
    @Test
    void matchesThatStartTogetherSurviveTheSkipInFlinksOrder() {
        Pattern p = Sequence.begin(Step.of("s1", type("b")).quantified(Quantifier.zeroOrOne()))
                .followedBy(Step.of("s2", v(x -> x <= 8)).quantified(Quantifier.zeroOrMore()).consecutive())
                .followedBy(Step.of("s3", type("a"))).build();
        Rule rule = Rule.of("r", p).within(Duration.ofMillis(8)).skip(AfterMatchSkip.skipToNext());
        assertThat(run(rule, in("c5", 6, 1139), in("b6", 6, 1141), in("a7", 7, 1141)))
                .containsExactly("c5 b6 a7", "b6 a7", "a7");
    }

    /**
     * A key's time advances only to its own events and to the watermark, as in Flink's CepOperator:
     * an event of another key at 1498 does not advance key j to 1498, so j's six absences are released
     * by one advance, to the final watermark, in Flink's queue order (differential seed 25160; it used
     * to release the three that start with a4 at 1498 alone, in another order).
     */
    @Test
    void anotherKeysEventDoesNotAdvanceAKeysTime() {
        Pattern p = Sequence.begin(Step.of("s1", type("a").or(type("c"))).oneOrMore())
                .notFollowedBy(Step.of("s2", type("c").and(v(x -> x > 9)))).build();
        Harness h = Harness.of(Rule.of("r", p).within(Duration.ofMillis(15)));
        h.sendAt("j", 1483, "a4", 2).sendAt("j", 1484, "c5", 9).sendAt("j", 1484, "c6", 4).sendAt("j", 1497, "a10", 3)
                .sendAt("k", 1498, "a11", 5).end();
        assertThat(h.matches.stream().filter(m -> m.key().equals("j")).map(Harness::format))
                .containsExactly("absence(a4 c5 c6)", "absence(a4 c5)", "absence(a4)", "absence(c5 c6)", "absence(c5)",
                        "absence(c6)");
    }

    /**
     * The same cause with a skip strategy (differential seed 12971): j's event at 1429 used to advance
     * key k to 1429, where the held match {s1:[b4],s2:[c7]} was released and pruned k's partial matches
     * that start with b4 before their window ended at 1436; Flink advances k straight to the final
     * watermark, so they time out with it and are reported.
     */
    @Test
    void anotherKeysEventDoesNotReleaseAHeldMatchEarly() {
        Condition s2 = (e, ctx) -> {
            Object sum = ctx.aggregate(0);
            return (sum == null ? 0 : ((Number) sum).longValue()) + e.getLong(AMOUNT) <= 12;
        };
        Pattern p = Sequence.begin(new Group(Sequence.begin(Step.of("s1", type("b").or(type("c")))).build(),
                        Quantifier.zeroOrMore().withInner(Contiguity.STRICT)))
                .next(Step.of("s2", s2).quantified(Quantifier.zeroOrMore())).build();
        Rule rule = Rule.of("r", p).within(Duration.ofMillis(23)).skip(AfterMatchSkip.skipToFirst("s2")).reportingTimeouts()
                .aggregates(List.of(Aggregate.of("s1", Aggregate.Kind.SUM, AMOUNT)));
        Harness h = Harness.of(rule);
        h.sendAt("k", 1403, "c2", 9).watermark(1398).sendAt("k", 1413, "b4", 9).watermark(1408)
                .sendAt("k", 1421, "c7", 2).watermark(1416).sendAt("j", 1429, "b9", 1).watermark(1424).end();
        List<Match> k = h.matches.stream().filter(m -> m.key().equals("k")).toList();
        assertThat(k.stream().filter(m -> m.kind() != MatchKind.TIMEOUT).map(Harness::format)).containsExactly(
                "c2", "c2", "c2 b4", "c2 b4", "c2 b4 c7", "c2 b4 c7", "b4", "b4 c7", "b4 c7", "c7", "c7");
        assertThat(k.stream().filter(m -> m.kind() == MatchKind.TIMEOUT).map(Harness::format)).containsExactlyInAnyOrder(
                "timeout(c2 b4 c7)", "timeout(c2 b4 c7)", "timeout(b4 c7)", "timeout(b4 c7)", "timeout(b4 c7)",
                "timeout(c7)", "timeout(c7)");
    }

    /** Flink accepts a greedy loop at the end and gives a match at every repetition, as a reluctant one. */
    @Test
    void greedyLoopAtTheEndMatchesAtEveryRepetition() {
        Rule rule = Rule.of("r", Sequence.begin(Harness.step("a")).followedBy(Harness.step("b").oneOrMore().greedy()).build());
        assertThat(Harness.of(rule).run("a b1 c b2")).containsExactly("a b1", "a b1 b2");
    }
}
