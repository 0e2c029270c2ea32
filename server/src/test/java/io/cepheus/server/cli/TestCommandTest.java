package io.cepheus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {

    static final String EVENTS = """
            {"card":"c1","amount":1.00,"kind":"pay","ts":"2026-03-01T10:00:00Z"}
            {"card":"c1","amount":750.00,"kind":"pay","ts":"2026-03-01T10:05:00Z"}
            {"card":"c2","amount":"lots","kind":"pay","ts":"2026-03-01T10:06:00Z"}
            """;

    static final String ALERT = "{\"rule\":\"big_after_small\",\"key\":\"c1\",\"kind\":\"match\","
            + "\"first\":\"2026-03-01T10:00:00Z\",\"last\":\"2026-03-01T10:05:00Z\","
            + "\"steps\":{\"small\":[1],\"big\":[2]},\"summary\":\"c1: 750.00\",\"fields\":{\"amount\":750.00}}";

    static final String TIMEOUT = "{\"rule\":\"no_refund\",\"key\":\"c1\",\"kind\":\"timeout\",\"steps\":{\"big\":[2]}}";

    static final String REJECTED = "{\"rejected\":3,\"reason\":\"field amount: expected a number, got the string \\\"lots\\\"\"}";

    @TempDir
    Path dir;

    Path suite;

    @BeforeEach
    void writeSuite() throws IOException {
        suite = Files.createDirectories(dir.resolve("suite"));
        Files.writeString(suite.resolve("rules.cep"), BacktestCommandTest.RULES);
    }

    @Test
    void passingCasesAreListedAndTheLastLineCountsThem() throws IOException {
        writeCase("one", EVENTS, ALERT + "\n" + TIMEOUT + "\n" + REJECTED + "\n");
        writeCase("two", EVENTS, "# order does not matter; 512.5 == 512.50\n" + TIMEOUT + "\n" + ALERT.replace("750.00}", "750}")
                + "\n" + REJECTED + "\n");

        Cli result = Cli.run("test", suite.toString());

        assertThat(result.out()).isEqualTo("""
                PASS one (2 alerts)
                PASS two (2 alerts)
                2 passed, 0 failed
                """);
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void aFailingCaseShowsAReadableDiff() throws IOException {
        writeCase("broken", EVENTS, ALERT.replace("750.00}", "751.00}") + "\n"
                + "{\"rule\":\"no_refund\",\"key\":\"c9\",\"kind\":\"timeout\"}\n"
                + "{\"late\":2}\n");

        Cli result = Cli.run("test", suite.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("""
                FAIL broken
                  expected.jsonl:1: alert big_after_small key=c1 match steps={"small":[1],"big":[2]} differs:
                      fields.amount: expected 751.00, got 750.00
                  expected.jsonl:2: missing alert {"rule":"no_refund","key":"c9","kind":"timeout"}
                  unexpected alert {"rule":"no_refund","version":1,"key":"c1","kind":"timeout",\
                "first":"2026-03-01T10:05:00Z","last":"2026-03-01T10:05:00Z","fired":"2026-03-01T11:05:00Z","emitted":null,\
                "steps":{"big":[2]},"summary":"no refund for c1","fields":{},"tags":[],\
                "id":"c7a2c3376d8b577fc69cb4546da0f9ff"}
                  expected.jsonl:3: missing late event 2 (it was not reported late)
                  unexpected rejected line 3: field amount: expected a number, got the string "lots"
                0 passed, 1 failed
                """);
    }

    @Test
    void aCaseWhoseRulesDoNotCompileFailsWithTheErrors() throws IOException {
        Path c = writeCase("bad-rules", EVENTS, ALERT + "\n");
        Files.writeString(c.resolve("rules.cep"), "rule r {\n  from nowhere\n}\n");

        Cli result = Cli.run("test", c.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        Path rules = c.resolve("rules.cep");
        assertThat(result.out()).isEqualTo("FAIL bad-rules\n"
                + "  " + rules + ":1:6: error: rule r has no 'pattern' or 'aggregate' clause: a rule matches a pattern of events or aggregates them over a window\n"
                + "      rule r {\n"
                + "           ^\n"
                + "  " + rules + ":2:8: error: unknown stream 'nowhere'\n"
                + "        from nowhere\n"
                + "             ^^^^^^^\n"
                + "0 passed, 1 failed\n");
    }

    @Test
    void aDirectoryWithoutCasesIsAUsageError() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        Cli result = Cli.run("test", empty.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("test: no test cases in " + empty
                + " (a test case is a directory with expected.jsonl)\n");
    }

    private Path writeCase(String name, String events, String expected) throws IOException {
        Path c = Files.createDirectories(suite.resolve(name));
        Files.writeString(c.resolve("events.jsonl"), events);
        Files.writeString(c.resolve("expected.jsonl"), expected);
        return c;
    }
}
