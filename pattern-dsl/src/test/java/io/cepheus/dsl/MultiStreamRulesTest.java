package io.cepheus.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cepheus.core.AggregateResult;
import io.cepheus.core.CepEngine;
import io.cepheus.core.EngineOutput;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Sequence;
import io.cepheus.core.pattern.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pattern rules over several streams ({@code from a, b}): one engine over the union layout, each
 * step taking events of its own stream only.
 */
class MultiStreamRulesTest {

    /** Two streams with a shared field ({@code kind}) and a key each; {@code v} only in a, {@code w} only in b. */
    private static final String STREAMS = """
            stream a { key k fields { k: string kind: string v: long ts: timestamp } }
            stream b { key id fields { id: string w: long kind: string ts: timestamp } }
            """;

    private static final class Run implements EngineOutput {
        final CompiledRules rules;
        final CompiledRule rule;
        final CepEngine engine;
        final List<Match> matches = new ArrayList<>();
        final List<AggregateResult> results = new ArrayList<>();

        Run(String text, String name) {
            rules = RuleLanguage.compile(Source.of("t.cep", text));
            rule = rules.rule(name);
            CepEngine.Builder b = CepEngine.builder().output(this);
            engine = (rule.isAggregate() ? b.aggregateRule(rule.aggregateRule()) : b.rule(rule.rule())).build();
        }

        /** An event of {@code stream}, placed in the rule's union layout, processed under the rule's key. */
        Run send(String stream, long id, Map<String, ?> values) {
            Event e = rule.eventFor(stream, rules.streams().get(stream).event(id, id * 1_000, values));
            String key = rule.partitionKey(e);
            if (key != null) {
                engine.process(key, e);
            }
            return this;
        }

        /** The end of the input: every buffered event is processed. */
        Run end() {
            engine.advanceWatermark(Long.MAX_VALUE - 1);
            return this;
        }

        @Override
        public void onMatch(Match match) {
            matches.add(match);
        }

        @Override
        public void onAggregate(AggregateResult result) {
            results.add(result);
        }
    }

    private static List<String> bindings(Match m) {
        List<String> out = new ArrayList<>();
        m.events().forEach((step, events) -> events.forEach(e -> out.add(step + "=" + e.id())));
        return out;
    }

    @Test
    void eachStepTakesEventsOfItsOwnStreamOnly() {
        Run r = new Run(STREAMS + """
                rule r {
                  from a, b
                  pattern x -> y
                  where
                    x from a: kind == "go"
                    y from b: kind == "go" and w > x.v
                }
                """, "r");
        // keys: a's key field k, b's key field id, both "k1"
        r.send("b", 1, Map.of("id", "k1", "kind", "go", "w", 100))   // a b event cannot start x
                .send("a", 2, Map.of("k", "k1", "kind", "go", "v", 5)) // x
                .send("a", 3, Map.of("k", "k1", "kind", "go", "v", 1)) // an a event cannot be y (kind == "go" holds)
                .send("b", 4, Map.of("id", "k1", "kind", "go", "w", 3)) // w not above x.v
                .send("b", 5, Map.of("id", "k1", "kind", "go", "w", 7)) // y
                .end();
        assertThat(r.matches).extracting(MultiStreamRulesTest::bindings)
                .containsExactly(List.of("x=3", "y=4"), List.of("x=2", "y=5"));
        assertThat(r.matches).extracting(Match::key).containsOnly("k1");
    }

    @Test
    void theUnionLayoutAndTheStreamTestComeFirst() {
        CompiledRules rules = RuleLanguage.compile(Source.of("t.cep", STREAMS + """
                rule r { from a, b partition by kind pattern x -> y where x from a: v > 1 and kind == "go" y from b }
                """));
        CompiledRule r = rules.rule("r");
        assertThat(r.streams()).extracting(StreamLayout::name).containsExactly("a", "b");
        assertThat(r.stream().name()).isEqualTo("a, b");
        assertThat(r.stream().fields()).extracting(StreamLayout.Field::name).containsExactly(
                "$stream", "a.k", "a.kind", "a.v", "a.ts", "b.id", "b.w", "b.kind", "b.ts");
        assertThat(r.fieldsRead()).containsExactly("a.kind", "a.v", "b.kind");
        assertThat(rules.fieldsRead("a")).containsExactly("kind", "v");
        assertThat(rules.fieldsRead("b")).containsExactly("kind");
        Event e = r.eventFor("b", rules.streams().get("b").event(7, 7_000, Map.of("id", "i", "w", 3, "kind", "go")));
        assertThat(e.values()).containsExactly("b", null, null, null, null, "i", 3L, "go", null);
        assertThat(e.id()).isEqualTo(7L);
        assertThat(e.timestamp()).isEqualTo(7_000L);
        assertThat(r.partitionKey(e)).isEqualTo("go");
        Event traced = new Event(8, 8_000, new Object[] {"i", 3L, "go", 8_000L, "00-trace-span-01"});
        assertThat(r.eventFor("b", traced).values()).as("values after the stream's fields follow the union's")
                .containsExactly("b", null, null, null, null, "i", 3L, "go", 8_000L, "00-trace-span-01");
        assertThatThrownBy(() -> r.eventFor("c", e)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rule r does not read stream c; it reads a, b");
        // the engine indexes a step by its first FieldEquals: the stream test, then the step's own
        Sequence seq = (Sequence) r.rule().pattern();
        Condition x = ((Step) seq.parts().get(0).pattern()).condition();
        assertThat(x).isInstanceOf(Condition.And.class);
        Condition.And and = (Condition.And) x;
        assertThat(and.left()).isEqualTo(Condition.fieldEquals(0, "a"));
        assertThat(((Step) seq.parts().get(1).pattern()).condition()).isEqualTo(Condition.fieldEquals(0, "b"));
    }

    @Test
    void anAggregateRuleFeedsAPatternRuleThatAlsoReadsTheStream() {
        String text = """
                stream logins { key ip fields { ip: string outcome: string ts: timestamp } }
                rule burst {
                  from logins
                  filter outcome == "failure"
                  aggregate over last 1m { failures: count() }
                  when failures >= 2
                  alert { failures: failures }
                }
                rule burst_then_success {
                  from logins, alerts(burst)
                  pattern b -> s
                  where
                    b from alerts(burst): failures >= 2
                    s from logins: outcome == "success"
                  within 10m
                }
                """;
        Run up = new Run(text, "burst");
        Run down = new Run(text, "burst_then_success");
        assertThat(down.rule.alertsRead()).containsExactly("burst");
        assertThat(down.rule.readsAlertsOf()).isEmpty();
        StreamLayout logins = up.rules.streams().get("logins");
        // a success before the burst, two failures (the burst, at 3 s), a success from another IP, then one from the IP
        String[][] rows = {{"A", "success"}, {"A", "failure"}, {"A", "failure"}, {"B", "success"}, {"A", "success"}};
        for (int i = 0; i < rows.length; i++) {
            Event e = logins.event(i + 1, (i + 1) * 1_000L, "ip", rows[i][0], "outcome", rows[i][1]);
            up.engine.process(up.rule.partitionKey(e), e);
        }
        up.end();
        assertThat(up.results).extracting(AggregateResult::triggerEventId).containsExactly(3L);
        // the downstream engine orders its input by event time: the alert (at 3 s) comes before the logins here
        Event alert = down.rule.alertEvent(up.rule.render(up.results.get(0)));
        assertThat(alert.get(0)).isEqualTo("alerts(burst)");
        down.engine.process(down.rule.partitionKey(alert), alert);
        for (int i = 0; i < rows.length; i++) {
            down.send("logins", i + 1, Map.of("ip", rows[i][0], "outcome", rows[i][1]));
        }
        down.end();
        assertThat(down.matches).extracting(MultiStreamRulesTest::bindings).containsExactly(List.of("b=3", "s=5"));
        assertThat(down.matches.get(0).key()).isEqualTo("A");
    }

    @Test
    void prevAndAlertsReadTheFieldsEveryStreamHas() {
        Run r = new Run(STREAMS + """
                rule r {
                  from a, b
                  pattern x -> y
                  where
                    x from a
                    y from b: prev(kind) == kind
                  alert { summary "${kind}: ${x.v} then ${y.w}" }
                }
                """, "r");
        r.send("a", 1, Map.of("k", "k1", "kind", "p", "v", 1))
                .send("b", 2, Map.of("id", "k1", "kind", "q", "w", 2))
                .send("a", 3, Map.of("k", "k2", "kind", "q", "v", 3))
                .send("b", 4, Map.of("id", "k2", "kind", "q", "w", 4))
                .end();
        assertThat(r.matches).extracting(MultiStreamRulesTest::bindings).containsExactly(List.of("x=3", "y=4"));
        assertThat(r.rule.render(r.matches.get(0)).summary()).isEqualTo("q: 3 then 4");
    }

    @Test
    void severalStreamsFormatCanonicallyAndRoundTrip() {
        String text = STREAMS + "rule r { from a , alerts( x ) pattern p -> q where p from alerts(x) q from a :kind==\"go\" "
                + "until v > 1 }";
        assertThat(RuleLanguage.format(text)).contains("""
                rule r {
                  from a, alerts(x)
                  pattern p -> q
                  where
                    p from alerts(x)
                    q from a: kind == "go" until v > 1
                }""");
        FormatterTest.assertRoundTrip(text);
        FormatterTest.assertRoundTrip(STREAMS + "rule r { from a, b pattern x -> y where x from a: v > 1 y from b }");
    }
}
