package io.cepheus.server.cli;

import io.cepheus.server.backtest.Alert;
import io.cepheus.server.backtest.AlertJson;
import io.cepheus.server.backtest.Backtest;
import io.cepheus.server.backtest.BacktestListener;
import io.cepheus.server.backtest.BacktestSummary;
import io.cepheus.server.backtest.EventRef;
import io.cepheus.server.backtest.Input;
import io.cepheus.server.backtest.Inputs;
import io.cepheus.server.rules.Compilation;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.rules.RuleSet;
import io.cepheus.server.runtime.InputLimits;
import io.cepheus.server.runtime.RejectReason;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
                    + " not_an_object, wrong_type, missing_time, time_out_of_range (outside years 0000-9999),"
                    + " number_out_of_range (over 100 digits or an exponent beyond +-400), invalid_utf8, oversize"
                    + " (over --max-line-bytes), too_far_ahead (over --max-ahead after the newest event time of its"
                    + " stream: one wrong far-future time would otherwise make every later event late); late events"
                    + " have the code late.",
            "A summary (events read, rejected, late, alerts per rule) goes to stderr; it lists the first "
                    + BacktestCommand.MAX_LISTED + " rejected or late lines (--rejected FILE writes them all) and ends"
                    + " with a WARNING when a rule's engine dropped partial matches or window state at its per-key"
                    + " caps (the exit code stays 0)."})
final class BacktestCommand implements Callable<Integer> {

    static final int MAX_LISTED = 20;

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

    @Option(names = "--no-progress", description = "no progress bar on stderr")
    private boolean noProgress;

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
        boolean several = inputs.size() > 1;
        ProgressBar progress = noProgress ? null : new ProgressBar(err, System::nanoTime);
        try (RejectedFile rejected = rejectedFile == null ? null : RejectedFile.create(rejectedFile)) {
            // alerts are buffered here: the command line's stdout flushes at every line
            PrintWriter alerts = new PrintWriter(new BufferedWriter(out, 1 << 16), false);
            Report report = new Report(alerts, progress, several, rejected);
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
        return ExitCodes.OK;
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

    /** Prints alerts as they come and keeps what the summary lists. */
    private static final class Report implements BacktestListener {
        private final PrintWriter out;
        private final ProgressBar progress;
        private final boolean several;
        private final RejectedFile rejectedFile;
        private final List<String> notes = new ArrayList<>();
        private long listed;

        /** @param rejectedFile where every rejected and late line goes; null for nowhere */
        Report(PrintWriter out, ProgressBar progress, boolean several, RejectedFile rejectedFile) {
            this.out = out;
            this.progress = progress;
            this.several = several;
            this.rejectedFile = rejectedFile;
        }

        @Override
        public void alert(Alert alert) {
            out.println(AlertJson.line(alert, several));
        }

        @Override
        public void rejected(EventRef event, RejectReason reason, String message) {
            note("rejected " + where(event) + ": " + message);
            if (rejectedFile != null) {
                rejectedFile.write(event, reason.code(), message);
            }
        }

        @Override
        public void late(EventRef event, long timestamp, long watermark) {
            String message = "its time " + AlertJson.time(timestamp) + " is not after the watermark "
                    + AlertJson.time(watermark);
            note("late " + where(event) + ": " + message);
            if (rejectedFile != null) {
                rejectedFile.write(event, RejectReason.LATE.code(), message);
            }
        }

        @Override
        public void ruleError(String rule, String key, String message) {
            note("rule error in " + rule + " (key " + key + "): " + message);
        }

        @Override
        public void progress(long bytesRead, long bytesTotal, long eventsRead) {
            if (progress != null) {
                progress.update(bytesRead, bytesTotal, eventsRead);
            }
        }

        private String where(EventRef event) {
            return several ? event.render(true) : "line " + event.line();
        }

        private void note(String line) {
            listed++;
            if (notes.size() < MAX_LISTED) {
                notes.add(line);
            }
        }

        void printSummary(PrintWriter err, BacktestSummary s) {
            err.println("events: " + s.eventsRead() + " read, " + s.rejected() + " rejected, " + s.late() + " late");
            notes.forEach(n -> err.println("  " + n));
            if (listed > notes.size()) {
                err.println("  ... and " + (listed - notes.size()) + " more" + (rejectedFile == null
                        ? " (--rejected FILE writes every rejected and late line)"
                        : " (every rejected and late line is in " + rejectedFile.path() + ")"));
            }
            err.println("alerts: " + s.alerts());
            for (Map.Entry<String, Long> e : s.alertsByRule().entrySet()) {
                StringBuilder line = new StringBuilder("  ").append(e.getKey()).append(": ").append(e.getValue());
                Long suppressed = s.suppressed().get(e.getKey());
                if (suppressed != null) {
                    line.append(" (").append(suppressed).append(" suppressed)");
                }
                Long withoutKey = s.withoutKey().get(e.getKey());
                if (withoutKey != null) {
                    line.append(" (").append(CheckCommand.plural(withoutKey, "event")).append(" without a partition key)");
                }
                BacktestSummary.Drops drops = s.drops().get(e.getKey());
                if (drops != null) {
                    line.append(" (DROPPED at the per-key caps: ").append(describe(drops)).append(')');
                }
                err.println(line);
            }
            if (s.ruleErrors() > 0) {
                err.println("rule errors: " + s.ruleErrors());
            }
            if (!s.drops().isEmpty()) {
                err.println("WARNING: " + CheckCommand.plural(s.drops().size(), "rule") + " dropped state at the"
                        + " engine's per-key caps (marked DROPPED above): alerts may be missing or cover fewer events");
            }
            err.flush();
        }

        private static String describe(BacktestSummary.Drops d) {
            List<String> parts = new ArrayList<>();
            if (d.partialMatches() > 0) {
                parts.add(d.partialMatches() + (d.partialMatches() == 1 ? " partial match" : " partial matches"));
            }
            if (d.windowEvents() > 0) {
                parts.add(CheckCommand.plural(d.windowEvents(), "window event"));
            }
            if (d.distinctValues() > 0) {
                parts.add(CheckCommand.plural(d.distinctValues(), "distinct value") + " not counted");
            }
            return String.join(", ", parts);
        }
    }
}
