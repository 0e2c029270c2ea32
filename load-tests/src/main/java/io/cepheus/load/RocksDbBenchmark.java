package io.cepheus.load;

import io.cepheus.core.state.CachingStateBackend;
import io.cepheus.core.state.RocksDbStateBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W1 (A→B within 10 s) on the RocksDB state backend behind a cache layer of {@value #CACHED_KEYS}
 * keys: a key's state is encoded into RocksDB when it leaves the cache, decoded when it comes back. Each invocation opens an empty database in a fresh directory (outside
 * the timed part) and runs {@link #EVENTS} events; one operation is one event.
 *
 * <p>Run one quickly: {@code java -jar load-tests/target/benchmarks.jar RocksDbBenchmark -wi 1 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RocksDbBenchmark {

    static final int EVENTS = 100_000;

    /** Keys kept decoded in the cache layer in front of RocksDB (the engine's built-in default before it became a layer). */
    static final int CACHED_KEYS = 10_000;

    @Param({"W1-10k"})
    public String workload;

    private CepheusDriver driver;
    private Path root;
    private Path directory;
    private RocksDbStateBackend backend;
    private int invocation;

    @Setup
    public void setUp() throws IOException {
        Workload w = Workload.byId(workload).withEvents(EVENTS);
        driver = new CepheusDriver(CepheusRules.of(w), EventStream.generate(w, EventStream.DEFAULT_SEED));
        root = Files.createTempDirectory("cepheus-rocksdb-bench");
    }

    @Setup(Level.Invocation)
    public void openBackend() {
        directory = root.resolve("run-" + invocation++);
        backend = new RocksDbStateBackend(directory);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long events() {
        return driver.run(new CachingStateBackend(backend, CACHED_KEYS));
    }

    @TearDown(Level.Invocation)
    public void closeBackend() {
        backend.close();
        delete(directory);
    }

    @TearDown
    public void tearDown() {
        delete(root);
    }

    private static void delete(Path path) {
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
