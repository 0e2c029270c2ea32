package io.cepheus.server.cli;

import io.cepheus.dsl.Source;
import io.cepheus.server.rules.Compilation;
import io.cepheus.server.rules.RuleTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cepheus fmt}: rewrites rule files in the canonical format, or checks that they are. */
@Command(name = "fmt",
        mixinStandardHelpOptions = true,
        description = {
            "Format rule files (*.cep) canonically, in place.",
            "With --check, change nothing: list the files that are not formatted, with their first differing line,"
                    + " and exit 1 if there is one (for CI).",
            "A file with syntax errors, or that is not UTF-8, is left as it is; its errors are printed and the exit"
                    + " code is 1. A byte-order mark at the start of a file is kept unless the file is rewritten."})
final class FmtCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--check", description = "only check; write nothing")
    private boolean check;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "rule files, or directories to search for *.cep files")
    private List<Path> paths;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = CheckCommand.expand(paths);
        int broken = 0;
        int changed = 0;
        for (Path file : files) {
            RuleTools.RuleFile read = read(file);
            Source source = read.source();
            String text = source.text();
            if (read.encodingError() != null) {
                out.println(new Compilation(List.of(source), List.of(read.encodingError()), null).render());
                broken++;
                continue;
            }
            RuleTools.Formatted formatted = RuleTools.format(source);
            if (formatted.text() == null) {
                out.println(new Compilation(List.of(source), formatted.diagnostics(), null).render());
                broken++;
                continue;
            }
            if (formatted.text().equals(text)) {
                continue;
            }
            changed++;
            if (check) {
                out.println(file + ": not formatted; first difference at " + firstDifference(text, formatted.text()));
            } else {
                write(file, formatted.text());
                out.println("formatted " + file);
            }
        }
        int same = files.size() - changed - broken;
        StringBuilder summary = new StringBuilder();
        summary.append(check ? CheckCommand.plural(changed, "file") + " to format" : CheckCommand.plural(changed, "file") + " formatted")
                .append(", ").append(same).append(" already formatted");
        if (broken > 0) {
            summary.append(", ").append(broken).append(" with errors");
        }
        out.println(summary);
        return broken > 0 || (check && changed > 0) ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /** {@code line N} with the line as it is and as it should be. */
    static String firstDifference(String actual, String expected) {
        String[] a = actual.split("\n", -1);
        String[] e = expected.split("\n", -1);
        int n = 0;
        while (n < a.length && n < e.length && a[n].equals(e[n])) {
            n++;
        }
        String is = n < a.length ? a[n] : "(end of file)";
        String shouldBe = n < e.length ? e[n] : "(end of file)";
        return "line " + (n + 1) + ":\n  - " + is + "\n  + " + shouldBe;
    }

    private static RuleTools.RuleFile read(Path file) {
        try {
            return RuleTools.read(file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + e.getMessage());
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot write " + e.getMessage());
        }
    }
}
