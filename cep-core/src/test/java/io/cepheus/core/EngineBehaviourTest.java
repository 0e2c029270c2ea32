package io.cepheus.core;

import static io.cepheus.core.Harness.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Sequence;
import io.cepheus.core.pattern.Step;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys, many rules, the rule index, caps, ids and runtime rule changes. */
class EngineBehaviourTest {

    private static Rule ab(String id, String a, String b) {
        return Rule.of(id, Sequence.begin(step("x", a)).followedBy(step("y", b)).build());
    }

    @Test
    void stateIsPerKey() {
        Harness h = Harness.of(ab("r", "a", "b"));
        h.send("k1", "a1").send("k2", "b1").send("k1", "b2").end();
        assertThat(h.matchStrings()).containsExactly("a1 b2");
        assertThat(h.matches.get(0).key()).isEqualTo("k1");
    }

    @Test
    void manyRulesOnOneStreamComeOutInRuleOrderForTheSameEvent() {
        Harness h = Harness.of(ab("r1", "a", "b"), ab("r2", "a", "b"), ab("r3", "c", "b"));
        h.send("k", "a1").send("k", "c1").send("k", "b1").end();
        assertThat(h.matches).extracting(m -> m.rule().value() + ":" + Harness.format(m))
                .containsExactly("r1:a1 b1", "r2:a1 b1", "r3:c1 b1");
    }

    @Test
    void rulesThatCannotBeIndexedSeeEveryEvent() {
        Rule scanned = Rule.of("scan", Sequence.begin(Step.of("x", Condition.of(e -> ((String) e.get(Harness.NAME)).endsWith("7"))))
                .followedBy(step("y", "b")).build());
        Harness h = Harness.of(scanned, ab("indexed", "a", "b"));
        h.send("k", "q7").send("k", "a1").send("k", "b1").end();
        assertThat(h.matches).extracting(m -> m.rule().value() + ":" + Harness.format(m))
                .containsExactly("scan:q7 b1", "indexed:a1 b1");
    }

    @Test
    void indexByOrOfConstantsOnOneField() {
        Rule rule = Rule.of("r", Sequence.begin(Step.of("x",
                Condition.fieldEquals(Harness.TYPE, "a").or(Condition.fieldEquals(Harness.TYPE, "c")))).followedBy(step("y", "b")).build());
        Harness h = Harness.of(rule);
        assertThat(h.run("a1 c1 b1")).containsExactly("a1 b1", "c1 b1");
    }

    @Test
    void partialMatchesBeyondTheCapAreDroppedAndCounted() {
        Rule rule = Rule.of("r", Sequence.begin(step("a")).followedByAny(step("b")).build());
        Harness h = Harness.of(CepEngine.builder().rule(rule).maxPartialMatches(3).dropPolicy(DropPolicy.DROP_OLDEST));
        h.run("a1 a2 a3 a4 a5 b1");
        assertThat(h.matchStrings()).containsExactly("a3 b1", "a4 b1", "a5 b1");
        assertThat(h.engine.metrics().partialMatchesDropped()).isEqualTo(2);

        Harness newest = Harness.of(CepEngine.builder().rule(rule).maxPartialMatches(3).dropPolicy(DropPolicy.DROP_NEWEST));
        newest.run("a1 a2 a3 a4 a5 b1");
        assertThat(newest.matchStrings()).containsExactly("a1 b1", "a2 b1", "a3 b1");
        assertThat(newest.engine.metrics().partialMatchesDropped()).isEqualTo(2);
    }

    @Test
    void matchIdsAreDeterministicAndDistinct() {
        List<MatchId> first = new ArrayList<>();
        List<MatchId> second = new ArrayList<>();
        for (List<MatchId> ids : List.of(first, second)) {
            Harness h = Harness.of(Rule.of("r", Sequence.begin(step("a")).followedByAny(step("b")).build()));
            h.run("a1 a2 b1 b2");
            h.matches.forEach(m -> ids.add(m.id()));
        }
        assertThat(first).hasSize(4).doesNotHaveDuplicates().isEqualTo(second);
        assertThat(first.get(0).value()).hasSize(32).matches("[0-9a-f]+");
        assertThat(MatchId.parse(first.get(0).value())).isEqualTo(first.get(0));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MatchId.parse("xyz"))
                .hasMessage("a match id has 32 hex digits, got 'xyz'");
    }

    @Test
    void matchRecordCarriesStepsAndTimestamps() {
        Harness h = Harness.of(ab("r", "a", "b"));
        h.sendAt("k", 1_000, "a1", 0).sendAt("k", 3_000, "b1", 0).end();
        Match m = h.matches.get(0);
        assertThat(m.events().keySet()).containsExactly("x", "y");
        assertThat(m.events("x")).extracting(Event::id).containsExactly(1L);
        assertThat(m.firstTimestamp()).isEqualTo(1_000);
        assertThat(m.lastTimestamp()).isEqualTo(3_000);
        assertThat(m.timestamp()).isEqualTo(3_000);
        assertThat(m.kind()).isEqualTo(MatchKind.MATCH);
    }

    @Test
    void rulesCanBeAddedAndRemovedWhileRunning() {
        Harness h = Harness.of(ab("r1", "a", "b"));
        h.send("k", "a1");
        h.watermark(1_500);
        h.engine.addRule(ab("r2", "a", "b"));
        h.send("k", "a2");
        assertThat(h.engine.removeRule(RuleId.of("r1"))).isTrue();
        assertThat(h.engine.removeRule(RuleId.of("r1"))).isFalse();
        h.send("k", "b1").end();
        assertThat(h.matches).extracting(m -> m.rule().value() + ":" + Harness.format(m)).containsExactly("r2:a2 b1");
        assertThat(h.engine.rules()).extracting(Rule::id).containsExactly(RuleId.of("r2"));
    }

    @Test
    void duplicateRuleIdsAndMalformedPatternsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> Harness.of(ab("r", "a", "b"), ab("r", "a", "b")))
                .hasMessage("two rules have the id r");
        assertThatThrownBy(() -> Harness.of(Rule.of("r", Sequence.begin(step("x", "a")).next(step("x", "b")).build())))
                .hasMessage("rule r: step name 'x' is used twice");
        assertThatThrownBy(() -> Harness.of(Rule.of("r", Sequence.begin(step("a")).notFollowedBy(step("b"))
                .notNext(step("c")).followedBy(step("d")).build())))
                .hasMessage("rule r: 'not next c' cannot follow 'not followed by b': Flink silently drops the 'not followed by b'"
                        + " there; write the 'not next' first (not c -> not b)");
        assertThatThrownBy(() -> Harness.of(Rule.of("r", Sequence.begin(step("a").optional()).notNext(step("b"))
                .followedBy(step("c")).build())))
                .hasMessage("rule r: negation 'b' cannot follow an optional part");
        assertThatThrownBy(() -> Harness.of(Rule.of("r", step("a")).skip(io.cepheus.core.pattern.AfterMatchSkip.skipToLast("q"))))
                .hasMessage("rule r: the skip strategy names step 'q', which is not in the pattern");
        assertThatThrownBy(() -> CepEngine.builder().rule(ab("r", "a", "b")).build())
                .hasMessage("an output is required: call output(...)");
    }
}
