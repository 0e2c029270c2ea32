package io.cepheus.load;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * Runs a workload as a Flink CEP job in a local mini-cluster: a generator source of parallelism 1
 * makes the same seeded events as {@link EventStream} (it computes each from its index), with
 * monotonous watermarks; the stream is keyed by key; each pattern is one CEP operator at the given
 * parallelism, in event time. The end of the bounded source sends Flink's final watermark, which
 * closes every window. Matches are counted in-process (the mini-cluster runs in this JVM).
 *
 * <p>The time reported is the job's net runtime, which includes deploying its tasks but not
 * starting the mini-cluster. Not thread-safe.
 */
public final class FlinkJobDriver {

    private static final Map<Long, LongAdder> COUNTERS = new ConcurrentHashMap<>();
    private static final AtomicLong RUNS = new AtomicLong();

    private final Workload workload;
    private final long seed;
    private final int parallelism;
    private long lastNetRuntimeNanos;

    public FlinkJobDriver(Workload workload, long seed, int parallelism) {
        this.workload = workload;
        this.seed = seed;
        this.parallelism = parallelism;
    }

    /** The net runtime of the last {@link #run}, in nanoseconds. */
    public long lastNetRuntimeNanos() {
        return lastNetRuntimeNanos;
    }

    /**
     * Runs the job to the end of its input.
     *
     * @return the number of results
     */
    public long run() {
        long run = RUNS.incrementAndGet();
        LongAdder counter = new LongAdder();
        COUNTERS.put(run, counter);
        try {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, new Configuration());
            KeyedStream<FlinkEvent, String> keyed = env
                    .fromSource(new DataGeneratorSource<>(new Generate(workload, seed), workload.events(),
                                    TypeInformation.of(FlinkEvent.class)),
                            WatermarkStrategy.<FlinkEvent>forMonotonousTimestamps().withTimestampAssigner((e, t) -> e.timestamp),
                            "events")
                    .setParallelism(1)
                    .keyBy(e -> e.key);
            List<Pattern<FlinkEvent, ?>> patterns = FlinkPatterns.of(workload);
            for (Pattern<FlinkEvent, ?> p : patterns) {
                CEP.pattern(keyed, p).inEventTime().process(new CountMatches(run)).sinkTo(new DiscardingSink<>());
            }
            JobExecutionResult result = env.execute("cepheus-compare-" + workload.id());
            lastNetRuntimeNanos = result.getNetRuntime() * 1_000_000L;
            return counter.sum();
        } catch (Exception e) {
            throw new IllegalStateException("the Flink job failed: " + e.getMessage(), e);
        } finally {
            COUNTERS.remove(run);
        }
    }

    /** Makes event i of the workload's seeded stream. */
    private static final class Generate implements GeneratorFunction<Long, FlinkEvent> {
        private static final long serialVersionUID = 1L;
        private final Workload workload;
        private final long seed;

        Generate(Workload workload, long seed) {
            this.workload = workload;
            this.seed = seed;
        }

        @Override
        public FlinkEvent map(Long index) {
            EventStream.Draw d = EventStream.at(workload, seed, index);
            return new FlinkEvent(EventStream.keyName(d.key()), workload.types().name(d.type()), d.amount(), d.timestamp());
        }
    }

    /** Counts matches into the run's counter; emits nothing. */
    private static final class CountMatches extends PatternProcessFunction<FlinkEvent, Long> {
        private static final long serialVersionUID = 1L;
        private final long run;

        CountMatches(long run) {
            this.run = run;
        }

        @Override
        public void processMatch(Map<String, List<FlinkEvent>> match, Context ctx, Collector<Long> out) {
            COUNTERS.get(run).increment();
        }
    }
}
