package io.cepheus.load;

import io.cepheus.server.backtest.Backtest;
import io.cepheus.server.backtest.BacktestListener;
import io.cepheus.server.backtest.BacktestSummary;
import io.cepheus.server.backtest.Input;
import io.cepheus.server.backtest.Inputs;
import io.cepheus.server.rules.Compilation;
import io.cepheus.server.rules.RuleTools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Times {@code backtest}'s run in one JVM, without the command line around it: the rules are
 * compiled first, then the same run is repeated, each time with new engines; alerts are counted,
 * not printed. The first run is the one a user gets (the JIT still compiling); the later ones show
 * the rate once compiled.
 *
 * <p>{@code java -cp load-tests/target/benchmarks.jar io.cepheus.load.BacktestRun RULES EVENTS [RUNS]}
 */
public final class BacktestRun {

    private BacktestRun() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: BacktestRun RULES.cep EVENTS.jsonl [RUNS]");
            System.exit(2);
        }
        Compilation compilation = RuleTools.compileFiles(List.of(Path.of(args[0])));
        if (compilation.hasErrors()) {
            System.err.println(compilation.render());
            System.exit(1);
        }
        List<Input> inputs = Inputs.resolve(compilation.rules(), compilation.rules().rules(), List.of(args[1]));
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        for (int run = 1; run <= runs; run++) {
            long[] alerts = new long[1];
            long start = System.nanoTime();
            BacktestSummary summary = new Backtest(compilation.rules().rules()).run(inputs, new BacktestListener() {
                @Override
                public void alert(io.cepheus.server.backtest.Alert alert) {
                    alerts[0]++;
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "run %d: %d events in %.2f s, %.0fk events/s, %d alerts, %d rejected, %d late%n",
                    run, summary.eventsRead(), seconds, summary.eventsRead() / seconds / 1000, alerts[0],
                    summary.rejected(), summary.late());
        }
    }
}
