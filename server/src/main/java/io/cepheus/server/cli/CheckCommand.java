package io.cepheus.server.cli;

import io.cepheus.server.rules.Compilation;
import io.cepheus.server.rules.RuleFiles;
import io.cepheus.server.rules.RuleTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cepheus check}: parses and checks rule files, printing positioned errors and warnings. */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Parse and check rule files (*.cep): syntax, unknown names, types, patterns.",
            "The files of one directory are checked together (a rule may use a stream declared in another file"
                    + " of its directory). Errors and warnings are printed as FILE:LINE:COLUMN with the source line.",
            "Exit code 1 if there is an error (warnings alone exit 0)."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "rule files, or directories to search for *.cep files")
    private List<Path> paths;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = expand(paths);
        long errors = 0;
        long warnings = 0;
        long rules = 0;
        for (List<Path> group : RuleFiles.byDirectory(files)) {
            Compilation c = compile(group);
            if (!c.diagnostics().isEmpty()) {
                out.println(c.render());
            }
            errors += c.errorCount();
            warnings += c.warningCount();
            if (c.rules() != null) {
                rules += c.rules().rules().size();
            }
        }
        String counts = plural(errors, "error") + ", " + plural(warnings, "warning") + " in " + plural(files.size(), "file");
        out.println(errors == 0 ? "ok: " + plural(rules, "rule") + ", " + counts : counts);
        return errors == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    static List<Path> expand(List<Path> paths) {
        try {
            List<Path> files = RuleFiles.expand(paths);
            if (files.isEmpty()) {
                throw new UsageException("no rule files (*.cep) in " + paths.stream().map(Path::toString)
                        .reduce((a, b) -> a + ", " + b).orElse(""));
            }
            return files;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static Compilation compile(List<Path> files) {
        try {
            return RuleTools.compileFiles(files);
        } catch (IOException e) {
            throw new UsageException("cannot read " + e.getMessage());
        }
    }

    static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
