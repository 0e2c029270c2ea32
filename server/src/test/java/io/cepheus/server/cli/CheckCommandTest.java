package io.cepheus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    void aFileThatIsNotUtf8IsAnErrorAtItsFirstBadByteAndTheOtherFilesAreStillChecked() throws IOException {
        Path latin1 = dir.resolve("latin1.cep");
        Files.write(latin1, (STREAM + "# caf\u00e9 au lait\n").getBytes(StandardCharsets.ISO_8859_1));
        Path other = Files.createDirectory(dir.resolve("other"));
        Path wrong = Files.writeString(other.resolve("wrong.cep"), STREAM + """
                rule r {
                  from payments
                  pattern a
                  where
                    a: amout > 1
                }
                """);

        Cli result = Cli.run("check", latin1.toString(), wrong.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo(latin1 + ":9:6: error: not valid UTF-8 (byte 0xE9): rule files must be saved"
                + " as UTF-8\n"
                + "    # caf\ufffd au lait\n"
                + "         ^\n"
                + wrong + ":13:8: error: unknown field 'amout' in stream payments; did you mean 'amount'?\n"
                + "        a: amout > 1\n"
                + "           ^^^^^\n"
                + "2 errors, 0 warnings in 2 files\n");
    }

    @Test
    void aByteOrderMarkAtTheStartOfAFileIsAccepted() throws IOException {
        Path file = dir.resolve("bom.cep");
        Files.write(file, ("\ufeff" + STREAM).getBytes(StandardCharsets.UTF_8));

        Cli check = Cli.run("check", file.toString());
        Cli fmt = Cli.run("fmt", "--check", file.toString());

        assertThat(check.out()).isEqualTo("ok: 0 rules, 0 errors, 0 warnings in 1 file\n");
        assertThat(check.exitCode()).isZero();
        assertThat(fmt.out()).isEqualTo("0 files to format, 1 already formatted\n");
        assertThat(fmt.exitCode()).isZero();
    }

    @Test
    void fmtLeavesAFileThatIsNotUtf8AsItIs() throws IOException {
        Path latin1 = dir.resolve("latin1.cep");
        byte[] bytes = ("# \u00e9\n" + STREAM).getBytes(StandardCharsets.ISO_8859_1);
        Files.write(latin1, bytes);

        Cli result = Cli.run("fmt", latin1.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo(latin1 + ":1:3: error: not valid UTF-8 (byte 0xE9): rule files must be saved"
                + " as UTF-8\n"
                + "    # \ufffd\n"
                + "      ^\n"
                + "0 files formatted, 0 already formatted, 1 with errors\n");
        assertThat(Files.readAllBytes(latin1)).isEqualTo(bytes);
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
