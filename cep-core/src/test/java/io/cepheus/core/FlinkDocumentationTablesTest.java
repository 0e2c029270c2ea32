package io.cepheus.core;

import static io.cepheus.core.Harness.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.pattern.AfterMatchSkip;
import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Pattern;
import io.cepheus.core.pattern.Sequence;
import io.cepheus.core.pattern.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of FlinkCEP's documentation (cep.md), with the results Flink itself gives where
 * they differ from the text (see docs/rule-language.md, "Where Flink and its documentation
 * disagree").
 */
class FlinkDocumentationTablesTest {

    private static List<String> run(Pattern pattern, AfterMatchSkip skip, String input) {
        return Harness.of(Rule.of("r", pattern).skip(skip)).run(input);
    }

    private static List<String> run(Pattern pattern, String input) {
        return run(pattern, AfterMatchSkip.noSkip(), input);
    }

    // --- "Contiguity within looping patterns": a, followed by any b+, then c, on  a b1 d1 b2 d2 b3 c

    /** In Flink's order: the three start together, and Flink's queue releases them b1, b3, b2. */
    @Test
    void loopWithStrictContiguityStillReachesCThroughRelaxedFollowedBy() {
        Pattern p = Sequence.begin(step("a")).followedByAny(step("b").oneOrMore().consecutive()).followedBy(step("c")).build();
        assertThat(run(p, "a b1 d1 b2 d2 b3 c")).containsExactly("a b1 c", "a b3 c", "a b2 c");
    }

    @Test
    void loopWithStrictContiguityAndNextGivesTheDocumentedSingleResult() {
        Pattern p = Sequence.begin(step("a")).followedByAny(step("b").oneOrMore().consecutive()).next(step("c")).build();
        assertThat(run(p, "a b1 d1 b2 d2 b3 c")).containsExactly("a b3 c");
    }

    @Test
    void loopWithRelaxedContiguity() {
        Pattern p = Sequence.begin(step("a")).followedByAny(step("b").oneOrMore()).followedBy(step("c")).build();
        assertThat(run(p, "a b1 d1 b2 d2 b3 c")).containsExactlyInAnyOrder(
                "a b1 c", "a b1 b2 c", "a b1 b2 b3 c", "a b2 c", "a b2 b3 c", "a b3 c");
    }

    @Test
    void loopWithNonDeterministicRelaxedContiguity() {
        Pattern p = Sequence.begin(step("a")).followedByAny(step("b").oneOrMore().allowCombinations()).followedBy(step("c")).build();
        assertThat(run(p, "a b1 d1 b2 d2 b3 c")).containsExactlyInAnyOrder(
                "a b1 c", "a b1 b2 c", "a b1 b3 c", "a b1 b2 b3 c", "a b2 c", "a b2 b3 c", "a b3 c");
    }

    // --- consecutive(): start c, middle a+ consecutive, end1 b on  C D A1 A2 A3 D A4 B

    private static Sequence cab(Step middle, boolean any) {
        Sequence.Builder b = Sequence.begin(step("start", "c"));
        b = any ? b.followedByAny(middle) : b.followedBy(middle);
        return b.followedBy(step("end1", "b")).build();
    }

    @Test
    void consecutiveExample() {
        assertThat(run(cab(step("middle", "a").oneOrMore().consecutive(), false), "c1 d1 a1 a2 a3 d2 a4 b1"))
                .containsExactlyInAnyOrder("c1 a1 b1", "c1 a1 a2 b1", "c1 a1 a2 a3 b1");
        assertThat(run(cab(step("middle", "a").oneOrMore(), false), "c1 d1 a1 a2 a3 d2 a4 b1"))
                .containsExactlyInAnyOrder("c1 a1 b1", "c1 a1 a2 b1", "c1 a1 a2 a3 b1", "c1 a1 a2 a3 a4 b1");
    }

    @Test
    void allowCombinationsWithFollowedByGivesTheEightCombinationsOfTheFirstA() {
        assertThat(run(cab(step("middle", "a").oneOrMore().allowCombinations(), false), "c1 d1 a1 a2 a3 d2 a4 b1"))
                .containsExactlyInAnyOrder("c1 a1 b1", "c1 a1 a2 b1", "c1 a1 a3 b1", "c1 a1 a4 b1", "c1 a1 a2 a3 b1",
                        "c1 a1 a2 a4 b1", "c1 a1 a3 a4 b1", "c1 a1 a2 a3 a4 b1");
    }

    @Test
    void allowCombinationsWithFollowedByAnyGivesTheDocumentedFifteen() {
        assertThat(run(cab(step("middle", "a").oneOrMore().allowCombinations(), true), "c1 d1 a1 a2 a3 d2 a4 b1"))
                .containsExactlyInAnyOrder("c1 a1 b1", "c1 a1 a2 b1", "c1 a1 a3 b1", "c1 a1 a4 b1", "c1 a1 a2 a3 b1",
                        "c1 a1 a2 a4 b1", "c1 a1 a3 a4 b1", "c1 a1 a2 a3 a4 b1", "c1 a2 b1", "c1 a2 a3 b1", "c1 a2 a4 b1",
                        "c1 a2 a3 a4 b1", "c1 a3 b1", "c1 a3 a4 b1", "c1 a4 b1");
    }

    // --- until: (a+ until b) on a1 c a2 b a3

    @Test
    void untilStopsTheLoop() {
        Pattern p = step("a").oneOrMore().until(Condition.fieldEquals(Harness.TYPE, "b"));
        assertThat(run(p, "a1 c1 a2 b1 a3")).containsExactlyInAnyOrder("a1", "a1 a2", "a2", "a3");
    }

    // --- contiguity between steps: a b on a c b1 b2

    @Test
    void contiguityBetweenSteps() {
        assertThat(run(Sequence.begin(step("a")).next(step("b")).build(), "a c b1 b2")).isEmpty();
        assertThat(run(Sequence.begin(step("a")).followedBy(step("b")).build(), "a c b1 b2")).containsExactly("a b1");
        assertThat(run(Sequence.begin(step("a")).followedByAny(step("b")).build(), "a c b1 b2"))
                .containsExactly("a b1", "a b2");
    }

    // --- after-match skip: b+ c on b1 b2 b3 c (b greedy, consecutive, then next c)

    private static Pattern greedyBPlusC() {
        return Sequence.begin(step("b").oneOrMore().greedy().consecutive()).next(step("c")).build();
    }

    @Test
    void skipStrategiesOnBPlusC() {
        String in = "b1 b2 b3 c";
        assertThat(run(greedyBPlusC(), AfterMatchSkip.noSkip(), in)).containsExactly("b1 b2 b3 c", "b2 b3 c", "b3 c");
        assertThat(run(greedyBPlusC(), AfterMatchSkip.skipToNext(), in)).containsExactly("b1 b2 b3 c", "b2 b3 c", "b3 c");
        assertThat(run(greedyBPlusC(), AfterMatchSkip.skipPastLastEvent(), in)).containsExactly("b1 b2 b3 c");
        assertThat(run(greedyBPlusC(), AfterMatchSkip.skipToFirst("b"), in)).containsExactly("b1 b2 b3 c", "b2 b3 c", "b3 c");
        assertThat(run(greedyBPlusC(), AfterMatchSkip.skipToLast("b"), in)).containsExactly("b1 b2 b3 c", "b3 c");
    }

    @Test
    void skipToFirstHoldsMatchesBehindAnOpenEarlierPartialMatch() {
        Pattern relaxed = Sequence.begin(step("b").oneOrMore().greedy()).followedBy(step("c")).build();
        assertThat(run(relaxed, AfterMatchSkip.skipToFirst("b"), "b1 b2 b3 c")).containsExactly("b1 b2 b3 c");
    }

    // --- (a | b | c) (b | c) c+.greedy d on a b c1 c2 c3 d

    private static Pattern abcPattern() {
        Condition aOrBOrC = Condition.fieldEquals(Harness.TYPE, "a").or(Condition.fieldEquals(Harness.TYPE, "b"))
                .or(Condition.fieldEquals(Harness.TYPE, "c"));
        Condition bOrC = Condition.fieldEquals(Harness.TYPE, "b").or(Condition.fieldEquals(Harness.TYPE, "c"));
        return Sequence.begin(Step.of("x", aOrBOrC)).next(Step.of("y", bOrC))
                .next(step("z", "c").oneOrMore().greedy().consecutive()).next(step("d")).build();
    }

    @Test
    void noSkipVersusSkipToFirst() {
        String in = "a b c1 c2 c3 d";
        assertThat(run(abcPattern(), AfterMatchSkip.noSkip(), in)).containsExactly("a b c1 c2 c3 d", "b c1 c2 c3 d", "c1 c2 c3 d");
        assertThat(run(abcPattern(), AfterMatchSkip.skipToFirst("z"), in)).containsExactly("a b c1 c2 c3 d", "c1 c2 c3 d");
    }

    // --- a b+ on a b1 b2 b3

    @Test
    void noSkipVersusSkipToNext() {
        Pattern p = Sequence.begin(step("a")).followedBy(step("b").oneOrMore()).build();
        assertThat(run(p, AfterMatchSkip.noSkip(), "a b1 b2 b3")).containsExactly("a b1", "a b1 b2", "a b1 b2 b3");
        assertThat(run(p, AfterMatchSkip.skipToNext(), "a b1 b2 b3")).containsExactly("a b1");
    }
}
