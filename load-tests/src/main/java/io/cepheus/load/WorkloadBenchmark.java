package io.cepheus.load;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cepheus alone on the comparison's workloads (W1 A→B, W2 Kleene with a sum, W3 trailing absence,
 * W5 pattern length 3 / 12 / 24), single thread, heap state. One operation is one event: each
 * invocation runs {@link #EVENTS} seeded events through a fresh engine and ends the input, so the
 * score is events/s.
 *
 * <p>Run one quickly: {@code java -jar load-tests/target/benchmarks.jar WorkloadBenchmark -p
 * workload=W1-10k -wi 1 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WorkloadBenchmark {

    /** Events per invocation. */
    static final int EVENTS = 200_000;

    @Param({"W1-10k", "W1-1k", "W2", "W3", "W5-3", "W5-12", "W5-24"})
    public String workload;

    private CepheusDriver driver;

    @Setup
    public void setUp() {
        Workload w = Workload.byId(workload).withEvents(EVENTS);
        driver = new CepheusDriver(CepheusRules.of(w), EventStream.generate(w, EventStream.DEFAULT_SEED));
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long events() {
        return driver.run();
    }
}
