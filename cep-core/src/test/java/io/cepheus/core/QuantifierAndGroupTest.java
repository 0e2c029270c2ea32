package io.cepheus.core;

import static io.cepheus.core.Harness.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.pattern.AfterMatchSkip;
import io.cepheus.core.pattern.Alternation;
import io.cepheus.core.pattern.Group;
import io.cepheus.core.pattern.Pattern;
import io.cepheus.core.pattern.Quantifier;
import io.cepheus.core.pattern.Sequence;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quantifiers (times, ranges, optional, greedy), groups and alternation. */
class QuantifierAndGroupTest {

    private static List<String> run(Pattern p, String input) {
        return Harness.of(Rule.of("r", p)).run(input);
    }

    private static String runJoined(Pattern p, String input) {
        return String.join(",", run(p, input));
    }

    @ParameterizedTest(name = "a, b twice, c (relaxed): {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "a b1 b2 c        | a b1 b2 c",
        "a b1 c           | ''",
        "a b1 d b2 c      | a b1 b2 c",
        "a b1 b2 b3 c     | a b1 b2 c",
    })
    void exactlyTwice(String input, String expected) {
        Pattern p = Sequence.begin(step("a")).followedBy(step("b").times(2)).followedBy(step("c")).build();
        assertThat(runJoined(p, input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "a, next b twice consecutive, next c: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "a b1 b2 c        | a b1 b2 c",
        "a b1 d b2 c      | ''",
        "a b1 b2 b3 c     | ''",
    })
    void exactlyTwiceStrict(String input, String expected) {
        Pattern p = Sequence.begin(step("a")).next(step("b").times(2).consecutive()).next(step("c")).build();
        assertThat(runJoined(p, input)).isEqualTo(expected);
    }

    @Test
    void rangeEmitsEveryCountInTheRange() {
        Pattern p = Sequence.begin(step("a")).next(step("b").times(2, 3).consecutive()).build();
        assertThat(run(p, "a b1 b2 b3 b4")).containsExactly("a b1 b2", "a b1 b2 b3");
    }

    @Test
    void timesOrMore() {
        Pattern p = Sequence.begin(step("a")).next(step("b").timesOrMore(2).consecutive()).build();
        assertThat(run(p, "a b1 b2 b3 c")).containsExactly("a b1 b2", "a b1 b2 b3");
    }

    @ParameterizedTest(name = "a b? c: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "a c       | a c",
        "a b c     | a b c,a c",
        "a d c     | a c",
        "a b b c   | a b c,a c",
    })
    void optionalStep(String input, String expected) {
        Pattern p = Sequence.begin(step("a")).followedBy(step("b").optional()).followedBy(step("c")).build();
        assertThat(runJoined(p, input)).isEqualTo(expected);
    }

    @Test
    void zeroOrMoreGreedyTakesAllItCanBeforeProceeding() {
        Pattern reluctant = Sequence.begin(step("a")).next(step("b").quantified(Quantifier.zeroOrMore()).consecutive())
                .next(step("c")).build();
        assertThat(run(reluctant, "a b1 b2 c")).containsExactly("a b1 b2 c");
        Pattern plain = Sequence.begin(step("a")).followedBy(step("b").oneOrMore()).build();
        Pattern greedy = Sequence.begin(step("a")).followedBy(step("b").oneOrMore().greedy()).followedBy(step("c")).build();
        assertThat(run(plain, "a b1 b2")).containsExactly("a b1", "a b1 b2");
        assertThat(run(greedy, "a b1 b2 c")).containsExactly("a b1 b2 c");
    }

    @Test
    void optionalFirstStep() {
        Pattern p = Sequence.begin(step("a").optional()).next(step("b")).build();
        assertThat(run(p, "a1 b1 c b2")).containsExactly("a1 b1", "b1", "b2");
    }

    @Test
    void groupRepeatedAsAWhole() {
        Pattern ab = Sequence.begin(step("a")).next(step("b")).build();
        Pattern p = Group.of(ab, Quantifier.oneOrMore());
        assertThat(run(p, "a1 b1 a2 b2")).containsExactly("a1 b1", "a1 b1 a2 b2", "a2 b2");
    }

    @Test
    void groupExactlyTwiceThenStep() {
        Pattern ab = Sequence.begin(step("a")).next(step("b")).build();
        Pattern p = Sequence.begin(step("x")).followedBy(Group.of(ab, Quantifier.times(2))).followedBy(step("y")).build();
        assertThat(run(p, "x a1 b1 a2 b2 y")).containsExactly("x a1 b1 a2 b2 y");
        assertThat(run(p, "x a1 b1 y")).isEmpty();
        assertThat(run(p, "x a1 c b1 a2 b2 y")).isEmpty();
    }

    @Test
    void optionalGroup() {
        Pattern ab = Sequence.begin(step("a")).next(step("b")).build();
        Pattern p = Sequence.begin(step("x")).next(Group.of(ab, Quantifier.zeroOrOne())).next(step("y")).build();
        assertThat(run(p, "x y")).containsExactly("x y");
        assertThat(run(p, "x a b y")).containsExactly("x a b y");
        assertThat(run(p, "x a y")).isEmpty();
    }

    @Test
    void alternationTakesEitherBranch() {
        Pattern cd = Sequence.begin(step("c")).next(step("d")).build();
        Pattern p = Sequence.begin(step("a")).followedBy(Alternation.of(step("b"), cd)).followedBy(step("e")).build();
        assertThat(run(p, "a b e")).containsExactly("a b e");
        assertThat(run(p, "a x c d e")).containsExactly("a c d e");
        assertThat(run(p, "a c x d e")).isEmpty();
        assertThat(run(p, "a e")).isEmpty();
    }

    @Test
    void alternationWithRelaxedContiguityTakesTheFirstMatchingBranchOnly() {
        Pattern p = Sequence.begin(step("a")).followedBy(Alternation.of(step("b"), step("c"))).build();
        assertThat(run(p, "a x c b")).containsExactly("a c");
        Pattern any = Sequence.begin(step("a")).followedByAny(Alternation.of(step("b"), step("c"))).build();
        assertThat(run(any, "a x c b")).containsExactly("a c", "a b");
        Pattern strict = Sequence.begin(step("a")).next(Alternation.of(step("b"), step("c"))).build();
        assertThat(run(strict, "a x c b")).isEmpty();
        assertThat(run(strict, "a c b")).containsExactly("a c");
    }

    @Test
    void repeatedAlternation() {
        Pattern p = Sequence.begin(step("s")).next(Group.of(Alternation.of(step("b"), step("c")), Quantifier.oneOrMore().withInner(
                io.cepheus.core.pattern.Contiguity.STRICT))).next(step("e")).build();
        assertThat(run(p, "s b c b e")).containsExactly("s b c b e");
        assertThat(run(p, "s b x c e")).isEmpty();
    }

    @Test
    void skipPastLastEventOnAKleeneRunGivesNonOverlappingMatches() {
        Pattern p = Sequence.begin(step("a").oneOrMore().greedy().consecutive()).next(step("b")).build();
        Rule rule = Rule.of("r", p).skip(AfterMatchSkip.skipPastLastEvent());
        assertThat(Harness.of(rule).run("a1 a2 b1 a3 b2")).containsExactly("a1 a2 b1", "a3 b2");
    }
}
