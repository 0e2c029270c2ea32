package io.cepheus.load;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.DeploymentOptions;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import io.cepheus.core.Event;
import java.util.Arrays;

/**
 * Aggregate rules through Cepheus and Esper 9 in one run (same seeded events, median of 3), with
 * the ratio. Result counts differ by design: Cepheus fires once when a threshold is crossed and
 * re-arms when it drops; Esper's {@code having} reports every event above it. Equality of the
 * measures themselves is checked by {@code SlidingWindowDifferentialTest}.
 *
 * <p>Run: {@code java -cp load-tests/target/benchmarks.jar io.cepheus.load.AggregateCompare [events]}.
 */
public final class AggregateCompare {

    private AggregateCompare() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.printf("%-4s %10s %14s %14s %8s%n", "load", "events", "Cepheus ev/s", "Esper ev/s", "ratio");
        for (AggregateWorkload w : AggregateWorkload.values()) {
            Event[] events = w.events(n, 42);
            w.runCepheus(events); // warm up
            runEsper(w, events);
            double cepheus = median(() -> w.runCepheus(events), n);
            double esper = median(() -> runEsper(w, events), n);
            System.out.printf("%-4s %,10d %,14.0f %,14.0f %7.1fx%n", w, n, cepheus, esper, cepheus / esper);
        }
    }

    private static double median(Runnable run, int n) {
        double[] rates = new double[3];
        for (int i = 0; i < rates.length; i++) {
            long t0 = System.nanoTime();
            run.run();
            rates[i] = n / ((System.nanoTime() - t0) / 1e9);
        }
        Arrays.sort(rates);
        return rates[1];
    }

    private static int runtimes;

    static long runEsper(AggregateWorkload w, Event[] events) {
        Configuration configuration = new Configuration();
        configuration.getCommon().addEventType("Ev", new String[] {"key", "type", "amount", "account"},
                new Object[] {String.class, String.class, Long.class, String.class});
        configuration.getRuntime().getThreading().setInternalTimerEnabled(false);
        EPRuntime runtime = EPRuntimeProvider.getRuntime("aggregate-compare-" + (++runtimes), configuration);
        try {
            EPCompiled compiled = EPCompilerProvider.getCompiler().compile(w.epl(), new CompilerArguments(configuration));
            EPEventService service = runtime.getEventService();
            service.clockExternal();
            service.advanceTime(AggregateWorkload.BASE - 1);
            EPDeployment deployment = runtime.getDeploymentService().deploy(compiled, new DeploymentOptions());
            long[] results = {0};
            for (EPStatement s : deployment.getStatements()) {
                s.addListener((newEvents, oldEvents, statement, rt) -> results[0] += newEvents == null ? 0 : newEvents.length);
            }
            for (Event e : events) {
                service.advanceTime(e.timestamp());
                service.sendEventObjectArray(e.values(), "Ev");
            }
            service.advanceTime(Long.MAX_VALUE / 2);
            return results[0];
        } catch (Exception e) {
            throw new IllegalStateException("Esper failed on " + w + ": " + e.getMessage(), e);
        } finally {
            runtime.destroy();
        }
    }
}
