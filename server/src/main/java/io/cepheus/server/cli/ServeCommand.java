package io.cepheus.server.cli;

import io.cepheus.server.config.ConfigException;
import io.cepheus.server.config.ConfigLoader;
import io.cepheus.server.config.OptionDescription;
import io.cepheus.server.config.ServerConfig;
import io.cepheus.server.control.ControlException;
import io.cepheus.server.control.InvalidRulesException;
import io.cepheus.server.dataplane.DataPlaneStartException;
import io.cepheus.server.http.HttpStartException;
import io.cepheus.server.kafka.KafkaStartException;
import io.cepheus.server.node.ServerNode;
import io.cepheus.server.node.StartupReport;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cepheus serve}: runs a node until SIGTERM or Ctrl-C. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the Cepheus server: an embedded single-node Kafka broker (unless CEPHEUS_KAFKA_BOOTSTRAP names a"
                    + " cluster), the server's topics, HTTP with /health/live, /health/ready and /metrics, and the"
                    + " data plane: the rules of --rules DIR run by Kafka Streams over the topics of the streams"
                    + " they read, alerts to the alerts topic as JSON, unusable records to the dead-letter topic.",
            "Options come from --config FILE (Java properties), CEPHEUS_* environment variables and the flags"
                    + " below; a flag beats a variable, a variable beats the file. SIGTERM or Ctrl-C stops the"
                    + " server cleanly (exit code 0); an invalid option exits with code 2 and names it."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "a Java properties file of options (keys below)")
    private Path configFile;

    @Option(names = "--rules", paramLabel = "DIR", description = "directory of *.cep rule files (rules, CEPHEUS_RULES)")
    private String rules;

    @Option(names = "--demo", description = "demo mode: example rules and a generator of events with planted fraud,"
            + " a silent device and impossible travel (demo, CEPHEUS_DEMO)")
    private boolean demo;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerConfig config = loadConfig();
        ServerNode node = new ServerNode(config);
        ProcessShutdown shutdown = ProcessShutdown.onSignal(() -> {
            node.close();
            out.println("cepheus serve: stopped");
            out.flush();
        });
        StartupReport report;
        try {
            report = node.start();
        } catch (HttpStartException | KafkaStartException | DataPlaneStartException | InvalidRulesException
                 | ControlException | UncheckedIOException e) {
            shutdown.cancel();
            node.close();
            err.println("cepheus serve: cannot start: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        report.lines().forEach(out::println);
        out.println("SIGTERM or Ctrl-C stops it.");
        out.flush();
        shutdown.awaitSignal();
        return ExitCodes.OK;
    }

    private ServerConfig loadConfig() {
        Map<String, String> flags = new HashMap<>();
        if (rules != null) {
            flags.put("rules", rules);
        }
        if (demo) {
            flags.put("demo", "true");
        }
        try {
            return new ConfigLoader(System.getenv()).load(Optional.ofNullable(configFile), flags);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Appends the table of options to {@code serve --help}. */
    static void describeOptions(CommandLine serve) {
        // picocli formats the footer: %n is a line end
        String rows = OptionDescription.all().stream()
                .map(o -> String.format("  %-28s %s", o.key(), o.environmentVariable())
                        + "%n      " + o.defaultValue().map(d -> "default " + d).orElse("unset by default") + ". "
                        + o.meaning())
                .collect(Collectors.joining("%n"));
        serve.getCommandSpec().usageMessage()
                .footerHeading("%nOptions (config-file key, environment variable, default):%n")
                .footer(rows);
    }
}
