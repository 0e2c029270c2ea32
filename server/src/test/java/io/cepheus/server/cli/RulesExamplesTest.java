package io.cepheus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue in rules-examples/ runs with the default build: every case passes, a broken one fails. */
class RulesExamplesTest {

    static final Path EXAMPLES = Path.of(System.getProperty("cepheus.examples", "../rules-examples"));

    @Test
    void everyExamplePasses() {
        Cli result = Cli.run("test", EXAMPLES.toString());

        List<String> lines = result.out().lines().toList();
        assertThat(lines).as(result.out()).allMatch(l -> l.startsWith("PASS ") || l.matches("\\d+ passed, 0 failed"));
        assertThat(lines.getLast()).matches("\\d+ passed, 0 failed");
        assertThat(Integer.parseInt(lines.getLast().split(" ")[0])).isGreaterThanOrEqualTo(15);
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void everyRuleFileChecksWithoutErrorsOrWarnings() {
        Cli check = Cli.run("check", EXAMPLES.toString());
        assertThat(check.out()).startsWith("ok: ").endsWith(" 0 errors, 0 warnings in " + ruleFileCount() + " files\n");
        assertThat(check.exitCode()).isZero();
    }

    @Test
    void breakingAnExpectedAlertMakesTheCaseFail(@TempDir Path copy) throws IOException {
        Path example = copy.resolve("card-testing");
        copyTree(EXAMPLES.resolve("card-testing"), example);
        Path expected = example.resolve("expected.jsonl");
        String text = Files.readString(expected);
        assertThat(text).contains("\"total\":753.49");
        Files.writeString(expected, text.replace("\"total\":753.49", "\"total\":753.50"));

        Cli result = Cli.run("test", example.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("FAIL card-testing\n",
                "alert card_testing key=c1 match steps={\"probe\":[3,4,5],\"big\":[6]} differs:\n",
                "      fields.total: expected 753.50, got 753.49\n");
        assertThat(result.out()).endsWith("0 passed, 1 failed\n");
    }

    @Test
    void droppingAnExpectedLateEventMakesTheCaseFail(@TempDir Path copy) throws IOException {
        Path example = copy.resolve("card-testing");
        copyTree(EXAMPLES.resolve("card-testing"), example);
        Path expected = example.resolve("expected.jsonl");
        List<String> kept = Files.readAllLines(expected).stream().filter(l -> !l.startsWith("{\"late\"")).toList();
        Files.write(expected, kept);

        Cli result = Cli.run("test", example.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("  unexpected late event 71\n");
    }

    private static long ruleFileCount() {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".cep")).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
