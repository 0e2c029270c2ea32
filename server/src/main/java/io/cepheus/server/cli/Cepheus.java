package io.cepheus.server.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code cepheus} command line. Exit codes: 0 ok, 1 rule errors / failed tests / unformatted
 * files, 2 usage errors, 3 internal errors.
 */
@Command(name = "cepheus",
        mixinStandardHelpOptions = true,
        versionProvider = Cepheus.Version.class,
        description = "Cepheus complex event processing: run the server; check, format, test and backtest rules.",
        subcommands = {ServeCommand.class, CheckCommand.class, FmtCommand.class, TestCommand.class, BacktestCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:rule errors, failed tests or unformatted files; serve could not start",
            "2:usage error (bad option, missing file)",
            "3:internal error"})
public final class Cepheus implements java.util.concurrent.Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs a command line with the given output streams (for tests and embedding).
     *
     * @return the exit code
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Cepheus());
        ServeCommand.describeOptions(cli.getSubcommands().get("serve"));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            if (e instanceof UsageException) {
                w.println(commandLine.getCommandName() + ": " + e.getMessage());
                w.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
                w.flush();
                return ExitCodes.USAGE;
            }
            w.println(commandLine.getCommandName() + ": internal error: " + e);
            e.printStackTrace(w);
            w.flush();
            return ExitCodes.INTERNAL;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** {@code cepheus} alone: says what there is. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("cepheus: a command is required");
        spec.commandLine().usage(err);
        return ExitCodes.USAGE;
    }

    /** The version from the jar's manifest, when run from the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cepheus.class.getPackage().getImplementationVersion();
            return new String[] {"cepheus " + (v == null ? "(development build)" : v)};
        }
    }
}
