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
 * Many rules on one stream (W4's rule shape): 1, 100 or 1,000 rules over the same stream of
 * 1,000 uniformly drawn types and 1,000 keys. Rule i is Ti then T(i+1 mod 1000) with a larger
 * amount within 10 s, so an event can start one rule and continue one other whatever the rule
 * count: the "1,000 rules no more than 3× slower than 1 rule when each event can match few
 * rules" compares {@code rules=1000} with {@code rules=1}. Single thread, heap state; one operation
 * is one event.
 *
 * <p>Run one quickly: {@code java -jar load-tests/target/benchmarks.jar RuleCountBenchmark -p
 * rules=1000 -wi 1 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RuleCountBenchmark {

    static final int EVENTS = 200_000;
    static final int TYPES = 1_000;

    @Param({"1", "100", "1000"})
    public int rules;

    private CepheusDriver driver;

    @Setup
    public void setUp() {
        Workload w = Workload.byId("W4-1000").withEvents(EVENTS);
        driver = new CepheusDriver(CepheusRules.manyRules(rules, TYPES), EventStream.generate(w, EventStream.DEFAULT_SEED));
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long events() {
        return driver.run();
    }
}
