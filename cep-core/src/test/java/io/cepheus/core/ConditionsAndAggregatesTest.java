package io.cepheus.core;

import static io.cepheus.core.Harness.AMOUNT;
import static io.cepheus.core.Harness.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.pattern.AfterMatchSkip;
import io.cepheus.core.pattern.Aggregate;
import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Sequence;
import io.cepheus.core.pattern.Step;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Iterative conditions over the bound events and incremental aggregates. */
class ConditionsAndAggregatesTest {

    private static final int COUNT = 0;
    private static final int SUM = 1;
    private static final int FIRST_A = 2;
    private static final int LAST_A = 3;
    private static final int MIN = 4;
    private static final int MAX = 5;
    private static final int AVG = 6;

    private static final List<Aggregate> AGGREGATES = List.of(
            Aggregate.count("a"),
            Aggregate.of("a", Aggregate.Kind.SUM, AMOUNT),
            Aggregate.first("a"),
            Aggregate.last("a"),
            Aggregate.of("a", Aggregate.Kind.MIN, AMOUNT),
            Aggregate.of("a", Aggregate.Kind.MAX, AMOUNT),
            Aggregate.of("a", Aggregate.Kind.AVG, AMOUNT));

    @Test
    void conditionOnTheSumOfALoop() {
        Step b = step("b").quantified(io.cepheus.core.pattern.Quantifier.once());
        Step bigB = Step.of("b", Condition.fieldEquals(Harness.TYPE, "b").and((e, ctx) -> (Long) ctx.aggregate(SUM) > 10));
        Rule rule = Rule.of("r", Sequence.begin(step("a").oneOrMore().consecutive()).next(bigB).build())
                .aggregates(AGGREGATES).skip(AfterMatchSkip.skipPastLastEvent());
        Harness h = Harness.of(rule);
        h.send("k", "a1", 5).send("k", "a2", 4).send("k", "b1", 0)   // 9: no
                .send("k", "a3", 6).send("k", "a4", 6).send("k", "b2", 0) // 12: yes
                .end();
        assertThat(h.matchStrings()).containsExactly("a3 a4 b2");
        assertThat(b.name()).isEqualTo("b");
    }

    @Test
    void aggregatesSeeOnlyTheEventsAlreadyBound() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        Step a = Step.of("a", Condition.fieldEquals(Harness.TYPE, "a").and((e, ctx) -> {
            seen.add(ctx.aggregate(COUNT) + "/" + ctx.aggregate(SUM) + "/" + name(ctx.aggregate(FIRST_A)) + "/"
                    + name(ctx.aggregate(LAST_A)) + "/" + ctx.aggregate(MIN) + "/" + ctx.aggregate(MAX) + "/" + ctx.aggregate(AVG)
                    + "/" + ctx.events("a").size());
            return true;
        })).oneOrMore().consecutive();
        Rule rule = Rule.of("r", Sequence.begin(a).next(step("b")).build()).aggregates(AGGREGATES)
                .skip(AfterMatchSkip.skipPastLastEvent());
        Harness h = Harness.of(rule);
        h.send("k", "a1", 5).send("k", "a2", 3).send("k", "a3", 7).send("k", "b1", 0).end();
        assertThat(h.matchStrings()).containsExactly("a1 a2 a3 b1");
        // the first a is tested from the start (nothing bound); later ones see their predecessors
        assertThat(seen).contains("0/null/null/null/null/null/null/0", "1/5/a1/a1/5/5/5.0/1", "2/8/a1/a2/3/5/4.0/2");
    }

    private static String name(Object event) {
        return event == null ? "null" : (String) ((Event) event).get(Harness.NAME);
    }

    @Test
    void referenceToTheFirstEventOfAnotherStep() {
        Step b = Step.of("b", Condition.fieldEquals(Harness.TYPE, "b")
                .and((e, ctx) -> e.getLong(AMOUNT) > ((Event) ctx.aggregate(0)).getLong(AMOUNT)));
        Rule rule = Rule.of("r", Sequence.begin(step("a")).followedBy(b).build()).aggregates(List.of(Aggregate.first("a")));
        Harness h = Harness.of(rule);
        h.send("k", "a1", 10).send("k", "b1", 5).send("k", "b2", 11).end();
        assertThat(h.matchStrings()).containsExactly("a1 b2");
    }

    @Test
    void lastEventIsThePreviousBoundEventWhateverItsStep() {
        // a rising run: each b is above the event bound just before it (an a or a b)
        Step rise = Step.of("b", Condition.fieldEquals(Harness.TYPE, "b")
                .and((e, ctx) -> e.getLong(AMOUNT) > ctx.lastEvent().getLong(AMOUNT))).oneOrMore().consecutive();
        Rule rule = Rule.of("r", Sequence.begin(step("a")).next(rise).next(step("c")).build());
        Harness h = Harness.of(rule);
        h.send("k", "a1", 5).send("k", "b1", 6).send("k", "b2", 8).send("k", "c1", 0)
                .send("k", "a2", 5).send("k", "b3", 6).send("k", "b4", 6).send("k", "c2", 0).end();
        assertThat(h.matchStrings()).containsExactly("a1 b1 b2 c1");
    }

    @Test
    void rulesValidateWithoutAnEngine() {
        Rule bad = Rule.of("r", Sequence.begin(step("a")).followedBy(step("b").oneOrMore().greedy()).build())
                .skip(io.cepheus.core.pattern.AfterMatchSkip.skipToFirst("c"));
        org.assertj.core.api.Assertions.assertThatThrownBy(bad::validate)
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rule r: the skip strategy names step 'c'");
        Rule.of("ok", step("a")).validate();
    }

    @Test
    void decimalSumsStayExact() {
        Step b = Step.of("b", Condition.fieldEquals(Harness.TYPE, "b")
                .and((e, ctx) -> ((BigDecimal) ctx.aggregate(0)).compareTo(new BigDecimal("0.3")) == 0));
        Rule rule = Rule.of("r", Sequence.begin(step("a").oneOrMore().consecutive()).next(b).build())
                .aggregates(List.of(Aggregate.of("a", Aggregate.Kind.SUM, 2)));
        Harness h = Harness.of(rule);
        h.engine.process("k", Event.of(1, 1000, "a", "a1", new BigDecimal("0.1")));
        h.engine.process("k", Event.of(2, 2000, "a", "a2", new BigDecimal("0.2")));
        h.engine.process("k", Event.of(3, 3000, "b", "b1", BigDecimal.ZERO));
        h.end();
        assertThat(h.matchStrings()).containsExactly("a1 a2 b1");
    }

    @Test
    void aConditionThatThrowsIsAReportedRuleErrorAndOtherRulesGoOn() {
        Rule broken = Rule.of("broken", Step.of("a", (e, ctx) -> {
            throw new IllegalStateException("boom");
        }));
        Rule fine = Rule.of("fine", step("a"));
        Harness h = Harness.of(broken, fine);
        h.send("k", "a1").end();
        assertThat(h.matchStrings()).containsExactly("a1");
        assertThat(h.errors).extracting(Throwable::getMessage).containsExactly("boom");
        assertThat(h.engine.metrics().ruleErrors()).isEqualTo(1);
    }

    @Test
    void skipToFirstWithFailOnMissReportsAnErrorAndStillEmits() {
        Rule rule = Rule.of("r", Sequence.begin(step("a")).followedBy(step("b").optional()).followedBy(step("c")).build())
                .skip(new AfterMatchSkip.SkipToFirst("b", true));
        Harness h = Harness.of(rule);
        h.run("a c");
        assertThat(h.matchStrings()).containsExactly("a c");
        assertThat(h.errors).extracting(Throwable::getMessage)
                .containsExactly("rule r: cannot skip to first(b): no event is bound to b in the match");
    }

    @Test
    void skipToFirstOnTheMatchsOwnFirstEventIsAnErrorWhenAsked() {
        Rule rule = Rule.of("r", Sequence.begin(step("a")).followedBy(step("c")).build())
                .skip(new AfterMatchSkip.SkipToFirst("a", true));
        Harness h = Harness.of(rule);
        h.run("a c");
        assertThat(h.errors).extracting(Throwable::getMessage)
                .containsExactly("rule r: cannot skip to first(a): it is the first event of the match, so no progress is made");
    }

    @Test
    void skipTargetMissingFallsBackToNoSkipByDefault() {
        Rule rule = Rule.of("r", Sequence.begin(step("a")).followedByAny(step("b").optional()).followedByAny(step("c")).build())
                .skip(AfterMatchSkip.skipToFirst("b")).within(java.time.Duration.ofSeconds(10));
        Harness h = Harness.of(rule);
        h.send("k", "a1").send("k", "a2").send("k", "c").watermark(5_000);
        // a2 c waits behind the partial match that a1 keeps open, until its window closes
        assertThat(h.matchStrings()).containsExactly("a1 c");
        h.end();
        assertThat(h.matchStrings()).containsExactly("a1 c", "a2 c");
        assertThat(h.errors).isEmpty();
    }
}
