package io.cepheus.load;

import io.cepheus.server.runtime.EventDecoder;
import io.cepheus.server.runtime.RejectedEventException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding JSON lines into events, single thread: the server's {@link EventDecoder} (Jackson's
 * streaming parser over the line's bytes) against {@link LegacyTreeDecoder}, the decoder of {@code
 * backtest} before issue 13 (Jackson's tree model over the line as a String, as its reader gave it).
 * The lines are {@link CardTestingEvents}' payments (about 108 bytes, five fields), with ISO-8601 or
 * epoch-millisecond times. One operation is one line, so the score is events/s.
 *
 * <p>Run: {@code java -jar load-tests/target/benchmarks.jar DecodeBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecodeBenchmark {

    /** Lines per invocation. */
    static final int LINES = 10_000;

    @Param({"iso", "epoch"})
    public String time;

    private byte[][] bytes;
    private String[] strings;
    private EventDecoder streaming;
    private LegacyTreeDecoder tree;

    @Setup
    public void setUp() {
        CardTestingEvents events = new CardTestingEvents(CardTestingEvents.DEFAULT_SEED,
                CardTestingEvents.TimeFormat.valueOf(time.toUpperCase(Locale.ROOT)));
        strings = new String[LINES];
        bytes = new byte[LINES][];
        for (int i = 0; i < LINES; i++) {
            strings[i] = events.next();
            bytes[i] = strings[i].getBytes(StandardCharsets.UTF_8);
        }
        streaming = new EventDecoder(CardTestingEvents.layout());
        tree = new LegacyTreeDecoder(CardTestingEvents.layout());
    }

    /** The new decoder, from bytes: what the backtest and the server do. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void streamingFromBytes(Blackhole bh) throws RejectedEventException {
        for (int i = 0; i < LINES; i++) {
            byte[] line = bytes[i];
            bh.consume(streaming.decode(line, 0, line.length, i));
        }
    }

    /** The baseline: the tree model from a String per line. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void treeFromString(Blackhole bh) throws LegacyTreeDecoder.Rejected {
        for (int i = 0; i < LINES; i++) {
            bh.consume(tree.decode(strings[i], i));
        }
    }
}
