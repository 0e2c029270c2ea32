package io.cepheus.server.testing;

import io.cepheus.server.backtest.Alert;
import io.cepheus.server.backtest.AlertJson;
import io.cepheus.server.backtest.Backtest;
import io.cepheus.server.backtest.BacktestListener;
import io.cepheus.server.backtest.EventRef;
import io.cepheus.server.backtest.Input;
import io.cepheus.server.backtest.Inputs;
import io.cepheus.server.rules.Compilation;
import io.cepheus.server.rules.RuleTools;
import io.cepheus.server.runtime.RejectReason;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Runs test cases: compiles the case's rules, backtests its events and compares with {@code expected.jsonl}. */
public final class TestRunner {

    private TestRunner() {}

    /**
     * The result of one case.
     *
     * @param testCase the case
     * @param passed whether the outcome met the expectation
     * @param alerts how many alerts the run produced
     * @param details why it failed, one line each; empty when it passed
     */
    public record Result(TestCase testCase, boolean passed, int alerts, List<String> details) {
        public Result {
            details = List.copyOf(details);
        }
    }

    /** Runs one case; never throws for a problem of the case itself (it fails with the reason). */
    public static Result run(TestCase c) {
        try {
            return runChecked(c);
        } catch (IOException e) {
            return new Result(c, false, 0, List.of("cannot read: " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            return new Result(c, false, 0, List.of(e.getMessage()));
        }
    }

    private static Result runChecked(TestCase c) throws IOException {
        if (c.ruleFiles().isEmpty()) {
            return new Result(c, false, 0, List.of("no rule files (*.cep) in " + c.directory() + " or above it"));
        }
        if (c.eventFiles().isEmpty()) {
            return new Result(c, false, 0, List.of("no events file (*.jsonl besides expected.jsonl) in " + c.directory()));
        }
        Compilation compilation = RuleTools.compileFiles(c.ruleFiles());
        if (compilation.hasErrors()) {
            return new Result(c, false, 0, List.of(compilation.render().split("\n")));
        }
        List<String> specs = c.eventFiles().stream().map(Object::toString).toList();
        List<Input> inputs = Inputs.resolve(compilation.rules(), compilation.rules().rules(), specs);
        boolean several = inputs.size() > 1;
        List<ObjectNode> alerts = new ArrayList<>();
        List<String> late = new ArrayList<>();
        List<Outcome.Rejected> rejected = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        new Backtest(compilation.rules().rules()).run(inputs, new BacktestListener() {
            @Override
            public void alert(Alert alert) {
                alerts.add(AlertJson.node(alert, several));
            }

            @Override
            public void late(EventRef event, long timestamp, long watermark) {
                late.add(event.render(several));
            }

            @Override
            public void rejected(EventRef event, RejectReason reason, String message) {
                rejected.add(new Outcome.Rejected(event.render(several), message));
            }

            @Override
            public void ruleError(String rule, String key, EventRef event, String message) {
                errors.add("rule error in " + rule + (event == null ? "" : " on " + event.where(several)) + " (key " + key
                        + "): " + message);
            }
        });
        Expected expected = Expected.read(c.expected());
        List<String> details = new ArrayList<>(errors);
        details.addAll(Comparison.differences(expected, new Outcome(alerts, late, rejected), TestCases.EXPECTED));
        return new Result(c, details.isEmpty(), alerts.size(), details);
    }
}
