package io.cepheus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FmtCommandTest {

    static final String CANONICAL = """
            stream s {
              time ts
              fields {
                k: string
                ts: timestamp
              }
            }
            """;

    static final String SLOPPY = """
            stream s {
              time    ts
              fields { k:string
                ts: timestamp }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void checkListsUnformattedFilesWithTheirFirstDifferenceAndExits1() throws IOException {
        Path sloppy = write("a.cep", SLOPPY);
        write("b.cep", CANONICAL);

        Cli result = Cli.run("fmt", "--check", dir.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo(sloppy + ": not formatted; first difference at line 2:\n"
                + "  -   time    ts\n"
                + "  +   time ts\n"
                + "1 file to format, 1 already formatted\n");
        assertThat(Files.readString(sloppy)).as("--check writes nothing").isEqualTo(SLOPPY);
    }

    @Test
    void formattingRewritesInPlaceAndThenTheCheckPasses() throws IOException {
        Path sloppy = write("a.cep", SLOPPY);

        Cli format = Cli.run("fmt", sloppy.toString());

        assertThat(format.exitCode()).isZero();
        assertThat(format.out()).isEqualTo("formatted " + sloppy + "\n1 file formatted, 0 already formatted\n");
        assertThat(Files.readString(sloppy)).isEqualTo(CANONICAL);
        Cli check = Cli.run("fmt", "--check", sloppy.toString());
        assertThat(check.exitCode()).isZero();
        assertThat(check.out()).isEqualTo("0 files to format, 1 already formatted\n");
    }

    @Test
    void aFileWithSyntaxErrorsIsLeftAloneAndFails() throws IOException {
        String broken = "stream s {\n  time ts\n  fields { k: }\n}\n";
        Path file = write("broken.cep", broken);

        Cli result = Cli.run("fmt", file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).startsWith(file + ":3:15: error: ");
        assertThat(result.out()).endsWith("0 files formatted, 0 already formatted, 1 with errors\n");
        assertThat(Files.readString(file)).isEqualTo(broken);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
