package io.cepheus.dsl;

import static io.cepheus.dsl.RuleHarness.rule;
import static io.cepheus.dsl.RuleHarness.types;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The examples of FlinkCEP's documentation (cep.md), written as rules, with the results Flink
 * itself gives where they differ from its text (docs/rule-language.md, "Flink's behaviour, not its
 * documentation"). Reluctant quantifiers ({@code +?}) are Flink's default; {@code +} is greedy.
 */
class FlinkDocumentationTablesTest {

    // --- contiguity within looping patterns: a, then b+, then c, on a b1 d1 b2 d2 b3 c

    @Test
    void loopWithStrictContiguityStillReachesCThroughRelaxedFollowedBy() {
        assertThat(rule("a ->> b+? consecutive -> c", types("a", "b", "c"), "").run("a b1 d1 b2 d2 b3 c"))
                .containsExactly("a b1 c", "a b3 c", "a b2 c"); // Flink's own order (its queue releases b3 before b2)
    }

    @Test
    void loopWithStrictContiguityAndNextGivesTheDocumentedSingleResult() {
        assertThat(rule("a ->> b+? consecutive c", types("a", "b", "c"), "").run("a b1 d1 b2 d2 b3 c"))
                .containsExactly("a b3 c");
    }

    @Test
    void loopWithRelaxedContiguity() {
        assertThat(rule("a ->> b+? -> c", types("a", "b", "c"), "").run("a b1 d1 b2 d2 b3 c")).containsExactlyInAnyOrder(
                "a b1 c", "a b1 b2 c", "a b1 b2 b3 c", "a b2 c", "a b2 b3 c", "a b3 c");
    }

    @Test
    void loopWithNonDeterministicRelaxedContiguity() {
        assertThat(rule("a ->> b+? any -> c", types("a", "b", "c"), "").run("a b1 d1 b2 d2 b3 c")).containsExactlyInAnyOrder(
                "a b1 c", "a b1 b2 c", "a b1 b3 c", "a b1 b2 b3 c", "a b2 c", "a b2 b3 c", "a b3 c");
    }

    // --- consecutive(): start c, middle a+ consecutive, end1 b on c1 d1 a1 a2 a3 d2 a4 b1

    private static final String CAB = "start: type == \"c\"\n    middle: type == \"a\"\n    end1: type == \"b\"";

    @Test
    void consecutiveExample() {
        assertThat(rule("start -> middle+? consecutive -> end1", CAB, "").run("c1 d1 a1 a2 a3 d2 a4 b1"))
                .containsExactlyInAnyOrder("c1 a1 b1", "c1 a1 a2 b1", "c1 a1 a2 a3 b1");
        assertThat(rule("start -> middle+? -> end1", CAB, "").run("c1 d1 a1 a2 a3 d2 a4 b1"))
                .containsExactlyInAnyOrder("c1 a1 b1", "c1 a1 a2 b1", "c1 a1 a2 a3 b1", "c1 a1 a2 a3 a4 b1");
    }

    @Test
    void allowCombinationsWithRelaxedLinkGivesTheEightCombinationsOfTheFirstA() {
        assertThat(rule("start -> middle+? any -> end1", CAB, "").run("c1 d1 a1 a2 a3 d2 a4 b1"))
                .containsExactlyInAnyOrder("c1 a1 b1", "c1 a1 a2 b1", "c1 a1 a3 b1", "c1 a1 a4 b1", "c1 a1 a2 a3 b1",
                        "c1 a1 a2 a4 b1", "c1 a1 a3 a4 b1", "c1 a1 a2 a3 a4 b1");
    }

    @Test
    void allowCombinationsWithAnyLinkGivesTheDocumentedFifteen() {
        assertThat(rule("start ->> middle+? any -> end1", CAB, "").run("c1 d1 a1 a2 a3 d2 a4 b1"))
                .containsExactlyInAnyOrder("c1 a1 b1", "c1 a1 a2 b1", "c1 a1 a3 b1", "c1 a1 a4 b1", "c1 a1 a2 a3 b1",
                        "c1 a1 a2 a4 b1", "c1 a1 a3 a4 b1", "c1 a1 a2 a3 a4 b1", "c1 a2 b1", "c1 a2 a3 b1", "c1 a2 a4 b1",
                        "c1 a2 a3 a4 b1", "c1 a3 b1", "c1 a3 a4 b1", "c1 a4 b1");
    }

    // --- until: (a+ until b) on a1 c a2 b a3

    @Test
    void untilStopsTheLoop() {
        assertThat(rule("a+?", "a: type == \"a\" until type == \"b\"", "").run("a1 c1 a2 b1 a3"))
                .containsExactlyInAnyOrder("a1", "a1 a2", "a2", "a3");
    }

    // --- contiguity between steps: a b on a c b1 b2

    @Test
    void contiguityBetweenSteps() {
        assertThat(rule("a b", types("a", "b"), "").run("a c b1 b2")).isEmpty();
        assertThat(rule("a -> b", types("a", "b"), "").run("a c b1 b2")).containsExactly("a b1");
        assertThat(rule("a ->> b", types("a", "b"), "").run("a c b1 b2")).containsExactly("a b1", "a b2");
    }

    // --- after-match skip: b+ c on b1 b2 b3 c (b greedy, consecutive, then strictly c)

    private static java.util.List<String> greedyBPlusC(String skip) {
        return rule("b+ consecutive c", types("b", "c"), skip).run("b1 b2 b3 c");
    }

    @Test
    void skipStrategiesOnBPlusC() {
        assertThat(greedyBPlusC("")).containsExactly("b1 b2 b3 c", "b2 b3 c", "b3 c");
        assertThat(greedyBPlusC("after match no skip")).containsExactly("b1 b2 b3 c", "b2 b3 c", "b3 c");
        assertThat(greedyBPlusC("after match skip to next")).containsExactly("b1 b2 b3 c", "b2 b3 c", "b3 c");
        assertThat(greedyBPlusC("after match skip past last event")).containsExactly("b1 b2 b3 c");
        assertThat(greedyBPlusC("after match skip to first b")).containsExactly("b1 b2 b3 c", "b2 b3 c", "b3 c");
        assertThat(greedyBPlusC("after match skip to last b")).containsExactly("b1 b2 b3 c", "b3 c");
    }

    @Test
    void skipToFirstHoldsMatchesBehindAnOpenEarlierPartialMatch() {
        assertThat(rule("b+ -> c", types("b", "c"), "after match skip to first b").run("b1 b2 b3 c"))
                .containsExactly("b1 b2 b3 c");
    }

    // --- (a | b | c) (b | c) c+ greedy consecutive d, on a b c1 c2 c3 d

    private static final String XYZ = """
            x: type in ("a", "b", "c")
                y: type in ("b", "c")
                z: type == "c"
                d: type == "d"\
            """;

    @Test
    void noSkipVersusSkipToFirst() {
        String in = "a b c1 c2 c3 d";
        assertThat(rule("x y z+ consecutive d", XYZ, "").run(in)).containsExactly("a b c1 c2 c3 d", "b c1 c2 c3 d", "c1 c2 c3 d");
        assertThat(rule("x y z+ consecutive d", XYZ, "after match skip to first z").run(in))
                .containsExactly("a b c1 c2 c3 d", "c1 c2 c3 d");
    }

    // --- a b+ on a b1 b2 b3

    @Test
    void noSkipVersusSkipToNext() {
        assertThat(rule("a -> b+?", types("a", "b"), "").run("a b1 b2 b3")).containsExactly("a b1", "a b1 b2", "a b1 b2 b3");
        assertThat(rule("a -> b+?", types("a", "b"), "after match skip to next").run("a b1 b2 b3")).containsExactly("a b1");
    }
}
