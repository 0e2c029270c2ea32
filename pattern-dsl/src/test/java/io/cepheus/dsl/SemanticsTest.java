package io.cepheus.dsl;

import static io.cepheus.dsl.RuleHarness.rule;
import static io.cepheus.dsl.RuleHarness.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.Event;
import io.cepheus.core.MatchKind;
import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules compiled from text and run through cep-core: negation, windows, conditions on the match, order, skip errors. */
class SemanticsTest {

    // ------------------------------------------------------------------ negation and absence

    @Test
    void notNextForbidsTheVeryNextEvent() {
        assertThat(rule("a not b -> c", types("a", "b", "c"), "").run("a b c")).isEmpty();
        assertThat(rule("a not b -> c", types("a", "b", "c"), "").run("a d b c")).containsExactly("a c");
    }

    @Test
    void notFollowedByForbidsTheEventAnywhereBeforeTheNextStep() {
        assertThat(rule("a -> not b -> c", types("a", "b", "c"), "").run("a d b c")).isEmpty();
        assertThat(rule("a -> not b -> c", types("a", "b", "c"), "").run("a d c b")).containsExactly("a c");
    }

    @Test
    void trailingAbsenceFiresWhenTheWindowElapses() {
        RuleHarness h = rule("a -> not b", types("a", "b"), "within 5s");
        h.sendAt(1_000, "a1").sendAt(2_000, "a2").sendAt(4_000, "b").end();
        assertThat(h.matchStrings()).isEmpty();

        h = rule("a -> not b", types("a", "b"), "within 5s");
        h.sendAt(1_000, "a1").sendAt(6_000, "b").end();
        assertThat(h.matchStrings()).containsExactly("absence(a1)");
        assertThat(h.matches.get(0).timestamp()).isEqualTo(6_000);
        assertThat(h.matches.get(0).kind()).isEqualTo(MatchKind.ABSENCE);
    }

    // ------------------------------------------------------------------ forms Flink accepts (issue 18)

    @Test
    void greedyLoopAtTheEndGivesAMatchAtEveryRepetitionAsInFlink() {
        assertThat(rule("a -> b+", types("a", "b"), "").run("a b1 c b2")).containsExactly("a b1", "a b1 b2");
    }

    @Test
    void patternThatCanMatchNoEventMatchesTheEventsItTakes() {
        assertThat(rule("a*", types("a"), "").run("a1 b a2")).containsExactly("a1", "a1 a2", "a2");
    }

    @Test
    void optionalFirstStepOfAGroup() {
        assertThat(rule("x -> (a? b)+? -> c", types("x", "a", "b", "c"), "").run("x a1 b1 c1"))
                .containsExactly("x a1 b1 c1");
    }

    @Test
    void optionalOnARepetitionMeansNoneOrThatMany() {
        assertThat(rule("x -> a{2} optional -> c", types("x", "a", "c"), "").run("x a1 c1 a2 c2"))
                .containsExactly("x c1", "x a1 a2 c2");
    }

    @Test
    void aPartsOwnWindowCountsFromThePreviousEvent() {
        RuleHarness h = rule("a -> b -> within 2s c", types("a", "b", "c"), "alert on timeout { }");
        h.sendAt(1_000, "a").sendAt(9_000, "b").sendAt(10_500, "c1").end();
        assertThat(h.matchStrings()).containsExactly("a b c1");

        h = rule("a -> b -> within 2s c", types("a", "b", "c"), "alert on timeout { }");
        h.sendAt(1_000, "a").sendAt(9_000, "b").sendAt(11_000, "c1").end();
        assertThat(h.matchStrings()).containsExactly("timeout(a b)");
        assertThat(h.matches.get(0).timestamp()).isEqualTo(11_000);
    }

    @Test
    void anAbsenceCanHaveItsOwnWindow() {
        RuleHarness h = rule("a -> b -> within 2s not c", types("a", "b", "c"), "");
        h.sendAt(1_000, "a").sendAt(9_000, "b").sendAt(12_000, "c").end();
        assertThat(h.matchStrings()).containsExactly("absence(a b)");
        assertThat(h.matches.get(0).timestamp()).isEqualTo(11_000);
    }

    @Test
    void aConditionReadsALoopsEarlierEventsByOffset() {
        // each reading above the one two before it (SQL: r.amount > LAST(r.amount, 2) in DEFINE, which counts the tested row)
        RuleHarness h = rule("r{3} consecutive", "r: amount > coalesce(last(r.amount, 1), 0)", "");
        h.send("r1", "amount", 5).send("r2", "amount", 1).send("r3", "amount", 4).send("r4", "amount", 2)
                .send("r5", "amount", 7).end();
        assertThat(h.matchStrings()).containsExactly("r2 r3 r4", "r3 r4 r5");
        RuleHarness second = rule("a+? -> b", "a: type == \"a\" b: type == \"b\" and amount == first(a.amount, 1)", "");
        second.send("a1", "amount", 1).send("a2", "amount", 2).send("b1", "amount", 2).end();
        assertThat(second.matchStrings()).containsExactly("a1 a2 b1");
    }

    // ------------------------------------------------------------------ windows and timeouts

    @Test
    void theWindowIsHalfOpen() {
        RuleHarness inside = rule("a -> b", types("a", "b"), "within 2s");
        inside.sendAt(1_000, "a").sendAt(2_999, "b").end();
        assertThat(inside.matchStrings()).containsExactly("a b");

        RuleHarness atTheEdge = rule("a -> b", types("a", "b"), "within 2s");
        atTheEdge.sendAt(1_000, "a").sendAt(3_000, "b").end();
        assertThat(atTheEdge.matchStrings()).isEmpty();
    }

    @Test
    void timeoutsAreReportedOnlyWithAnAlertOnTimeout() {
        RuleHarness silent = rule("a -> b -> c", types("a", "b", "c"), "within 2s");
        silent.sendAt(1_000, "a").sendAt(1_500, "b").end();
        assertThat(silent.matchStrings()).isEmpty();

        RuleHarness reporting = rule("a -> b -> c", types("a", "b", "c"),
                "within 2s alert on timeout { summary \"stalled after ${last(b).name}\" }");
        reporting.sendAt(1_000, "a").sendAt(1_500, "b").end();
        assertThat(reporting.matchStrings()).containsExactly("timeout(a b)");
        assertThat(reporting.matches.get(0).timestamp()).isEqualTo(3_000);
        assertThat(reporting.alerts().get(0).summary()).isEqualTo("stalled after b");
    }

    // ------------------------------------------------------------------ conditions on the partial match

    @Test
    void conditionsReadEarlierStepsFirstLastAndAggregatesSoFar() {
        String where = """
                probe: type == "p"
                    big: type == "b" and amount > 10 * first(probe).amount and amount > max(probe.amount) + 100
                      and name != last(probe).name\
                """;
        RuleHarness h = rule("probe{2,}? -> big", where, "after match skip past last event");
        h.send("p1", "amount", 2).send("p2", "amount", 5).send("b1", "amount", 50).send("b2", "amount", 200).end();
        assertThat(h.matchStrings()).containsExactly("p1 p2 b2");
    }

    @Test
    void aLoopConditionSeesTheAggregateOfTheEventsBoundSoFar() {
        RuleHarness h = rule("s{3}", "s: type == \"s\" and (count(s) == 0 or amount > avg(s.amount))", "");
        h.send("s1", "amount", 1).send("s2", "amount", 2).send("s3", "amount", 1).send("s4", "amount", 3).end();
        assertThat(h.matchStrings()).containsExactly("s1 s2 s4");
    }

    @Test
    void prevIsTheEventBoundJustBefore() {
        RuleHarness h = rule("start rise{2,} consecutive fall", "start: type == \"t\" rise: type == \"t\" and amount > prev(amount)"
                + " fall: amount < prev(amount)", "after match skip past last event");
        h.send("t1", "amount", 5).send("t2", "amount", 6).send("t3", "amount", 7).send("t4", "amount", 4)
                .send("t5", "amount", 3).send("t6", "amount", 4).send("t7", "amount", 2).end();
        assertThat(h.matchStrings()).containsExactly("t1 t2 t3 t4");
    }

    @Test
    void timeArithmeticOnTimestampsAndDurations() {
        RuleHarness h = rule("a -> b", "a: type == \"a\" b: type == \"b\" and ts - a.ts < 2s and ts > a.ts + 500ms", "");
        h.sendAt(1_000, "a1", "ts", 1_000L).sendAt(1_400, "b1", "ts", 1_400L).sendAt(2_500, "b2", "ts", 2_500L)
                .sendAt(3_100, "b3", "ts", 3_100L).end();
        assertThat(h.matchStrings()).containsExactly("a1 b2");
    }

    // ------------------------------------------------------------------ order, skip errors

    @Test
    void matchesCompletedByOneEventComeOutByStart() {
        assertThat(rule("a ->> b", types("a", "b"), "").run("a1 a2 a3 b")).containsExactly("a1 b", "a2 b", "a3 b");
    }

    @Test
    void skipToAMissingStepFallsBackToNoSkipOrFailsWhenAsked() {
        String where = types("a", "x", "c");
        assertThat(rule("a -> x? -> c", where, "after match skip to first x").run("a c")).containsExactly("a c");

        RuleHarness failing = rule("a -> x? -> c", where, "after match skip to first x or fail");
        failing.run("a c");
        assertThat(failing.matchStrings()).containsExactly("a c");
        assertThat(failing.errors).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("rule r: cannot skip to first(x): no event is bound to x in the match");
    }

    // ------------------------------------------------------------------ keys, indexing, fields read

    @Test
    void partitionKeysJoinSeveralValuesAndNullMeansNoPartition() {
        CompiledRules rules = RuleLanguage.compile(Source.of("t.cep", RuleHarness.STREAM
                + "rule r { from s partition by k, lower(type), amount pattern a where a: true }"));
        StreamLayout s = rules.streams().get("s");
        CompiledRule r = rules.rule("r");
        assertThat(r.partitionKey(s.event(1, 0, "k", "k1", "type", "AB", "amount", 3))).isEqualTo("k1|ab|3");
        assertThat(r.partitionKey(s.event(1, 0, "k", "k1", "type", "AB"))).isNull();
    }

    @Test
    void theSameStreamPartitionedDifferentlyByTwoRules() {
        CompiledRules rules = RuleLanguage.compile(Source.of("t.cep", RuleHarness.STREAM + """
                rule by_key { from s partition by k pattern a -> b where a: type == "a" b: type == "b" }
                rule by_name { from s partition by substr(name, 2) pattern a -> b where a: type == "a" b: type == "b" }
                """));
        StreamLayout s = rules.streams().get("s");
        List<Event> events = List.of(s.event(1, 1_000, "type", "a", "name", "a1", "k", "k1"),
                s.event(2, 2_000, "type", "b", "name", "b2", "k", "k1"),
                s.event(3, 3_000, "type", "b", "name", "b1", "k", "k2"));
        assertThat(rules.rule("by_key").partitionBy()).containsExactly("k");
        assertThat(rules.rule("by_name").partitionBy()).containsExactly("substr(name, 2)");
        assertThat(runAlone(rules.rule("by_key"), events)).containsExactly("k1: 1 2");
        assertThat(runAlone(rules.rule("by_name"), events)).containsExactly("1: 1 3");
    }

    /** One engine per partitioning: each event goes to the rule under the rule's own key. */
    private static List<String> runAlone(CompiledRule rule, List<Event> events) {
        List<String> out = new java.util.ArrayList<>();
        try (io.cepheus.core.CepEngine engine = io.cepheus.core.CepEngine.builder().rule(rule.rule())
                .output(m -> out.add(m.key() + ": " + String.join(" ", m.allEvents().stream().map(e -> "" + e.id()).toList())))
                .build()) {
            events.forEach(e -> engine.process(rule.partitionKey(e), e));
            engine.advanceWatermark(Long.MAX_VALUE - 1);
        }
        return out;
    }

    @Test
    void alertsAggregateOverTheWholeMatch() {
        RuleHarness h = rule("p{3} -> q", "p: type == \"p\" q: type == \"q\"", """
                alert {
                    c: count(p)
                    s: sum(p.amount)
                    a: avg(p.amount)
                    mn: min(p.amount)
                    mx: max(p.price)
                    f: first(p).name
                    l: last(p).name
                    q: q.amount - first(p).amount
                    t: ts - first(p).ts
                  }""");
        h.send("p1", "amount", 4, "price", "1.10", "ts", 1_000L).send("p2", "amount", 1, "price", "3.30", "ts", 2_000L)
                .send("p3", "amount", 7, "ts", 3_000L).send("q1", "amount", 10, "ts", 9_000L).end();
        assertThat(h.alerts()).singleElement().satisfies(alert -> assertThat(alert.fields()).containsExactly(
                java.util.Map.entry("c", 3L), java.util.Map.entry("s", 12L), java.util.Map.entry("a", 4.0),
                java.util.Map.entry("mn", 1L), java.util.Map.entry("mx", new java.math.BigDecimal("3.30")),
                java.util.Map.entry("f", "p1"), java.util.Map.entry("l", "p3"), java.util.Map.entry("q", 6L),
                java.util.Map.entry("t", java.time.Duration.ofSeconds(8))));
    }

    @Test
    void withoutPartitionByTheStreamKeyOrOnePartition() {
        CompiledRules rules = RuleLanguage.compile(Source.of("t.cep", """
                stream keyed { key id fields { id: string } }
                stream flat { fields { id: string } }
                rule a { from keyed pattern x where x: true }
                rule b { from flat pattern x where x: true }
                """));
        Event e = rules.streams().get("keyed").event(1, 0, "id", "i7");
        assertThat(rules.rule("a").partitionKey(e)).isEqualTo("i7");
        assertThat(rules.rule("b").partitionKey(e)).isEmpty();
    }

    @Test
    void equalityWithAConstantBecomesAnIndexableFieldEquals() {
        CompiledRules rules = RuleLanguage.compile(Source.of("t.cep", RuleHarness.STREAM
                + "rule r { from s pattern a where a: type == \"a\" and amount > 1 and \"x\" == name }"));
        Condition condition = ((Step) rules.rule("r").rule().pattern()).condition();
        assertThat(condition).isInstanceOf(Condition.And.class);
        Condition.And and = (Condition.And) condition;
        assertThat(and.left()).isEqualTo(new Condition.And(Condition.fieldEquals(0, "a"), Condition.fieldEquals(1, "x")));
        assertThat(and.right().readsContext()).isFalse();
    }

    @Test
    void aRuleReadsOnlyTheFieldsItNames() {
        CompiledRules rules = RuleLanguage.compile(Source.of("t.cep", RuleHarness.STREAM + """
                rule r1 { from s partition by k pattern a -> b where a: type == "a" b: amount > a.amount }
                rule r2 { from s pattern a where a: true alert { p: price } }
                """));
        assertThat(rules.rule("r1").fieldsRead()).containsExactly("type", "amount", "k");
        assertThat(rules.rule("r2").fieldsRead()).containsExactly("price");
        assertThat(rules.fieldsRead("s")).containsExactly("type", "amount", "price", "k");
    }

    @Test
    void warningsDoNotStopCompilation() {
        CompiledRules rules = RuleLanguage.compile(Source.of("t.cep", RuleHarness.STREAM
                + "rule r { from s pattern a -> b where a: type == \"a\" }"));
        assertThat(rules.warnings()).extracting(Diagnostic::toString)
                .containsExactly("line 12:30: warning: step 'b' has no condition in 'where': it accepts every event");
        assertThat(rules.rules()).hasSize(1);
    }

    @Test
    void compileThrowsWithEveryErrorOfEveryRule() {
        String text = RuleHarness.STREAM + """
                rule r1 { from s pattern a where a: amout > 1 }
                rule r2 { from s pattern a where a: type == 1 }
                """;
        try {
            RuleLanguage.compile(Source.of("many.cep", text));
            throw new AssertionError("expected a RuleLanguageException");
        } catch (RuleLanguageException e) {
            assertThat(e.errors()).extracting(Diagnostic::toString).containsExactly(
                    "line 12:37: unknown field 'amout' in stream s; did you mean 'amount'?",
                    "line 13:37: cannot compare string with long (declare the field with the type of its values, or "
                            + "compare with a literal of that type)");
            assertThat(e.getMessage()).startsWith("many.cep:12:37: unknown field 'amout'");
        }
    }

    @Test
    void diagnosticsRenderTheLineWithACaret() {
        String text = RuleHarness.STREAM + "rule r { from s pattern a where a: amout > 1 }\n";
        Diagnostic d = RuleLanguage.check(Source.of("rules.cep", text)).get(0);
        assertThat(d.render(text)).isEqualTo("""
                rules.cep:12:36: error: unknown field 'amout' in stream s; did you mean 'amount'?
                    rule r { from s pattern a where a: amout > 1 }
                                                       ^^^^^\
                """);
    }

    @Test
    void aRuleMayReadAStreamDeclaredInAnotherFile() {
        Source streams = Source.of("streams.cep", "stream s { fields { a: long } }\n");
        Source rules = Source.of("rules.cep", "rule r { from s pattern x where x: a > 1 }\nrule q { from t pattern x where x: b }\n");
        List<Diagnostic> d = RuleLanguage.check(streams, rules);
        assertThat(d).extracting(x -> x.source() + " " + x).containsExactly(
                "rules.cep line 2:15: unknown stream 't'; did you mean 's'?");
        assertThat(RuleLanguage.compile(streams, Source.of("rules.cep", "rule r { from s pattern x where x: a > 1 }"))
                .rule("r").stream().name()).isEqualTo("s");
    }

    @Test
    void severalSyntaxErrorsInOneFileAreAllReported() {
        List<Diagnostic> d = RuleLanguage.check(Source.of("t.cep", """
                stream s { fields { a: long } }
                rule r { from s pattern x where x: a = 1 }
                rule q { from s pattern x where x: a > 1 && a < 3 }
                """));
        assertThat(d).extracting(Diagnostic::toString).containsExactly(
                "line 2:38: unexpected '=': compare with '==', and name alert fields with ':'",
                "line 3:42: unexpected '&&': write 'and'");
    }
}
