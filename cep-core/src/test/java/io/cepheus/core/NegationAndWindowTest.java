package io.cepheus.core;

import static io.cepheus.core.Harness.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.pattern.Pattern;
import io.cepheus.core.pattern.Sequence;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** not next, not followed by, trailing absence, windows and timeouts. */
class NegationAndWindowTest {

    private static List<String> run(Pattern p, String input) {
        return Harness.of(Rule.of("r", p)).run(input);
    }

    @ParameterizedTest(name = "a not-next b, then c: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "a b c     | ''",
        "a d c     | a c",
        "a c       | a c",
        "a d b c   | a c",
    })
    void notNextBetweenSteps(String input, String expected) {
        Pattern p = Sequence.begin(step("a")).notNext(step("b")).followedBy(step("c")).build();
        assertThat(String.join(",", run(p, input))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "a not-next b at the end: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "a c   | a",
        "a b   | ''",
        "a     | ''",
        "a a b | a",
    })
    void trailingNotNextCompletesOnTheNextOtherEvent(String input, String expected) {
        Pattern p = Sequence.begin(step("a")).notNext(step("b")).build();
        assertThat(String.join(",", run(p, input))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "a not-followed-by b, then c: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "a d b c   | ''",
        "a d c     | a c",
        "a c b     | a c",
        "a b a c   | a c",
    })
    void notFollowedByBetweenSteps(String input, String expected) {
        Pattern p = Sequence.begin(step("a")).notFollowedBy(step("b")).followedBy(step("c")).build();
        assertThat(String.join(",", run(p, input))).isEqualTo(expected);
    }

    @Test
    void takingAnOptionalStepEndsTheNotFollowedByBeforeIt() {
        // FlinkCEP: begin(a).notFollowedBy(b).followedByAny(c).optional().followedByAny(d)
        Pattern p = Sequence.begin(step("a")).notFollowedBy(step("b")).followedByAny(step("c").optional())
                .followedByAny(step("d")).build();
        assertThat(run(p, "a c b d")).containsExactly("a c d");
        assertThat(run(p, "a b d")).isEmpty();
        assertThat(run(p, "a d")).containsExactly("a d");
    }

    @Test
    void notFollowedByAfterALoopStopsTheLoop() {
        Pattern p = Sequence.begin(step("a").oneOrMore().consecutive()).notFollowedBy(step("b")).followedBy(step("c")).build();
        assertThat(run(p, "a1 a2 b c")).isEmpty();
        assertThat(run(p, "a1 a2 d c")).containsExactly("a1 a2 c", "a1 c", "a2 c");
    }

    private static Harness absence() {
        return Harness.of(Rule.of("r", Sequence.begin(step("a")).notFollowedBy(step("b")).build())
                .within(Duration.ofSeconds(10)));
    }

    @Test
    void trailingAbsenceFiresWhenTheWindowElapsesOnTheWatermarkAlone() {
        Harness h = absence();
        h.sendAt("k", 0, "a1", 0).sendAt("k", 5_000, "c1", 0).watermark(9_999);
        assertThat(h.matches).isEmpty();
        h.watermark(10_000);
        assertThat(h.matchStrings()).containsExactly("absence(a1)");
        assertThat(h.matches.get(0).timestamp()).isEqualTo(10_000);
    }

    @Test
    void trailingAbsenceIsCancelledByTheForbiddenEventInsideTheWindow() {
        Harness h = absence();
        h.sendAt("k", 0, "a1", 0).sendAt("k", 9_999, "b1", 0).end();
        assertThat(h.matches).isEmpty();
    }

    @Test
    void anEventExactlyAtTheWindowEndIsTooLateToCancelTheAbsence() {
        Harness h = absence();
        h.sendAt("k", 0, "a1", 0).sendAt("k", 10_000, "b1", 0).end();
        assertThat(h.matchStrings()).containsExactly("absence(a1)");
    }

    @Test
    void absencesAreKeyed() {
        Harness h = absence();
        h.sendAt("k1", 0, "a1", 0).sendAt("k2", 1_000, "a2", 0).sendAt("k1", 2_000, "b1", 0).end();
        assertThat(h.matchStrings()).containsExactly("absence(a2)");
        assertThat(h.matches.get(0).key()).isEqualTo("k2");
    }

    @Test
    void trailingNotFollowedByWithoutWindowIsRejected() {
        Rule rule = Rule.of("r", Sequence.begin(step("a")).notFollowedBy(step("b")).build());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Harness.of(rule))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rule r: a pattern that ends with 'not followed by b' needs a window (within, of the rule or of the part)");
    }

    // ------------------------------------------------------------------ within

    private static Harness aThenB(boolean timeouts) {
        Rule rule = Rule.of("r", Sequence.begin(step("a")).followedBy(step("b")).build()).within(Duration.ofSeconds(10));
        return Harness.of(timeouts ? rule.reportingTimeouts() : rule);
    }

    @ParameterizedTest(name = "b at {0} ms after a -> {1}")
    @CsvSource(delimiter = '|', value = {
        "9999  | a1 b1",
        "10000 | timeout(a1)",
        "10001 | timeout(a1)",
    })
    void windowIsHalfOpen(long offset, String expected) {
        Harness h = aThenB(true);
        h.sendAt("k", 1_000, "a1", 0).sendAt("k", 1_000 + offset, "b1", 0).end();
        assertThat(h.matchStrings()).containsExactly(expected);
    }

    @Test
    void timeoutIsReportedAtStartPlusWindowOnTheWatermarkAlone() {
        Harness h = aThenB(true);
        h.sendAt("k", 1_000, "a1", 0).watermark(10_999);
        assertThat(h.matches).isEmpty();
        h.watermark(50_000);
        assertThat(h.matchStrings()).containsExactly("timeout(a1)");
        assertThat(h.matches.get(0).timestamp()).isEqualTo(11_000);
        assertThat(h.matches.get(0).kind()).isEqualTo(MatchKind.TIMEOUT);
    }

    @Test
    void timeoutsAreNotReportedUnlessAsked() {
        Harness h = aThenB(false);
        h.sendAt("k", 1_000, "a1", 0).sendAt("k", 20_000, "b1", 0).end();
        assertThat(h.matches).isEmpty();
    }

    @Test
    void timeOutFiresBeforeEventsOfTheSameTimestamp() {
        // a at 0, b at exactly 10 s: the window closes before the event at 10 s is matched
        Harness h = aThenB(true);
        h.sendAt("k", 0, "a1", 0).sendAt("k", 10_000, "a2", 0).sendAt("k", 10_000, "b1", 0).end();
        assertThat(h.matchStrings()).containsExactly("timeout(a1)", "a2 b1");
    }

    @Test
    void manyKeysTimeOutInDeadlineOrder() {
        Harness h = aThenB(true);
        h.sendAt("k3", 1_000, "a3", 0).sendAt("k1", 2_000, "a1", 0).sendAt("k2", 3_000, "a2", 0).watermark(100_000);
        assertThat(h.matchStrings()).containsExactly("timeout(a3)", "timeout(a1)", "timeout(a2)");
    }
}
