package io.cepheus.core;

import static io.cepheus.core.Harness.AMOUNT;
import static io.cepheus.core.Harness.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Group;
import io.cepheus.core.pattern.Pattern;
import io.cepheus.core.pattern.Quantifier;
import io.cepheus.core.pattern.Sequence;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A part's own window — from the previous event of the match to the part's event, Flink's {@code
 * within(window, PREVIOUS_AND_CURRENT)} — and reading a step's earlier events by offset (SQL's
 * {@code FIRST(s.x, n)} / {@code LAST(s.x, n)}).
 */
class PartWindowAndOffsetTest {

    private static final Duration FIVE_MS = Duration.ofMillis(5);

    private static Harness run(Rule rule, Object... namesAndTimes) {
        Harness h = Harness.of(rule);
        for (int i = 0; i < namesAndTimes.length; i += 2) {
            h.sendAt("k", (Long) namesAndTimes[i + 1], (String) namesAndTimes[i], 0);
        }
        return h.end();
    }

    private static List<String> timesOf(Harness h) {
        return h.matches.stream().map(m -> Harness.format(m) + "@" + m.timestamp()).toList();
    }

    @ParameterizedTest(name = "b {0} ms after a: {1}")
    @CsvSource({"4, a1 b1@1004", "5, timeout(a1)@1005", "9, timeout(a1)@1005"})
    void theWindowCountsFromThePreviousEventAndIsHalfOpen(long gap, String expected) {
        Rule rule = Rule.of("r", Sequence.begin(step("a")).followedBy(step("b")).withinPrevious(FIVE_MS).build())
                .reportingTimeouts();
        assertThat(timesOf(run(rule, "a1", 1000L, "x1", 1001L, "b1", 1000L + gap))).containsExactly(expected);
    }

    @Test
    void eachPartCountsFromTheEventBeforeIt() {
        Rule rule = Rule.of("r", Sequence.begin(step("a")).followedBy(step("b")).followedBy(step("c"))
                .withinPrevious(FIVE_MS).build());
        assertThat(run(rule, "a1", 1000L, "b1", 1010L, "c1", 1014L).matchStrings()).containsExactly("a1 b1 c1");
        assertThat(run(rule, "a1", 1000L, "b1", 1010L, "c1", 1015L).matchStrings()).isEmpty();
    }

    @Test
    void strictContiguityWithAWindowNeedsTheNextEventSoon() {
        Rule rule = Rule.of("r", Sequence.begin(step("a")).next(step("b")).withinPrevious(FIVE_MS).build());
        assertThat(run(rule, "a1", 1000L, "b1", 1004L).matchStrings()).containsExactly("a1 b1");
        assertThat(run(rule, "a1", 1000L, "b1", 1006L).matchStrings()).isEmpty();
    }

    @Test
    void aTrailingAbsenceWithItsOwnWindowNeedsNoRuleWindow() {
        Rule rule = Rule.of("r", Sequence.begin(step("a")).followedBy(step("b"))
                .notFollowedBy(step("c")).withinPrevious(FIVE_MS).build());
        assertThat(timesOf(run(rule, "a1", 1000L, "b1", 1010L, "x1", 1012L))).containsExactly("absence(a1 b1)@1015");
        assertThat(run(rule, "a1", 1000L, "b1", 1010L, "c1", 1014L).matchStrings()).isEmpty();
    }

    @Test
    void whenBothWindowsHaveElapsedTheTimeoutIsReportedAtThePartsAsFlinkDoes() {
        Rule rule = Rule.of("r", Sequence.begin(step("a")).followedBy(step("c")).followedBy(step("b"))
                .withinPrevious(FIVE_MS).build()).within(Duration.ofMillis(10)).reportingTimeouts();
        Harness both = Harness.of(rule).sendAt("k", 1000, "a1", 0).sendAt("k", 1008, "c1", 0).watermark(1020);
        assertThat(timesOf(both)).containsExactly("timeout(a1 c1)@1013");
        Harness ruleOnly = Harness.of(rule).sendAt("k", 1000, "a1", 0).sendAt("k", 1008, "c1", 0).watermark(1011);
        assertThat(timesOf(ruleOnly)).containsExactly("timeout(a1 c1)@1010");
    }

    @Test
    void theInspectedDeadlineIsTheEarlierWindow() {
        Rule rule = Rule.of("r", Sequence.begin(step("a")).followedBy(step("b")).withinPrevious(FIVE_MS).build())
                .within(Duration.ofMillis(100));
        Harness h = Harness.of(rule).sendAt("k", 1000, "a1", 0).watermark(1000);
        assertThat(h.engine.partialMatches("k")).singleElement().extracting(PartialMatchView::deadline).isEqualTo(1005L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "first part | has no previous event to count from (Flink ignores it): use the rule's window",
        "loop | applies to a single required step or a negation: Flink ignores it on a loop, a quantified or optional step and a group",
        "after loop | needs a step before it that takes a fixed number of events (a, a{3}): after a loop, an optional step, a group or a 'not next' Flink checks it only for some matches",
        "after not next | needs a step before it that takes a fixed number of events (a, a{3}): after a loop, an optional step, a group or a 'not next' Flink checks it only for some matches",
        "middle not followed by | has no effect on a 'not followed by' before another step (Flink ignores it): put the window on the step after it",
        "longer than the rule's | is longer than the rule's window (as Flink, Cepheus requires it to be no longer)",
    })
    void partWindowsFlinkDoesNotApplyAsWrittenAreRejected(String form, String reason) {
        Sequence.Builder b = switch (form) {
            case "first part" -> Sequence.begin(step("a")).withinPrevious(FIVE_MS).followedBy(step("b"));
            case "loop" -> Sequence.begin(step("a")).followedBy(step("b").oneOrMore()).withinPrevious(FIVE_MS);
            case "after loop" -> Sequence.begin(step("a").oneOrMore()).followedBy(step("b")).withinPrevious(FIVE_MS);
            case "after not next" -> Sequence.begin(step("a")).notNext(step("c")).followedBy(step("b")).withinPrevious(FIVE_MS);
            case "middle not followed by" -> Sequence.begin(step("a")).notFollowedBy(step("c")).withinPrevious(FIVE_MS)
                    .followedBy(step("b"));
            default -> Sequence.begin(step("a")).followedBy(step("b")).withinPrevious(Duration.ofMillis(20));
        };
        Rule rule = Rule.of("r", b.build()).within(Duration.ofMillis(10));
        String part = switch (form) {
            case "first part" -> "a";
            case "middle not followed by" -> "c";
            default -> "b";
        };
        assertThatThrownBy(rule::validate).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rule r: the window of '" + part + "' (from the previous event) " + reason);
    }

    @Test
    void partWindowsInsideAGroupAreRejected() {
        Pattern body = Sequence.begin(step("a")).followedBy(step("b")).withinPrevious(FIVE_MS).build();
        Rule rule = Rule.of("r", Sequence.begin(step("x")).followedBy(new Group(body, Quantifier.oneOrMore())).build());
        assertThatThrownBy(rule::validate).hasMessage("rule r: a window from the previous event applies to the parts of"
                + " the top-level sequence only, not inside a group or alternative");
    }

    private static Condition amountEquals(java.util.function.Function<io.cepheus.core.pattern.MatchContext, Event> read) {
        return (e, ctx) -> {
            Event earlier = read.apply(ctx);
            return earlier != null && earlier.getLong(AMOUNT) == e.getLong(AMOUNT);
        };
    }

    /** {@code a+? consecutive -> b} where b's amount equals the amount of the event {@code read} picks. */
    private static List<String> loopThenB(java.util.function.Function<io.cepheus.core.pattern.MatchContext, Event> read) {
        Condition b = Condition.fieldEquals(Harness.TYPE, "b").and(amountEquals(read));
        Rule rule = Rule.of("r", Sequence.begin(step("a").oneOrMore().consecutive())
                .followedBy(io.cepheus.core.pattern.Step.of("b", b)).build());
        return Harness.of(rule).sendAt("k", 1, "a1", 1).sendAt("k", 2, "a2", 2).sendAt("k", 3, "a3", 3)
                .sendAt("k", 4, "b1", 2).end().matchStrings();
    }

    @Test
    void aConditionReadsTheSecondToLastAndTheSecondEventOfALoop() {
        assertThat(loopThenB(ctx -> ctx.eventFromLast("a", 1))).containsExactly("a1 a2 a3 b1", "a2 a3 b1");
        assertThat(loopThenB(ctx -> ctx.eventFromFirst("a", 1))).containsExactlyInAnyOrder("a1 a2 a3 b1", "a1 a2 b1");
        assertThat(loopThenB(ctx -> ctx.eventFromLast("a", 5))).isEmpty();
    }
}
