package io.cepheus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    static final String STREAM = """
            stream payments {
              time ts
              fields {
                card_id: string
                amount: decimal
                ts: timestamp
              }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aFileWithMistakesGetsPositionedErrorsAndExitCode1() throws IOException {
        Path file = write("bad.cep", STREAM + """
                rule r {
                  from payments
                  partition by card_id
                  pattern a -> b
                  where
                    a: amout < 2
                    b: amount > 500
                }
                """);

        Cli result = Cli.run("check", file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo(file + ":14:8: error: unknown field 'amout' in stream payments;"
                + " did you mean 'amount'?\n"
                + "        a: amout < 2\n"
                + "           ^^^^^\n"
                + "1 error, 0 warnings in 1 file\n");
    }

    @Test
    void syntaxErrorsInSeveralPlacesAreAllReported() throws IOException {
        Path file = write("syntax.cep", STREAM + """
                rule r {
                  from payments
                  pattern a -> b
                  where
                    a: amount < 2
                    b: amount > = 500
                    c: amount ==
                }
                """);

        Cli result = Cli.run("check", file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo(
                file + ":14:17: error: unexpected '=': compare with '==', and name alert fields with ':'\n"
                + "        b: amount > = 500\n"
                + "                    ^\n"
                + file + ":16:1: error: mismatched input '}'. Expecting: <expression>\n"
                + "    }\n"
                + "    ^\n"
                + "2 errors, 0 warnings in 1 file\n");
    }

    @Test
    void aCleanDirectoryPasses() throws IOException {
        write("ok.cep", STREAM + """
                rule r {
                  from payments
                  partition by card_id
                  pattern a -> b
                  where
                    a: amount < 2
                    b: amount > 500
                  within 10m
                }
                """);

        Cli result = Cli.run("check", dir.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("ok: 1 rule, 0 errors, 0 warnings in 1 file\n");
    }

    @Test
    void filesOfOneDirectoryAreCheckedTogether() throws IOException {
        write("streams.cep", STREAM);
        write("rules.cep", """
                rule r {
                  from payments
                  partition by card_id
                  pattern a
                  where
                    a: amount > 500
                }
                """);

        Cli result = Cli.run("check", dir.toString());

        assertThat(result.out()).isEqualTo("ok: 1 rule, 0 errors, 0 warnings in 2 files\n");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void aMissingFileIsAUsageError() {
        Cli result = Cli.run("check", dir.resolve("nope.cep").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("check: no such file or directory: " + dir.resolve("nope.cep") + "\n");
        assertThat(result.err()).doesNotContain("Exception");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"check", "fmt", "test", "backtest"}) {
            Cli result = Cli.run(command, "--help");
            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.out()).as(command).startsWith("Usage: cepheus " + command);
        }
        assertThat(Cli.run("--help").out()).contains("check", "fmt", "test", "backtest");
    }

    @Test
    void noCommandOrAnUnknownOptionIsAUsageError() {
        assertThat(Cli.run().exitCode()).isEqualTo(2);
        Cli unknown = Cli.run("check", "--frobnicate", "x.cep");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("Unknown option: '--frobnicate'");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
