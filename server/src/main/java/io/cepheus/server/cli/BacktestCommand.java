package io.cepheus.server.cli;

import io.cepheus.server.backtest.Backtest;
import io.cepheus.server.backtest.BacktestSummary;
import io.cepheus.server.backtest.Input;
import io.cepheus.server.backtest.Inputs;
import io.cepheus.server.rules.Compilation;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.rules.RuleSet;
import io.cepheus.server.runtime.InputLimits;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cepheus backtest}: runs rules over recorded events and prints the alerts as JSON lines. */
@Command(name = "backtest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run rules over recorded events (JSON lines) in event time and print every alert as one JSON object"
                    + " per line on stdout:",
            "  {\"rule\":..,\"key\":..,\"kind\":\"match\"|\"timeout\",\"first\":..,\"last\":..,"
                    + "\"steps\":{\"step\":[LINE,..]},\"summary\":..,\"fields\":{..}}",
            "  {\"rule\":..,\"key\":..,\"kind\":\"aggregate\",\"window\":{\"start\":..,\"end\":..},\"fired\":..,"
                    + "\"trigger\":LINE,\"events\":N,\"values\":{..},\"summary\":..,\"fields\":{..}}",
            "A rule that reads alerts(x) gets x's alerts as events in event time; --rule runs such a rule's"
                    + " upstream rules too.",
            "Events are named by their line number, or NAME:LINE with several events files. The watermark of a"
                    + " stream follows its declared lateness; events behind it are reported late. At the end of"
                    + " the input time runs to its end, so open windows close and absences fire.",
            "Lines that are not valid events are rejected with their line, a reason code and a message, and never stop"
                    + " the run; blank lines and lines starting with # are skipped. Reason codes: invalid_json,"
                    + " not_an_object, wrong_type, missing_time, missing_id (the stream declares an id field and it"
                    + " is missing or null), time_out_of_range (outside years 0000-9999),"
                    + " number_out_of_range (over 100 digits or an exponent beyond +-400), invalid_utf8, oversize"
                    + " (over --max-line-bytes), too_far_ahead (over --max-ahead after the newest event time of its"
                    + " stream: one wrong far-future time would otherwise make every later event late); late events"
                    + " have the code late.",
            "A summary (events read, rejected, late, alerts per rule) goes to stderr; it lists the first "
                    + BacktestReport.MAX_LISTED + " rejected or late lines (--rejected FILE writes them all) and ends"
                    + " with a WARNING when a rule's engine dropped partial matches or window state at its per-key"
                    + " caps (the exit code stays 0)."})
final class BacktestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--rules", required = true, paramLabel = "FILE|DIR",
            description = "rule files (*.cep) compiled together; repeatable")
    private List<Path> rules;

    @Option(names = "--events", required = true, paramLabel = "[STREAM=]FILE",
            description = "events, one JSON object per line; the stream is the one named, the one the file is named"
                    + " after, or the only one the rules read; repeatable")
    private List<String> events;

    @Option(names = "--rule", paramLabel = "NAME", description = "run only this rule; repeatable")
    private List<String> only = new ArrayList<>();

    @Option(names = "--max-ahead", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "refuse an event more than this after the newest event time of its stream so far"
                    + " (too_far_ahead); as 90d, 12h, 30m, 10s or PT12H; default: 90d")
    private Duration maxAhead = InputLimits.DEFAULT_MAX_AHEAD;

    @Option(names = "--max-line-bytes", paramLabel = "BYTES",
            description = "reject longer lines unread (oversize); default: 1048576 (1 MiB)")
    private int maxLineBytes = InputLimits.DEFAULT_MAX_RECORD_BYTES;

    @Option(names = "--rejected", paramLabel = "FILE",
            description = "write every rejected and late line to FILE, one JSON object per line:"
                    + " {\"input\":NAME,\"line\":N,\"reason\":CODE,\"message\":TEXT}")
    private Path rejectedFile;

    @Option(names = "--no-progress", description = "no progress bar on stderr (it is drawn only when stderr is a"
            + " terminal)")
    private boolean noProgress;

    /** How long a run must take before the progress bar appears, in ms; a system property so that tests can shorten it. */
    static final String PROGRESS_AFTER_PROPERTY = "cepheus.progress.after.ms";

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InputLimits limits = limits();
        Compilation compilation = CheckCommand.compile(CheckCommand.expand(rules));
        if (compilation.hasErrors()) {
            err.println(compilation.render());
            err.println(CheckCommand.plural(compilation.errorCount(), "error") + ": nothing was run");
            return ExitCodes.FAILED;
        }
        if (!compilation.diagnostics().isEmpty()) {
            err.println(compilation.render());
        }
        RuleSet ruleSet = compilation.rules();
        List<OfflineRule> selected = select(ruleSet);
        List<Input> inputs;
        try {
            inputs = Inputs.resolve(ruleSet, selected, events);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        run(selected, inputs, limits, out, err);
        return ExitCodes.OK;
    }

    private void run(List<OfflineRule> selected, List<Input> inputs, InputLimits limits, PrintWriter out,
            PrintWriter err) {
        ProgressBar progress = noProgress || !Terminal.stderr() ? null : new ProgressBar(err, System::nanoTime,
                Long.getLong(PROGRESS_AFTER_PROPERTY, ProgressBar.SHOW_AFTER_NANOS / 1_000_000) * 1_000_000);
        try (RejectedFile rejected = rejectedFile == null ? null : RejectedFile.create(rejectedFile)) {
            // alerts are buffered here: the command line's stdout flushes at every line
            PrintWriter alerts = new PrintWriter(new BufferedWriter(out, 1 << 16), false);
            BacktestReport report = new BacktestReport(alerts, progress, inputs.size() > 1, rejected);
            BacktestSummary summary;
            try {
                summary = new Backtest(selected, limits).run(inputs, report);
            } finally {
                alerts.flush();
                if (progress != null) {
                    progress.finish();
                }
            }
            report.printSummary(err, summary);
        } catch (IOException e) {
            throw new UsageException("cannot read " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UsageException("cannot write " + rejectedFile + ": " + e.getCause().getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private InputLimits limits() {
        int most = 1 << 30;
        if (maxLineBytes < 1 || maxLineBytes > most) {
            throw new UsageException("--max-line-bytes must be from 1 to " + most + ", was " + maxLineBytes);
        }
        if (maxAhead.compareTo(Duration.ofMillis(1)) < 0) {
            throw new UsageException("--max-ahead must be at least 1ms, was " + maxAhead);
        }
        return new InputLimits(maxLineBytes, maxAhead);
    }

    private List<OfflineRule> select(RuleSet ruleSet) {
        if (only.isEmpty()) {
            return ruleSet.rules();
        }
        List<OfflineRule> selected = new ArrayList<>();
        for (String name : only) {
            OfflineRule r = ruleSet.rule(name).orElseThrow(() -> new UsageException("no rule named '" + name
                    + "'; the rules are: " + String.join(", ", ruleSet.rules().stream().map(OfflineRule::name).toList())));
            // a rule that reads alerts(x) needs x (and what x reads) to run too
            java.util.ArrayDeque<OfflineRule> todo = new java.util.ArrayDeque<>(List.of(r));
            while (!todo.isEmpty()) {
                OfflineRule u = todo.poll();
                if (!selected.contains(u)) {
                    selected.add(u);
                    u.readsAlertsOf().forEach(x -> ruleSet.rule(x).ifPresent(todo::add));
                }
            }
        }
        return selected;
    }
}
