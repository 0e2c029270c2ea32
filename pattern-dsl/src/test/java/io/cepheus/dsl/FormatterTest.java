package io.cepheus.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cepheus.dsl.tree.SourceFile;
import org.junit.jupiter.api.Test;

/** The canonical formatter: stable, and parsing its output gives the same tree. */
class FormatterTest {

    /** The tree without positions: what must survive formatting. */
    static String shape(SourceFile tree) {
        return tree.toString().replaceAll("span=\\d+:\\d+", "");
    }

    static SourceFile parse(String text) {
        ParseResult r = RuleLanguage.parse(Source.of("t.cep", text));
        assertThat(r.diagnostics()).as("syntax errors in:\n%s", text).isEmpty();
        return r.tree().orElseThrow();
    }

    /** format(parse(x)) is stable, and parse(format(x)) has the tree of x. */
    static void assertRoundTrip(String text) {
        SourceFile tree = parse(text);
        String formatted = RuleLanguage.format(tree);
        SourceFile again = parse(formatted);
        assertThat(shape(again)).as("tree after formatting:\n%s", formatted).isEqualTo(shape(tree));
        assertThat(RuleLanguage.format(again)).isEqualTo(formatted);
    }

    @Test
    void formatsToTheCanonicalLayout() {
        String messy = """
                # payments
                stream payments { topic "p" time ts  lateness 5s id   txn
                fields { card_id : string amount:decimal
                   ts: timestamp txn: string } }
                rule   r{from payments partition by card_id pattern probe{3,}->big  ->>(x|y z)+? not q where probe:amount<2.00 and card_id=="a"  # small
                big : amount>500   x: true y: prev(amount) > 1 z: `from` is null q: false until true
                within 10m after match skip to last probe or fail
                alert{summary "Card ${card_id}: ${count( probe )}" probes:count(probe)}
                alert on timeout { severity low }
                suppress for 1h notify fraud-team, "pager"}
                """;
        assertThat(RuleLanguage.format(messy)).isEqualTo("""
                # payments
                stream payments {
                  topic "p"
                  time ts
                  lateness 5s
                  id txn
                  fields {
                    card_id: string
                    amount: decimal
                    ts: timestamp
                    txn: string
                  }
                }

                rule r {
                  from payments
                  partition by card_id
                  pattern probe{3,} -> big ->> (x | y z)+? not q
                  where
                    probe: amount < 2.00 and card_id == "a"  # small
                    big: amount > 500
                    x: true
                    y: prev(amount) > 1
                    z: `from` is null
                    q: false until true
                  within 10m
                  after match skip to last probe or fail
                  alert {
                    summary "Card ${card_id}: ${count(probe)}"
                    probes: count(probe)
                  }
                  alert on timeout {
                    severity low
                  }
                  suppress for 1h
                  notify fraud-team, "pager"
                }
                """);
    }

    @Test
    void readsIdAsAClauseAndAsAName() {
        String text = """
                stream s {
                  id id
                  fields {
                    id: string
                  }
                }

                rule r {
                  from s
                  pattern id -> b
                  where
                    id: id == "x"
                    b: id != "y"
                }
                """;
        assertThat(RuleLanguage.format(text)).isEqualTo(text);
        assertRoundTrip(text);
        assertThat(RuleLanguage.compile(Source.of("t", text)).streams().get("s").idField()).isEqualTo("id");
    }

    @Test
    void keepsCommentsInPlace() {
        String text = """
                # header

                stream s {
                  # before fields
                  fields {
                    a: string  # trailing
                    # between
                    b: long
                  }
                  # at the end of the stream
                }
                # at the end of the file
                """;
        assertThat(RuleLanguage.format(text)).isEqualTo(text.replace("# header\n\n", "# header\n"));
        assertRoundTrip(text);
    }

    @Test
    void formatsPartWindowsOptionalRepetitionsAndOffsets() {
        String text = "stream s { fields { n: long } }\nrule r { from s pattern a{2}   optional ->  within 5s b within  9s c"
                + " where a: n > 1 b: n > last(a,1).n c: n > first(a.n, 1) }";
        assertThat(RuleLanguage.format(text)).contains("pattern a{2} optional -> within 5s b within 9s c",
                "b: n > last(a, 1).n", "c: n > first(a.n, 1)");
        assertRoundTrip(text);
    }

    @Test
    void roundTripsTheExampleFile() {
        assertRoundTrip(ExamplesTest.example("payments.cep"));
    }

    @Test
    void roundTripsGeneratedRules() {
        RandomRules generator = new RandomRules(42);
        for (int i = 0; i < 300; i++) {
            assertRoundTrip(generator.file(2));
        }
    }

    @Test
    void roundTripsEveryParsableErrorCase() {
        ErrorMessagesTest.mistakes().forEach(args -> {
            String text = (String) args.get()[1];
            if (RuleLanguage.parse(Source.of("t.cep", text)).tree().isPresent()) {
                assertRoundTrip(text);
            }
        });
    }

    @Test
    void quotesNamesThatWouldReadAsKeywords() {
        assertRoundTrip("stream s { fields { `rule`: string `a b`: long } }\nrule r { from s pattern `pattern` -> b where `pattern`: `rule` == \"x\" b: `a b` > 1 }");
        assertThat(RuleLanguage.format("stream s { fields { `rule`: string title: long } }"))
                .contains("`rule`: string", "title: long");
    }

    @Test
    void refusesTextWithSyntaxErrors() {
        assertThatThrownBy(() -> RuleLanguage.format("rule r {"))
                .isInstanceOf(RuleLanguageException.class)
                .hasMessageContaining("<input>:1:9: unexpected end of input");
    }
}
