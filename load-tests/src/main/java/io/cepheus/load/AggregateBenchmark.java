package io.cepheus.load;

import io.cepheus.core.Event;
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
 * Aggregate rules in Cepheus alone (see {@link AggregateWorkload}), single thread, heap state. One
 * operation is one event.
 *
 * <p>Run: {@code java -jar load-tests/target/benchmarks.jar AggregateBenchmark -p workload=A1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class AggregateBenchmark {

    static final int EVENTS = 1_000_000;

    @Param({"A1", "A2", "A3"})
    public String workload;

    private AggregateWorkload w;
    private Event[] events;

    @Setup
    public void setUp() {
        w = AggregateWorkload.valueOf(workload);
        events = w.events(EVENTS, 42);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long events() {
        return w.runCepheus(events);
    }
}
