package io.cepheus.server.cli;

import io.cepheus.server.backtest.Alert;
import io.cepheus.server.backtest.AlertJson;
import io.cepheus.server.backtest.BacktestListener;
import io.cepheus.server.backtest.BacktestSummary;
import io.cepheus.server.backtest.EventRef;
import io.cepheus.server.runtime.RejectReason;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code cepheus backtest} prints: alerts as they come (JSON lines on stdout), then the summary
 * on stderr with the first {@value #MAX_LISTED} rejected or late lines and rule errors (each with
 * its rule, the line of the event and the message), and alerts and rule errors per rule; every
 * rejected and late line also goes to the {@code --rejected} file when there is one. Called on the
 * backtest's thread only; not thread-safe.
 */
final class BacktestReport implements BacktestListener {

    static final int MAX_LISTED = 20;

    private final PrintWriter out;
    private final ProgressBar progress;
    private final boolean several;
    private final RejectedFile rejectedFile;
    private final List<String> notes = new ArrayList<>();
    private long listed;

    /** @param rejectedFile where every rejected and late line goes; null for nowhere */
    BacktestReport(PrintWriter out, ProgressBar progress, boolean several, RejectedFile rejectedFile) {
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
    public void ruleError(String rule, String key, EventRef event, String message) {
        note("rule error in " + rule + (event == null ? "" : " on " + where(event)) + " (key " + key + "): " + message);
    }

    @Override
    public void progress(long bytesRead, long bytesTotal, long eventsRead) {
        if (progress != null) {
            progress.update(bytesRead, bytesTotal, eventsRead);
        }
    }

    private String where(EventRef event) {
        return event.where(several);
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
            Long errors = s.ruleErrors().get(e.getKey());
            if (errors != null) {
                line.append(" (").append(CheckCommand.plural(errors, "rule error")).append(')');
            }
            BacktestSummary.Drops drops = s.drops().get(e.getKey());
            if (drops != null) {
                line.append(" (DROPPED at the per-key caps: ").append(describe(drops)).append(')');
            }
            err.println(line);
        }
        if (s.ruleErrorCount() > 0) {
            err.println("rule errors: " + s.ruleErrorCount());
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
