package io.cepheus.server.cli;

import io.cepheus.server.testing.TestCase;
import io.cepheus.server.testing.TestCases;
import io.cepheus.server.testing.TestRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cepheus test}: runs rule test cases and compares their alerts with the expected ones. */
@Command(name = "test",
        mixinStandardHelpOptions = true,
        description = {
            "Run every test case under the given directories and compare with the expected output.",
            "A test case is a directory with expected.jsonl; its rules are the *.cep files of that directory (or of"
                    + " the nearest parent that has some), its events the other *.jsonl files. expected.jsonl holds"
                    + " one JSON object per line: an alert as backtest prints it (rule, key and kind required; other"
                    + " members compared when given), {\"late\": LINE} or {\"rejected\": LINE, \"reason\": \"...\"}.",
            "Prints PASS or FAIL per case with the differences, then 'N passed, M failed'. Exit code 1 if a case"
                    + " failed."})
final class TestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "a test case, or a directory of test cases")
    private List<Path> dirs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<TestCase> cases = new ArrayList<>();
        for (Path dir : dirs) {
            try {
                List<TestCase> found = TestCases.find(dir);
                if (found.isEmpty()) {
                    throw new UsageException("no test cases in " + dir + " (a test case is a directory with "
                            + TestCases.EXPECTED + ")");
                }
                cases.addAll(found);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        int passed = 0;
        int failed = 0;
        for (TestCase c : cases) {
            TestRunner.Result r = TestRunner.run(c);
            if (r.passed()) {
                passed++;
                out.println("PASS " + c.name() + " (" + CheckCommand.plural(r.alerts(), "alert") + ")");
            } else {
                failed++;
                out.println("FAIL " + c.name());
                r.details().forEach(d -> out.println("  " + d));
            }
            out.flush();
        }
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
