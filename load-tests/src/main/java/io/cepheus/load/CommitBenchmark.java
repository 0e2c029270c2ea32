package io.cepheus.load;

import io.cepheus.core.CepEngine;
import io.cepheus.core.Event;
import io.cepheus.core.state.CachingStateBackend;
import io.cepheus.core.state.KeyedStore;
import io.cepheus.core.state.StateBackend;
import io.cepheus.core.state.StateCodec;
import io.cepheus.dsl.CompiledRules;
import io.cepheus.dsl.RuleLanguage;
import io.cepheus.dsl.Source;
import io.cepheus.server.runtime.EventDecoder;
import io.cepheus.server.runtime.RejectedEventException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * The CEP processor's own work in {@link ServerThroughput}, without Kafka: its rules and records
 * (decoded by the server's {@link EventDecoder} before the timed part) through one engine over the
 * processor's write-back cache ({@link CachingStateBackend}) in front of a store that keeps each
 * key's state encoded, as the Kafka Streams store does; every {@value #COMMIT} events the engine is
 * flushed, as before a commit, so that each changed key's state is encoded once per "commit". One
 * operation is one event: matching, the cache and the encoding — what the stream thread spends
 * beyond Kafka Streams' own work. Two builds side by side: {@link AbBenchmark} with {@code commit=100}.
 *
 * <p>{@value #EVENTS} events over {@value #KEYS} keys, so that a key sees as many events as in
 * ServerThroughput's default run (five), and the 10 s windows keep every partial match to the end.
 *
 * <p>Run one quickly: {@code java -jar load-tests/target/benchmarks.jar CommitBenchmark -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CommitBenchmark {

    static final int EVENTS = WorkloadBenchmark.EVENTS;
    static final int KEYS = EVENTS / 5;
    /** Events between flushes: a 100 ms commit interval at 50,000 events/s. */
    static final int COMMIT = 5_000;

    @Param({"100"})
    public int rules;

    private CompiledRules compiled;
    private String[] keys;
    private Event[] events;

    @Setup
    public void setUp() throws RejectedEventException {
        compiled = RuleLanguage.compile(Source.of("rules.cep", ServerThroughput.rules(rules, ServerThroughput.TOPIC)));
        EventDecoder decoder = new EventDecoder(compiled.streams().get("events"));
        keys = new String[EVENTS];
        events = new Event[EVENTS];
        int i = 0;
        for (ProducerRecord<byte[], byte[]> r : ServerThroughput.records(ServerThroughput.TOPIC, EVENTS, KEYS, 42,
                n -> ServerThroughput.START + n / 100)) {
            keys[i] = new String(r.key(), StandardCharsets.UTF_8);
            events[i] = decoder.decode(r.value(), 0, r.value().length, i);
            i++;
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long events() {
        CepheusDriver.Counter counter = new CepheusDriver.Counter();
        try (EncodedBackend store = new EncodedBackend();
             CepEngine engine = CepEngine.builder().rules(compiled.engineRules()).output(counter)
                     .stateBackend(new CachingStateBackend(store, 100_000)).build()) {
            for (int i = 0; i < EVENTS; i++) {
                Event e = events[i];
                engine.process(keys[i], e);
                engine.advanceWatermark(e.timestamp() - 1); // a hundred events share each millisecond
                if (i % COMMIT == COMMIT - 1) {
                    engine.flush();
                }
            }
            engine.flush();
            return counter.results + store.bytes; // equal for two builds that match and encode alike
        }
    }

    /** Every store keeps its values encoded in a hash map (encoded on put, decoded on get); counts the bytes put. */
    private static final class EncodedBackend implements StateBackend {
        long bytes;

        @Override
        public <V> KeyedStore<V> open(String name, StateCodec<V> codec) {
            return new KeyedStore<>() {
                private final Map<String, byte[]> map = new HashMap<>();

                @Override
                public V get(String key) {
                    byte[] b = map.get(key);
                    return b == null ? null : codec.decode(b);
                }

                @Override
                public void put(String key, V value) {
                    byte[] b = codec.encode(value);
                    bytes += b.length;
                    map.put(key, b);
                }

                @Override
                public void remove(String key) {
                    map.remove(key);
                }

                @Override
                public void forEach(BiConsumer<String, V> action) {
                    map.forEach((k, b) -> action.accept(k, codec.decode(b)));
                }

                @Override
                public void forEachEncoded(BiConsumer<String, byte[]> action) {
                    map.forEach(action);
                }

                @Override
                public long approximateSize() {
                    return map.size();
                }

                @Override
                public void clear() {
                    map.clear();
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public void close() {}
    }
}
