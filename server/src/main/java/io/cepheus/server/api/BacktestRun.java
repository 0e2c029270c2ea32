package io.cepheus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cepheus.server.backtest.Alert;
import io.cepheus.server.backtest.AlertJson;
import io.cepheus.server.backtest.Backtest;
import io.cepheus.server.backtest.BacktestListener;
import io.cepheus.server.backtest.BacktestSummary;
import io.cepheus.server.backtest.EventRef;
import io.cepheus.server.backtest.Input;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.runtime.RejectReason;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;

/**
 * Runs a {@link BacktestPlan} over input files with {@code backtest.Backtest}, the class {@code cepheus
 * backtest} runs, and gives the answer's JSON: each alert exactly as the command line prints it, with
 * the events bound to each of its steps (the lines read back), and for an existing rule the
 * difference from its deployed version — alerts only in the version run ({@code onlyNew}), only in
 * the deployed one ({@code onlyOld}), in both — by a key that ignores the version: rule, key, kind,
 * the times, the window and the bound events (their lines, which are the same in both runs). Runs on
 * one thread; progress and cancellation through {@link Progress}.
 */
final class BacktestRun {

    /** Alerts listed in an answer (per run); beyond, they are counted only and {@code truncated} is true. */
    static final int MAX_ALERTS = 10_000;
    /** Rejected and late lines and rule errors listed in an answer. */
    static final int MAX_PROBLEMS = 100;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final Set<String> NOT_IN_DIFF_KEY = Set.of("version", "id", "emitted", "summary", "fields",
            "values", "title", "severity", "tags");

    /** Told of every event read; throws {@link CancellationException} to stop the run. */
    interface Progress {
        void eventsRead(long n);
    }

    private final BacktestPlan plan;
    private final List<Input> inputs;
    private final Progress progress;

    BacktestRun(BacktestPlan plan, List<Input> inputs, Progress progress) {
        this.plan = plan;
        this.inputs = List.copyOf(inputs);
        this.progress = progress;
    }

    /** How many passes over the events this run makes: two when it compares with the deployed version. */
    static int passes(BacktestPlan plan) {
        return plan.rule() != null && !plan.deployed().isEmpty() ? 2 : 1;
    }

    /** @throws CancellationException if cancelled; IOException if an input cannot be read */
    ObjectNode execute() throws IOException {
        Pass run = pass(plan.rules(), 0);
        ObjectNode out = NODES.objectNode();
        ArrayNode rules = out.putArray("rules");
        plan.rules().forEach(r -> rules.addObject().put("name", r.name()).put("version", r.version()));
        out.put("stream", plan.stream().name());
        out.put("eventsRead", run.summary.eventsRead());
        out.put("rejected", run.summary.rejected());
        out.put("late", run.summary.late());
        ObjectNode byRule = out.putObject("alertsByRule");
        run.summary.alertsByRule().forEach(byRule::put);
        out.put("truncated", run.truncated);
        Pass old = passes(plan) == 2 ? pass(plan.deployed(), run.summary.eventsRead()) : null;
        Map<String, Map<Long, JsonNode>> lines = lines(run, old);
        ArrayNode alerts = out.putArray("alerts");
        run.alerts.forEach(a -> alerts.add(item(a, lines)));
        out.set("problems", run.problems);
        if (plan.rule() != null) {
            out.set("diff", old == null ? NODES.nullNode() : diff(run, old, lines));
        }
        return out;
    }

    private ObjectNode diff(Pass run, Pass old, Map<String, Map<Long, JsonNode>> lines) {
        ObjectNode d = NODES.objectNode();
        d.put("deployedVersion", plan.deployedVersion());
        Map<String, Deque<Alert>> olds = new LinkedHashMap<>();
        old.alerts.stream().filter(a -> a.rule().equals(plan.rule()))
                .forEach(a -> olds.computeIfAbsent(key(a), k -> new ArrayDeque<>()).add(a));
        ArrayNode onlyNew = d.putArray("onlyNew");
        ArrayNode onlyOld = d.putArray("onlyOld");
        ArrayNode both = d.putArray("both");
        for (Alert a : run.alerts) {
            if (!a.rule().equals(plan.rule())) {
                continue;
            }
            Deque<Alert> same = olds.get(key(a));
            (same == null || same.poll() == null ? onlyNew : both).add(item(a, lines));
        }
        olds.values().forEach(q -> q.forEach(a -> onlyOld.add(item(a, lines))));
        d.put("truncated", run.truncated || old.truncated);
        return d;
    }

    private String key(Alert a) {
        ObjectNode o = AlertJson.node(a, several());
        NOT_IN_DIFF_KEY.forEach(o::remove);
        return o.toString();
    }

    /** The alert as {@code cepheus backtest} prints it, and its bound events by step. */
    private ObjectNode item(Alert a, Map<String, Map<Long, JsonNode>> lines) {
        ObjectNode item = NODES.objectNode();
        item.set("alert", AlertJson.node(a, several()));
        ObjectNode events = item.putObject("events");
        if (a.aggregate() != null) {
            events.putArray("trigger").add(line(lines, a.aggregate().trigger()));
        }
        a.steps().forEach((step, refs) -> {
            ArrayNode bound = events.putArray(step);
            refs.forEach(r -> bound.add(line(lines, r)));
        });
        return item;
    }

    private static JsonNode line(Map<String, Map<Long, JsonNode>> lines, EventRef ref) {
        return lines.getOrDefault(ref.input(), Map.of()).getOrDefault(ref.line(), NODES.nullNode());
    }

    private boolean several() {
        return inputs.size() > 1;
    }

    /** The lines that alerts bind, read back from the inputs, by input and line. */
    private Map<String, Map<Long, JsonNode>> lines(Pass run, Pass old) throws IOException {
        Map<String, TreeSet<Long>> wanted = new HashMap<>();
        for (Pass p : old == null ? List.of(run) : List.of(run, old)) {
            for (Alert a : p.alerts) {
                a.steps().values().forEach(refs -> refs.forEach(r -> wanted.computeIfAbsent(r.input(),
                        k -> new TreeSet<>()).add(r.line())));
                if (a.aggregate() != null) {
                    wanted.computeIfAbsent(a.aggregate().trigger().input(), k -> new TreeSet<>())
                            .add(a.aggregate().trigger().line());
                }
            }
        }
        Map<String, Map<Long, JsonNode>> out = new HashMap<>();
        for (Input in : inputs) {
            TreeSet<Long> want = wanted.get(in.name());
            if (want != null) {
                out.put(in.name(), read(in, want));
            }
        }
        return out;
    }

    private static Map<Long, JsonNode> read(Input in, TreeSet<Long> want) throws IOException {
        Map<Long, JsonNode> found = new HashMap<>();
        try (InputStream s = new BufferedInputStream(Files.newInputStream(in.path()))) {
            long line = 1;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int b;
            while (line <= want.last() && (b = s.read()) >= 0) {
                if (b == '\n') {
                    take(found, want, line++, buf);
                } else if (want.contains(line)) {
                    buf.write(b);
                }
            }
            take(found, want, line, buf);
        }
        return found;
    }

    private static void take(Map<Long, JsonNode> found, TreeSet<Long> want, long line, ByteArrayOutputStream buf) {
        if (want.contains(line) && buf.size() > 0) {
            try {
                found.put(line, JSON.readTree(buf.toByteArray()));
            } catch (IOException e) {
                found.put(line, NODES.nullNode());
            }
        }
        buf.reset();
    }

    private Pass pass(List<OfflineRule> rules, long before) throws IOException {
        Pass p = new Pass(before);
        p.summary = new Backtest(rules).run(inputs, p);
        return p;
    }

    /** One run of the rules over the inputs: its alerts and first problems. */
    private final class Pass implements BacktestListener {
        final List<Alert> alerts = new ArrayList<>();
        final ArrayNode problems = NODES.arrayNode();
        final long before;
        boolean truncated;
        BacktestSummary summary;

        Pass(long before) {
            this.before = before;
        }

        @Override
        public void alert(Alert alert) {
            if (alerts.size() < MAX_ALERTS) {
                alerts.add(alert);
            } else {
                truncated = true;
            }
        }

        @Override
        public void rejected(EventRef event, RejectReason reason, String message) {
            problem(event, reason.code(), message, null);
        }

        @Override
        public void late(EventRef event, long timestamp, long watermark) {
            problem(event, RejectReason.LATE.code(), "its time " + AlertJson.time(timestamp)
                    + " is not after the watermark " + AlertJson.time(watermark), null);
        }

        @Override
        public void ruleError(String rule, String key, EventRef event, String message) {
            problem(event, "rule_error", message, rule);
        }

        private void problem(EventRef event, String reason, String message, String rule) {
            if (before > 0 || problems.size() >= MAX_PROBLEMS) {
                return;
            }
            ObjectNode p = problems.addObject();
            if (event == null) {
                p.putNull("event");
            } else if (several()) {
                p.put("event", event.render(true));
            } else {
                p.put("event", event.line());
            }
            p.put("reason", reason);
            p.put("message", message);
            if (rule != null) {
                p.put("rule", rule);
            }
        }

        @Override
        public void progress(long bytesRead, long bytesTotal, long eventsRead) {
            progress.eventsRead(before + eventsRead);
        }
    }
}
