package io.cepheus.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.dsl.RuleLanguage;
import io.cepheus.dsl.Source;
import io.cepheus.dsl.tree.Declaration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The pattern as a graph: edges, contiguity, quantifiers, negation, groups, positions, from the syntax tree. */
class PatternGraphsTest {

    static PatternGraph graph(String text) {
        Declaration.Rule rule = (Declaration.Rule) RuleLanguage.parse(Source.of("t", text)).tree().orElseThrow()
                .declarations().getFirst();
        return PatternGraphs.of(text, rule);
    }

    static PatternGraph pattern(String pattern) {
        return graph("rule r { from s pattern " + pattern + " within 1m }");
    }

    static String edges(PatternGraph g) {
        return String.join(" ", g.edges().stream().map(e -> e.from() + (e.kind().equals("repeat") ? "~" : "")
                + switch (e.contiguity()) {
                    case "strict" -> ".";
                    case "relaxed" -> ">";
                    default -> ">>";
                } + (e.within() == null ? "" : "[" + e.within() + "]") + e.to()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            a b                   ; a.b                   ; a   ; b
            a -> b ->> c          ; a>b b>>c              ; a   ; c
            a -> within 5s b      ; a>[5s]b               ; a   ; b
            a -> b? -> c          ; a>b a>c b>c           ; a   ; c
            a -> b*               ; a>b                   ; a   ; a b
            a -> not b -> c       ; a>b b>c               ; a   ; c
            a -> (b | c d) -> e   ; c.d a>b a>c b>e d>e   ; a   ; e
            a -> (b c){2,} -> d   ; b.c c~>b a>b c>d      ; a   ; d
            (a | b) c             ; a.c b.c               ; a b ; c
            """)
    void edgesFollowTheLinks(String pattern, String edges, String start, String end) {
        PatternGraph g = pattern(pattern);

        assertThat(edges(g)).isEqualTo(edges);
        assertThat(g.start()).containsExactly(start.split(" "));
        assertThat(g.end()).containsExactly(end.split(" "));
    }

    @Test
    void stepsCarryQuantifierContiguityNegationConditionAndPositions() {
        String text = """
                rule card_testing {
                  from payments
                  pattern probe{3,} consecutive -> big ->> refund+? -> not chargeback
                  where
                    probe: amount < 2.00
                      and status == "approved"
                    big: amount > 500
                  within 10m
                  after match skip to last big
                  alert on timeout { summary "x" }
                }
                """;

        PatternGraph g = graph(text);

        assertThat(g.steps()).containsExactly(
                new PatternGraph.Step("probe", "payments", "{3,}", 3, null, true, false, false, null, "strict", null,
                        "amount < 2.00 and status == \"approved\"", null, new PatternGraph.Position(3, 11, 3, 16),
                        new PatternGraph.Position(5, 5, 6, 31)),
                new PatternGraph.Step("big", "payments", null, 1, 1, false, false, false, "relaxed", null, null,
                        "amount > 500", null, new PatternGraph.Position(3, 36, 3, 39), new PatternGraph.Position(7, 5, 7, 22)),
                new PatternGraph.Step("refund", "payments", "+?", 1, null, false, false, false, "any", "relaxed", null, null,
                        null, new PatternGraph.Position(3, 44, 3, 50), null),
                new PatternGraph.Step("chargeback", "payments", null, 1, 1, false, false, true, "relaxed", null, null, null,
                        null, new PatternGraph.Position(3, 56, 3, 70), null));
        assertThat(g.window()).isEqualTo("10m");
        assertThat(g.skip()).isEqualTo(new PatternGraph.Skip("skip_to_last", "big", false));
        assertThat(g.timeouts()).isTrue();
    }

    @Test
    void groupsListTheirStepsAndQuantifier() {
        PatternGraph g = pattern("a -> ((b c){2} d)+ -> e");

        assertThat(g.groups()).extracting(PatternGraph.Group::steps, PatternGraph.Group::quantifier,
                        PatternGraph.Group::min, PatternGraph.Group::max)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(List.of("b", "c"), "{2}", 2, 2),
                        org.assertj.core.groups.Tuple.tuple(List.of("b", "c", "d"), "+", 1, null));
    }

    @Test
    void anAggregateRuleHasNoGraph() {
        assertThat(graph("rule r { from s aggregate over last 1m { n: count() } when n > 3 }")).isNull();
    }
}
