package io.cepheus.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.CepEngine;
import io.cepheus.core.EngineOutput;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.Rule;
import io.cepheus.core.pattern.AfterMatchSkip;
import io.cepheus.core.pattern.Alternation;
import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Contiguity;
import io.cepheus.core.pattern.Group;
import io.cepheus.core.pattern.Pattern;
import io.cepheus.core.pattern.Quantifier;
import io.cepheus.core.pattern.Sequence;
import io.cepheus.core.pattern.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each construct of the pattern language against the cep-core pattern it stands for, built by hand
 * with the engine's API: both run on the same random event sequences and must give the same
 * results. Steps named a, b, c, d accept events of that type; {@code x} accepts a and b.
 */
class LoweringTest {

    private static Step step(String name) {
        return Step.of(name, Condition.fieldEquals(1, name));
    }

    private static Step x() {
        return Step.of("x", Condition.fieldEquals(1, "a").or(Condition.fieldEquals(1, "b")));
    }

    private static Arguments row(String pattern, String clauses, Supplier<Rule> expected) {
        return Arguments.of(pattern, clauses, expected);
    }

    private static Rule rule(Pattern p) {
        return Rule.of("r", p);
    }

    static Stream<Arguments> constructs() {
        return Stream.of(
                row("a b", "", () -> rule(Sequence.begin(step("a")).next(step("b")).build())),
                row("a -> b", "", () -> rule(Sequence.begin(step("a")).followedBy(step("b")).build())),
                row("a ->> b", "", () -> rule(Sequence.begin(step("a")).followedByAny(step("b")).build())),
                row("a -> b+ -> c", "", () -> rule(Sequence.begin(step("a")).followedBy(step("b").oneOrMore().greedy())
                        .followedBy(step("c")).build())),
                row("a -> b+? -> c", "", () -> rule(Sequence.begin(step("a")).followedBy(step("b").oneOrMore())
                        .followedBy(step("c")).build())),
                row("a -> x+ -> c", "", () -> rule(Sequence.begin(step("a")).followedBy(x().oneOrMore().greedy())
                        .followedBy(step("c")).build())),
                row("a -> x+? -> b", "", () -> rule(Sequence.begin(step("a")).followedBy(x().oneOrMore())
                        .followedBy(step("b")).build())),
                row("a -> b* -> c", "", () -> rule(Sequence.begin(step("a"))
                        .followedBy(step("b").quantified(Quantifier.zeroOrMore().asGreedy())).followedBy(step("c")).build())),
                row("a -> b*? -> c", "", () -> rule(Sequence.begin(step("a"))
                        .followedBy(step("b").quantified(Quantifier.zeroOrMore())).followedBy(step("c")).build())),
                row("a -> x? -> c", "", () -> rule(Sequence.begin(step("a")).followedBy(x().optional().greedy())
                        .followedBy(step("c")).build())),
                row("a -> x?? -> c", "", () -> rule(Sequence.begin(step("a")).followedBy(x().optional())
                        .followedBy(step("c")).build())),
                row("a{2} -> c", "", () -> rule(Sequence.begin(step("a").times(2)).followedBy(step("c")).build())),
                row("a{2,3} -> c", "", () -> rule(Sequence.begin(step("a").times(2, 3).greedy()).followedBy(step("c")).build())),
                row("a{2,3}? -> c", "", () -> rule(Sequence.begin(step("a").times(2, 3)).followedBy(step("c")).build())),
                row("a{2,} -> c", "", () -> rule(Sequence.begin(step("a").timesOrMore(2).greedy()).followedBy(step("c")).build())),
                row("a{0,2}? -> c", "", () -> rule(Sequence.begin(step("a").times(1, 2).optional()).followedBy(step("c")).build())),
                row("x -> a{2} optional -> c", "", () -> rule(Sequence.begin(x()).followedBy(step("a").times(2).optional())
                        .followedBy(step("c")).build())),
                row("x -> a{2,} optional -> c", "", () -> rule(Sequence.begin(x()).followedBy(step("a").timesOrMore(2)
                        .optional().greedy()).followedBy(step("c")).build())),
                row("x -> a{2,3}? optional consecutive -> c", "", () -> rule(Sequence.begin(x()).followedBy(step("a")
                        .times(2, 3).optional().consecutive()).followedBy(step("c")).build())),
                row("a -> (b c){2} optional -> d", "", () -> rule(Sequence.begin(step("a"))
                        .followedBy(Group.of(Sequence.begin(step("b")).next(step("c")).build(), Quantifier.times(2).asOptional()))
                        .followedBy(step("d")).build())),
                row("a -> within 2s b -> c", "", () -> rule(Sequence.begin(step("a")).followedBy(step("b"))
                        .withinPrevious(Duration.ofSeconds(2)).followedBy(step("c")).build())),
                row("a within 2s b", "", () -> rule(Sequence.begin(step("a")).next(step("b"))
                        .withinPrevious(Duration.ofSeconds(2)).build())),
                row("a{2} -> within 2s not b", "", () -> rule(Sequence.begin(step("a").times(2)).notFollowedBy(step("b"))
                        .withinPrevious(Duration.ofSeconds(2)).build())),
                row("a -> b+? consecutive -> c", "", () -> rule(Sequence.begin(step("a"))
                        .followedBy(step("b").oneOrMore().consecutive()).followedBy(step("c")).build())),
                row("a -> b+? any -> c", "", () -> rule(Sequence.begin(step("a"))
                        .followedBy(step("b").oneOrMore().allowCombinations()).followedBy(step("c")).build())),
                row("a -> (b c)+? -> d", "", () -> rule(Sequence.begin(step("a"))
                        .followedBy(Group.of(Sequence.begin(step("b")).next(step("c")).build(), Quantifier.oneOrMore()))
                        .followedBy(step("d")).build())),
                row("a -> (b -> c){2} -> d", "", () -> rule(Sequence.begin(step("a"))
                        .followedBy(Group.of(Sequence.begin(step("b")).followedBy(step("c")).build(), Quantifier.times(2)))
                        .followedBy(step("d")).build())),
                row("a -> (b | c d) -> d2", "", () -> rule(Sequence.begin(step("a"))
                        .followedBy(Alternation.of(step("b"), Sequence.begin(step("c")).next(step("d")).build()))
                        .followedBy(Step.of("d2", Condition.fieldEquals(1, "d"))).build())),
                row("b | c", "", () -> rule(Alternation.of(step("b"), step("c")))),
                row("a not b -> c", "", () -> rule(Sequence.begin(step("a")).notNext(step("b")).followedBy(step("c")).build())),
                row("a -> not b -> c", "", () -> rule(Sequence.begin(step("a")).notFollowedBy(step("b")).followedBy(step("c")).build())),
                row("a -> not b", "within 3s", () -> rule(Sequence.begin(step("a")).notFollowedBy(step("b")).build())
                        .within(Duration.ofSeconds(3))),
                row("a -> b -> c", "within 3s", () -> rule(Sequence.begin(step("a")).followedBy(step("b")).followedBy(step("c")).build())
                        .within(Duration.ofSeconds(3))),
                row("a -> b -> c", "within 3s alert on timeout { }", () -> rule(Sequence.begin(step("a")).followedBy(step("b"))
                        .followedBy(step("c")).build()).within(Duration.ofSeconds(3)).reportingTimeouts()),
                row("x+ -> c", "after match skip to next", () -> rule(Sequence.begin(x().oneOrMore().greedy())
                        .followedBy(step("c")).build()).skip(AfterMatchSkip.skipToNext())),
                row("x+? -> c", "after match skip past last event", () -> rule(Sequence.begin(x().oneOrMore())
                        .followedBy(step("c")).build()).skip(AfterMatchSkip.skipPastLastEvent())),
                row("a -> x+ -> c", "within 10s after match skip to first x", () -> rule(Sequence.begin(step("a"))
                        .followedBy(x().oneOrMore().greedy()).followedBy(step("c")).build())
                        .within(Duration.ofSeconds(10)).skip(AfterMatchSkip.skipToFirst("x"))),
                row("a -> x+? -> c", "within 10s after match skip to last x", () -> rule(Sequence.begin(step("a"))
                        .followedBy(x().oneOrMore()).followedBy(step("c")).build())
                        .within(Duration.ofSeconds(10)).skip(AfterMatchSkip.skipToLast("x"))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("constructs")
    void theLanguageGivesTheEnginePatternItStandsFor(String pattern, String clauses, Supplier<Rule> expected) {
        String where = "a: type == \"a\" b: type == \"b\" c: type == \"c\" d: type == \"d\" d2: type == \"d\""
                + " x: type in (\"a\", \"b\")";
        String text = "stream s { fields { name: string type: string } }\n"
                + "rule r { from s pattern " + pattern + " where " + filterDefinitions(where, pattern) + " " + clauses + " }";
        Rule compiled = RuleLanguage.compile(Source.of("t.cep", text)).rule("r").rule();
        Rule handBuilt = expected.get();
        assertThat(compiled.within()).isEqualTo(handBuilt.within());
        assertThat(compiled.skip()).isEqualTo(handBuilt.skip());
        assertThat(compiled.reportTimeouts()).isEqualTo(handBuilt.reportTimeouts());
        Random random = new Random(pattern.hashCode());
        int results = 0;
        for (int run = 0; run < 60; run++) {
            List<Event> events = new ArrayList<>();
            int n = 3 + random.nextInt(8);
            for (int i = 0; i < n; i++) {
                String type = String.valueOf("abcd".charAt(random.nextInt(4)));
                events.add(Event.of(i + 1, 1_000L * (i + 1), type + (i + 1), type));
            }
            List<String> actual = run(compiled, events);
            assertThat(actual).as("input %s", events).isEqualTo(run(handBuilt, events));
            results += actual.size();
        }
        assertThat(results).as("the random inputs must produce some results").isPositive();
    }

    /** Keeps only the definitions of steps the pattern names. */
    private static String filterDefinitions(String where, String pattern) {
        StringBuilder out = new StringBuilder();
        for (String def : where.split(" (?=[a-z0-9]+: )")) {
            String name = def.substring(0, def.indexOf(':'));
            if (pattern.matches(".*(?<![a-z0-9])" + name + "(?![a-z0-9]).*")) {
                out.append(def).append(' ');
            }
        }
        return out.toString();
    }

    private static List<String> run(Rule rule, List<Event> events) {
        List<String> out = new ArrayList<>();
        EngineOutput output = (Match m) -> out.add(m.kind() + " " + m.events() + " @" + m.timestamp());
        try (CepEngine engine = CepEngine.builder().rule(rule).output(output).build()) {
            for (Event e : events) {
                engine.process("k", e);
            }
            engine.advanceWatermark(Long.MAX_VALUE - 1);
        }
        return out;
    }
}
