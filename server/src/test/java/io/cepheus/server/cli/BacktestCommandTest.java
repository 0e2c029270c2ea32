package io.cepheus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestCommandTest {

    static final String RULES = """
            stream payments {
              time ts
              lateness 5s
              fields {
                card: string
                amount: decimal
                kind: string
                ts: timestamp
              }
            }

            rule big_after_small {
              from payments
              partition by card
              pattern small -> big
              where
                small: amount < 2
                big: amount > 500
              within 10m
              alert {
                summary "${card}: ${big.amount}"
                amount: big.amount
              }
              title "Big after small"
              severity high
              tags cards, fraud
            }

            rule no_refund {
              from payments
              partition by card
              pattern big -> not refund
              where
                big: amount > 500
                refund: kind == "refund"
              within 1h
              alert {
                summary "no refund for ${card}"
              }
            }
            """;

    @TempDir
    Path dir;

    Path rules;

    @BeforeEach
    void writeRules() throws IOException {
        rules = Files.writeString(dir.resolve("rules.cep"), RULES);
    }

    @Test
    void printsOneJsonLinePerAlertAndASummaryWithRejectedAndLateEvents() throws IOException {
        Path events = Files.writeString(dir.resolve("events.jsonl"), """
                {"card":"c1","amount":1.00,"kind":"pay","ts":"2026-03-01T10:00:00Z"}
                {"card":"c1","amount":750.00,"kind":"pay","ts":"2026-03-01T10:05:00Z"}
                {"card":"c2", oops
                {"card":"c2","amount":900,"kind":"pay","ts":"2026-03-01T10:06:00Z"}
                {"card":"c2","amount":-900,"kind":"refund","ts":"2026-03-01T10:30:00Z"}
                {"card":"c1","amount":1.00,"kind":"pay","ts":"2026-03-01T10:00:00Z"}
                """);

        Cli result = Cli.run("backtest", "--rules", rules.toString(), "--events", events.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                {"rule":"big_after_small","version":1,"key":"c1","kind":"match","first":"2026-03-01T10:00:00Z",\
                "last":"2026-03-01T10:05:00Z","emitted":"2026-03-01T10:05:00Z","steps":{"small":[1],"big":[2]},"title":"Big after small",\
                "summary":"c1: 750.00","fields":{"amount":750.00},"severity":"high","tags":["cards","fraud"],\
                "id":"301af691ffc239ecdef26cd0a33fd72b"}
                {"rule":"no_refund","version":1,"key":"c1","kind":"timeout","first":"2026-03-01T10:05:00Z",\
                "last":"2026-03-01T10:05:00Z","fired":"2026-03-01T11:05:00Z","emitted":null,"steps":{"big":[2]},\
                "summary":"no refund for c1","fields":{},"tags":[],\
                "id":"c7a2c3376d8b577fc69cb4546da0f9ff"}
                """);
        assertThat(result.err()).isEqualTo("""
                events: 6 read, 1 rejected, 1 late
                  rejected line 3: not valid JSON at column 15: Unexpected character ('o' (code 111)): was expecting double-quote to start field name
                  late line 6: its time 2026-03-01T10:00:00Z is not after the watermark 2026-03-01T10:29:54.999Z
                alerts: 2
                  big_after_small: 1
                  no_refund: 1
                """);
    }

    @Test
    void aLineThatIsNotUtf8IsRejectedWithItsPositionAndTheRunGoesOn() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("""
                {"card":"c1","amount":1.00,"kind":"pay","ts":"2026-03-01T10:00:00Z"}
                {"card":"c""".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xff);
        bytes.writeBytes("""
                ","amount":3,"kind":"pay","ts":"2026-03-01T10:01:00Z"}
                {"card":"c1","amount":750.00,"kind":"pay","ts":"2026-03-01T10:05:00Z"}
                """.getBytes(StandardCharsets.UTF_8));
        Path events = Files.write(dir.resolve("events.jsonl"), bytes.toByteArray());

        Cli result = Cli.run("backtest", "--rules", rules.toString(), "--events", events.toString(), "--rule",
                "big_after_small");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"steps\":{\"small\":[1],\"big\":[3]}");
        assertThat(result.err()).isEqualTo("""
                events: 3 read, 1 rejected, 0 late
                  rejected line 2: not valid UTF-8 at byte 11 (0xFF)
                alerts: 1
                  big_after_small: 1
                """);
    }

    @Test
    void oneFarFutureEventIsRefusedInsteadOfMakingEveryLaterEventLate() throws IOException {
        Path example = RulesExamplesTest.EXAMPLES.resolve("card-testing");
        List<String> lines = new ArrayList<>(Files.readAllLines(example.resolve("events.jsonl")));
        lines.add(3, "{\"card_id\":\"c0\",\"amount\":5.00,\"merchant\":\"m1\",\"status\":\"approved\","
                + "\"ts\":\"9999-01-01T00:00:00Z\"}");
        Path events = Files.write(dir.resolve("events.jsonl"), lines);
        String rulesFile = example.resolve("rules.cep").toString();

        Cli guarded = Cli.run("backtest", "--rules", rulesFile, "--events", events.toString());
        Cli unguarded = Cli.run("backtest", "--rules", rulesFile, "--events", events.toString(), "--max-ahead", "3650000d");

        assertThat(guarded.exitCode()).isZero();
        assertThat(guarded.out().lines()).hasSize(5);
        assertThat(guarded.err()).startsWith("""
                events: 57 read, 2 rejected, 1 late
                  rejected line 4: its time 9999-01-01T00:00:00Z is more than 90d after the newest event time so far,\
                 2026-03-01T10:00:00Z
                """);
        assertThat(unguarded.out()).as("what the guard prevents").isEmpty();
        assertThat(unguarded.err()).startsWith("events: 57 read, 1 rejected, 54 late\n");
    }

    @Test
    void maxAheadSetsTheDistanceAndBadValuesAreUsageErrors() throws IOException {
        Path events = Files.writeString(dir.resolve("events.jsonl"), """
                {"card":"c1","amount":1.00,"kind":"pay","ts":"2026-03-01T10:00:00Z"}
                {"card":"c1","amount":750.00,"kind":"pay","ts":"2026-03-01T10:05:00Z"}
                {"card":"c1","amount":750.00,"kind":"pay","ts":"2026-03-01T10:01:00Z"}
                """);

        Cli result = Cli.run("backtest", "--rules", rules.toString(), "--events", events.toString(), "--rule",
                "big_after_small", "--max-ahead", "2m");
        Cli words = Cli.run("backtest", "--rules", rules.toString(), "--events", events.toString(), "--max-ahead",
                "5 minutes");
        Cli zero = Cli.run("backtest", "--rules", rules.toString(), "--events", events.toString(), "--max-line-bytes", "0");

        assertThat(result.out()).contains("\"steps\":{\"small\":[1],\"big\":[3]}");
        assertThat(result.err()).startsWith("""
                events: 3 read, 1 rejected, 0 late
                  rejected line 2: its time 2026-03-01T10:05:00Z is more than 2m after the newest event time so far,\
                 2026-03-01T10:00:00Z
                """);
        assertThat(words.exitCode()).isEqualTo(2);
        assertThat(words.err()).startsWith("Invalid value for option '--max-ahead': '5 minutes' is not a duration such"
                + " as 90d, 12h, 30m, 10s, 250ms or PT12H\n");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).startsWith("backtest: --max-line-bytes must be from 1 to 1073741824, was 0\n");
    }

    @Test
    void aLineOverTheLimitIsRejectedUnreadAndTheNextLinesAreRead() throws IOException {
        Path events = Files.writeString(dir.resolve("events.jsonl"), """
                {"card":"c1","amount":1.00,"kind":"pay","ts":"2026-03-01T10:00:00Z"}
                {"card":"c1","amount":2.00,"kind":"%s","ts":"2026-03-01T10:01:00Z"}
                {"card":"c1","amount":750.00,"kind":"pay","ts":"2026-03-01T10:05:00Z"}
                """.formatted("x".repeat(200)));

        Cli result = Cli.run("backtest", "--rules", rules.toString(), "--events", events.toString(), "--rule",
                "big_after_small", "--max-line-bytes", "100");

        assertThat(result.out()).contains("\"steps\":{\"small\":[1],\"big\":[3]}");
        assertThat(result.err()).startsWith("""
                events: 3 read, 1 rejected, 0 late
                  rejected line 2: too long: 265 bytes, the limit is 100
                """);
    }

    @Test
    void rejectedFileHoldsEveryRejectedAndLateLineAndTheSummarySaysWhere() throws IOException {
        StringBuilder text = new StringBuilder("""
                {"card":"c1","amount":1.00,"kind":"pay","ts":"2026-03-01T10:00:00Z"}
                {"card":"c1","amount":1.00,"kind":"pay","ts":"2026-03-01T09:00:00Z"}
                """);
        for (int i = 0; i < 25; i++) {
            text.append("{\"card\":\"c1\",\"amount\":\"lots\",\"ts\":1}\n");
        }
        Path events = Files.writeString(dir.resolve("events.jsonl"), text);
        Path rejected = dir.resolve("rejected.jsonl");

        Cli without = Cli.run("backtest", "--rules", rules.toString(), "--events", events.toString());
        Cli with = Cli.run("backtest", "--rules", rules.toString(), "--events", events.toString(), "--rejected",
                rejected.toString());

        assertThat(without.err()).contains("""
                  rejected line 21: field amount: expected a number, got the string "lots"
                  ... and 6 more (--rejected FILE writes every rejected and late line)
                alerts: 0
                """);
        assertThat(with.err()).contains("  ... and 6 more (every rejected and late line is in " + rejected + ")\n");
        List<String> written = Files.readAllLines(rejected);
        assertThat(written).hasSize(26);
        assertThat(written.get(0)).isEqualTo("{\"input\":\"events.jsonl\",\"line\":2,\"reason\":\"late\",\"message\":"
                + "\"its time 2026-03-01T09:00:00Z is not after the watermark 2026-03-01T09:59:54.999Z\"}");
        assertThat(written.get(25)).isEqualTo("{\"input\":\"events.jsonl\",\"line\":27,\"reason\":\"wrong_type\","
                + "\"message\":\"field amount: expected a number, got the string \\\"lots\\\"\"}");
    }

    @Test
    void rulesThatDroppedStateAtTheCapsAreMarkedAndTheSummaryEndsWithAWarning() throws IOException {
        Path capped = Files.writeString(dir.resolve("capped.cep"), """
                stream s {
                  time ts
                  fields {
                    k: string
                    n: long
                    ts: timestamp
                  }
                }

                rule pending {
                  from s
                  partition by k
                  pattern a -> b
                  where
                    a: n >= 0
                    b: n < 0
                  within 1h
                }

                rule window {
                  from s
                  partition by k
                  aggregate over last 1h {
                    c: count()
                  }
                  when c > 100000
                }

                rule distinct_count {
                  from s
                  partition by k
                  aggregate every 1h {
                    d: count distinct n
                  }
                  when d > 100000
                }

                rule quiet {
                  from s
                  partition by k
                  pattern a
                  where
                    a: n < 0
                }
                """);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10_001; i++) {
            text.append("{\"k\":\"x\",\"n\":").append(i).append(",\"ts\":").append(1_000_000 + i).append("}\n");
        }
        Path events = Files.writeString(dir.resolve("s.jsonl"), text);

        Cli result = Cli.run("backtest", "--rules", capped.toString(), "--events", events.toString(), "--no-progress");

        assertThat(result.err()).isEqualTo("""
                events: 10001 read, 0 rejected, 0 late
                alerts: 0
                  pending: 0 (DROPPED at the per-key caps: 1 partial match)
                  window: 0 (DROPPED at the per-key caps: 1 window event)
                  distinct_count: 0 (DROPPED at the per-key caps: 1 distinct value not counted)
                  quiet: 0
                WARNING: 3 rules dropped state at the engine's per-key caps (marked DROPPED above): alerts may be\
                 missing or cover fewer events
                """);
    }

    @Test
    void withSeveralInputsEventsAreNamedByFileAndLine() throws IOException {
        Path a = Files.writeString(dir.resolve("a.jsonl"), """
                {"card":"c1","amount":1.00,"kind":"pay","ts":"2026-03-01T10:00:00Z"}
                """);
        Path b = Files.writeString(dir.resolve("b.jsonl"), """
                # the large purchase, recorded elsewhere
                {"card":"c1","amount":750.00,"kind":"pay","ts":"2026-03-01T10:05:00Z"}
                """);

        Cli result = Cli.run("backtest", "--rules", rules.toString(), "--events", a.toString(), "--events",
                "payments=" + b, "--rule", "big_after_small");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                {"rule":"big_after_small","version":1,"key":"c1","kind":"match","first":"2026-03-01T10:00:00Z",\
                "last":"2026-03-01T10:05:00Z","emitted":"2026-03-01T10:05:00Z","steps":{"small":["a.jsonl:1"],"big":["b.jsonl:2"]},\
                "title":"Big after small","summary":"c1: 750.00","fields":{"amount":750.00},"severity":"high",\
                "tags":["cards","fraud"],"id":"301af691ffc239ecdef26cd0a33fd72b"}
                """);
        assertThat(result.err()).isEqualTo("""
                events: 2 read, 0 rejected, 0 late
                alerts: 1
                  big_after_small: 1
                """);
    }

    @Test
    void severalInputsAreMergedByTimeNotAppended() throws IOException {
        // the later file on the command line holds the earlier event: it is not late
        Path later = Files.writeString(dir.resolve("later.jsonl"), """
                {"card":"c1","amount":750.00,"kind":"pay","ts":"2026-03-01T10:05:00Z"}
                {"card":"c9","amount":3.00,"kind":"pay","ts":"2026-03-01T11:00:00Z"}
                """);
        Path earlier = Files.writeString(dir.resolve("earlier.jsonl"), """
                {"card":"c1","amount":1.00,"kind":"pay","ts":"2026-03-01T10:00:00Z"}
                """);

        Cli result = Cli.run("backtest", "--rules", rules.toString(), "--events", later.toString(), "--events",
                earlier.toString(), "--rule", "big_after_small");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"steps\":{\"small\":[\"earlier.jsonl:1\"],\"big\":[\"later.jsonl:1\"]}");
        assertThat(result.err()).startsWith("events: 3 read, 0 rejected, 0 late\n");
    }

    @Test
    void aggregateAlertsNameTheirWindowValuesAndTriggeringLine() throws IOException {
        Path aggregates = Files.writeString(dir.resolve("aggregates.cep"), """
                stream payments {
                  time ts
                  lateness 5s
                  fields {
                    card: string
                    amount: decimal
                    ts: timestamp
                  }
                }

                rule three_in_a_minute {
                  from payments
                  partition by card
                  aggregate over last 1m {
                    n: count()
                    total: sum(amount)
                  }
                  when n >= 3
                  alert {
                    summary "${card}: ${n} payments"
                  }
                }

                rule hourly_total {
                  from payments
                  partition by card
                  aggregate every 1h {
                    total: sum(amount)
                  }
                  when total > 100
                  alert {
                    summary "${card}: ${total} this hour"
                  }
                }
                """);
        Path events = Files.writeString(dir.resolve("events.jsonl"), """
                {"card":"c1","amount":10.00,"ts":"2026-03-01T10:00:00Z"}
                {"card":"c1","amount":20.00,"ts":"2026-03-01T10:00:30Z"}
                {"card":"c1","amount":90.00,"ts":"2026-03-01T10:00:59Z"}
                {"card":"c1","amount":5.00,"ts":"2026-03-01T10:01:00Z"}
                {"card":"c2","amount":1.00,"ts":"2026-03-01T10:30:00Z"}
                """);

        Cli result = Cli.run("backtest", "--rules", aggregates.toString(), "--events", events.toString());

        // line 3 is the third payment within a minute; at line 4 the first has left the window
        // (10:00:00 is not after 10:01:00 - 1m) and the count is still 3, so the rule stays quiet.
        // The hour [10:00, 11:00) of c1 totals 125.00 and closes at the end of the input.
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                {"rule":"three_in_a_minute","version":1,"key":"c1","kind":"aggregate","window":{"start":"2026-03-01T09:59:59.001Z",\
                "end":"2026-03-01T10:00:59.001Z"},"fired":"2026-03-01T10:00:59Z","emitted":"2026-03-01T10:00:59Z","trigger":3,"events":3,\
                "values":{"n":3,"total":120.00},"summary":"c1: 3 payments","fields":{},"tags":[],\
                "id":"37e8f49f245c51734dcf685068e96620"}
                {"rule":"hourly_total","version":1,"key":"c1","kind":"aggregate","window":{"start":"2026-03-01T10:00:00Z",\
                "end":"2026-03-01T11:00:00Z"},"fired":"2026-03-01T11:00:00Z","emitted":null,"trigger":4,"events":4,\
                "values":{"total":125.00},"summary":"c1: 125.00 this hour","fields":{},"tags":[],\
                "id":"9c58015ee295f8bf88797faec78782c6"}
                """);
        assertThat(result.err()).contains("alerts: 2\n  three_in_a_minute: 1\n  hourly_total: 1\n");
    }

    @Test
    void anUnknownRuleIsAUsageErrorNamingTheRules() throws IOException {
        Path events = Files.writeString(dir.resolve("events.jsonl"), "");

        Cli result = Cli.run("backtest", "--rules", rules.toString(), "--events", events.toString(), "--rule", "nope");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("backtest: no rule named 'nope'; the rules are: big_after_small, no_refund\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aMissingEventsFileIsAUsageError() {
        Cli result = Cli.run("backtest", "--rules", rules.toString(), "--events", dir.resolve("none.jsonl").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("backtest: no such events file: " + dir.resolve("none.jsonl") + "\n");
    }

    @Test
    void aRuleFileThatIsNotUtf8RunsNothing() throws IOException {
        Path latin1 = dir.resolve("latin1.cep");
        Files.write(latin1, ("# \u00e9\n" + RULES).getBytes(StandardCharsets.ISO_8859_1));
        Path events = Files.writeString(dir.resolve("events.jsonl"), "");

        Cli result = Cli.run("backtest", "--rules", latin1.toString(), "--events", events.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith(latin1 + ":1:3: error: not valid UTF-8 (byte 0xE9)")
                .endsWith("1 error: nothing was run\n");
    }

    @Test
    void rulesWithErrorsRunNothingAndExit1() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.cep"), RULES.replace("amount > 500", "amont > 500"));
        Path events = Files.writeString(dir.resolve("events.jsonl"), "");

        Cli result = Cli.run("backtest", "--rules", bad.toString(), "--events", events.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains(bad + ":18:10: error: unknown field 'amont'")
                .endsWith("2 errors: nothing was run\n");
    }

    static final String OVERFLOW = """
            stream s {
              time ts
              fields {
                card: string
                n: long
                ts: timestamp
              }
            }

            rule overflow {
              from s
              partition by card
              pattern a -> b
              where
                a: n > 0
                b: n * 9223372036854775807 > 0
              within 1m
              alert on timeout { summary "no b for ${card}" }
            }
            """;

    @Test
    void printsEachRuleErrorWithItsLineAndCountsThemPerRule_andWhenEveryAlertWasEmitted() throws IOException {
        Path overflow = Files.writeString(dir.resolve("overflow.cep"), OVERFLOW);
        Path events = Files.writeString(dir.resolve("s.jsonl"), """
                {"card":"c1","n":1,"ts":"2026-03-01T10:00:00Z"}
                {"card":"c1","n":2,"ts":"2026-03-01T10:00:10Z"}
                {"card":"c1","n":0,"ts":"2026-03-01T10:05:00Z"}
                """);

        Cli result = Cli.run("backtest", "--rules", overflow.toString(), "--events", events.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                {"rule":"overflow","version":1,"key":"c1","kind":"timeout","first":"2026-03-01T10:00:00Z",\
                "last":"2026-03-01T10:00:00Z","fired":"2026-03-01T10:01:00Z","emitted":"2026-03-01T10:04:59.999Z",\
                "steps":{"a":[1]},"summary":"no b for c1","fields":{},"tags":[],"id":"ID1"}
                {"rule":"overflow","version":1,"key":"c1","kind":"timeout","first":"2026-03-01T10:00:10Z",\
                "last":"2026-03-01T10:00:10Z","fired":"2026-03-01T10:01:10Z","emitted":"2026-03-01T10:04:59.999Z",\
                "steps":{"a":[2]},"summary":"no b for c1","fields":{},"tags":[],"id":"ID2"}
                """.replace("ID1", id(result.out(), 0)).replace("ID2", id(result.out(), 1)));
        assertThat(result.err()).isEqualTo("""
                events: 3 read, 0 rejected, 0 late
                  rule error in overflow on line 2 (key c1): MESSAGE
                alerts: 2
                  overflow: 2 (1 rule error)
                rule errors: 1
                """.replace("MESSAGE", "long overflow"));
    }

    private static String id(String out, int line) {
        String json = out.split("\n")[line];
        return json.substring(json.indexOf("\"id\":\"") + 6, json.lastIndexOf('"'));
    }

    @Test
    void drawsNoProgressBarWhenStderrIsAFile() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            lines.append("{\"card\":\"c").append(i % 7).append("\",\"amount\":").append(i % 900)
                    .append(",\"kind\":\"pay\",\"ts\":").append(1_772_359_200_000L + i * 1000L).append("}\n");
        }
        Path events = Files.writeString(dir.resolve("payments.jsonl"), lines);
        Path err = dir.resolve("stderr.txt");
        // the bar would appear at the first progress report (every 256 events), were stderr a terminal
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-D" + BacktestCommand.PROGRESS_AFTER_PROPERTY + "=0",
                Cepheus.class.getName(), "backtest", "--rules", rules.toString(), "--events", events.toString())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(err)).contains("events: 3000 read, 0 rejected, 0 late").doesNotContain("\r");
    }
}
