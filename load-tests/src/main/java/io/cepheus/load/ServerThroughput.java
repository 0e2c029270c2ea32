package io.cepheus.load;

import io.cepheus.core.Event;
import io.cepheus.dsl.FieldType;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.config.ConfigLoader;
import io.cepheus.server.config.ServerConfig;
import io.cepheus.server.kafka.EmbeddedBroker;
import io.cepheus.server.kafka.KafkaClients;
import io.cepheus.server.node.ServerNode;
import io.cepheus.server.runtime.EventDecoder;
import io.cepheus.server.runtime.EventIds;
import io.cepheus.server.runtime.RejectedEventException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The server end to end on an embedded broker (issue 14's benchmarks): events/s from a pre-filled
 * topic to the last input offset committed — under {@code exactly_once_v2} the alerts of those
 * events are committed in the same transactions — for a real {@link ServerNode} with 1, 100 and
 * 1,000 rules over 100k keys, next to a Kafka Streams pass-through topology (decode with the
 * server's {@link EventDecoder}, re-key by the event's key, write the record) on the same broker and
 * records, in the same run; then the latency from produce to alert record at half the rate measured
 * with 100 rules.
 *
 * <p>Records: {@code {"key":"k123","type":"T7","amount":512,"ts":1772359200123}}, keyed by {@code
 * key} (uniform over the keys), {@code type} uniform over 100 types, {@code amount} uniform in
 * 1..1000; event time advances 1 ms every 100 records (so a key sees an event about every second of
 * event time, and the 10 s windows hold a few). Rule {@code r<i>} (i from 0): {@code a -> b within
 * 10s}, {@code a} of type {@code T(i mod 100)}, {@code b} of type {@code T(i+1 mod 100)} with {@code
 * amount > a.amount + i / 100}; so with 1,000 rules an event can start 10 rules and complete 10.
 *
 * <p>Each throughput run is a new application (its own consumer group, internal topics, alerts
 * topic and state directory) reading the same topic from the start; the clock starts when the node
 * (or the pass-through's Kafka Streams) is running and stops when its group's committed offsets
 * reach the end of the topic and, for the node, of its repartition topic (the CEP tasks' input);
 * polled every 20 ms; the rate counts the offsets committed after the clock started. The latency run
 * produces to a fresh topic at a fixed rate with the wall clock as event time, and reads the alerts
 * topic ({@code read_committed}) as they come: latency is the time the alert was read minus the event time of its last event (the
 * {@code b} that completed it), so it includes the commit interval of {@code exactly_once_v2}
 * (100 ms) that makes an alert visible.
 *
 * <p>Run (after {@code ./mvnw -pl load-tests -am package -DskipTests}):
 * <pre>
 * java -cp load-tests/target/benchmarks.jar io.cepheus.load.ServerThroughput \
 *     [--events 1000000] [--keys 100000] [--rules 1,100,1000] [--partitions 2] [--reps 1] \
 *     [--latency-seconds 30] [--latency-rules 100] [--route direct|repartition] [--threads 1] \
 *     [--commit-interval-ms 100] [--batch-bytes 262144] [--transactional true] [--latency-rates 5000,15000]
 * </pre>
 * {@code --latency-seconds 0} skips the latency run; {@code --latency-rates} runs it at those rates
 * instead of half the measured one. {@code --route}: whether the stream
 * declares its {@code key} (the record key), so that the node runs the CEP work in the source
 * partition's task ({@code direct}, the default), or not, so that every event goes through the
 * repartition topic first ({@code repartition}); users get either. {@code --threads} and {@code
 * --commit-interval-ms} set the stream threads and the commit interval of the node ({@code
 * stream.threads}, {@code commit.interval}) and of the pass-through alike (default: one thread,
 * Kafka Streams' 100 ms), and {@code --batch-bytes} their producers' {@code batch.size} ({@code
 * producer.batch.bytes}; default the node's, 256 KiB); {@code --transactional} the node's {@code
 * state.transactional}. {@code --reps N} runs the pass-through and each node N times in one JVM: the
 * first rep warms the JIT (its compiler threads take a third of the process's CPU in it), the later
 * ones are the rates of a warm server, summed up at the end as the median (and range) of reps 2 to N
 * per run. Not a test: nothing here runs in {@code ./mvnw verify} except {@code
 * ServerThroughputSmokeTest}, a tiny instance that checks the alerts.
 */
public final class ServerThroughput {

    static final long START = 1_772_323_200_000L; // 2026-03-01T00:00:00Z
    static final int TYPES = 100;
    static final String TOPIC = "events";
    private static final Pattern LAST = Pattern.compile("\"last\":\"([^\"]+)\"");

    private final EmbeddedBroker broker;
    private final KafkaClients clients;
    private final Path dir;
    private final Route route;
    /** Stream threads of the node and of the pass-through. */
    private int threads = 1;
    /** The commit interval of the node and of the pass-through; null: Kafka Streams' default. */
    private Duration commitInterval;
    private boolean transactional = true;
    private int batchBytes = io.cepheus.server.config.DataPlaneSettings.PRODUCER_BATCH_BYTES;
    private int runs;

    /** Which way a node's events go to their CEP task. */
    enum Route {
        /** The stream declares {@code key key}, the record key: the CEP work runs in the source partition's task. */
        DIRECT,
        /** The stream declares no key: every event goes through the repartition topic, keyed by {@code key}. */
        REPARTITION
    }

    ServerThroughput(Path dir) {
        this(dir, Route.DIRECT);
    }

    ServerThroughput(Path dir, Route route) {
        this.dir = dir;
        this.route = route;
        this.broker = new EmbeddedBroker(dir.resolve("kafka"), 0, Duration.ofSeconds(120));
        this.clients = new KafkaClients(broker.start());
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int events = Integer.parseInt(opts.getOrDefault("events", "1000000"));
        int keys = Integer.parseInt(opts.getOrDefault("keys", "100000"));
        int partitions = Integer.parseInt(opts.getOrDefault("partitions", "2"));
        int reps = Integer.parseInt(opts.getOrDefault("reps", "1"));
        int latencySeconds = Integer.parseInt(opts.getOrDefault("latency-seconds", "30"));
        int latencyRules = Integer.parseInt(opts.getOrDefault("latency-rules", "100"));
        List<Integer> latencyRates = new ArrayList<>(); // empty: half the rate measured with latencyRules
        for (String r : opts.getOrDefault("latency-rates", "").split(",")) {
            if (!r.isBlank()) {
                latencyRates.add(Integer.parseInt(r.trim()));
            }
        }
        Route route = Route.valueOf(opts.getOrDefault("route", "direct").toUpperCase(java.util.Locale.ROOT));
        List<Integer> ruleCounts = new ArrayList<>();
        for (String n : opts.getOrDefault("rules", "1,100,1000").split(",")) {
            ruleCounts.add(Integer.parseInt(n.trim()));
        }
        Path dir = Files.createTempDirectory("cepheus-e2e");
        ServerThroughput bench = new ServerThroughput(dir, route);
        bench.threads = Integer.parseInt(opts.getOrDefault("threads", "1"));
        bench.transactional = Boolean.parseBoolean(opts.getOrDefault("transactional", "true"));
        bench.batchBytes = Integer.parseInt(opts.getOrDefault("batch-bytes", Integer.toString(bench.batchBytes)));
        bench.commitInterval = opts.containsKey("commit-interval-ms")
                ? Duration.ofMillis(Long.parseLong(opts.get("commit-interval-ms"))) : null;
        System.out.printf("route: %s, stream threads: %d, commit interval: %s, producer batch: %,d bytes,"
                        + " transactional stores: %s%n", route.name().toLowerCase(java.util.Locale.ROOT), bench.threads,
                bench.commitInterval == null ? "Kafka Streams' default" : bench.commitInterval.toMillis() + " ms",
                bench.batchBytes, bench.transactional);
        try {
            long t0 = System.nanoTime();
            bench.createTopic(TOPIC, partitions);
            bench.send(records(TOPIC, events, keys, 42, i -> START + i / 100));
            System.out.printf("pre-filled %s: %,d records over %,d keys, %d partitions, in %.1f s%n", TOPIC, events, keys,
                    partitions, (System.nanoTime() - t0) / 1e9);
            double rateForLatency = 0;
            Map<String, List<Double>> warmRates = new java.util.LinkedHashMap<>(); // reps after the first, by run
            for (int rep = 1; rep <= reps; rep++) {
                Result pass = bench.passThrough(events);
                if (rep > 1) {
                    warmRates.computeIfAbsent("pass-through", k -> new ArrayList<>()).add(pass.rate());
                }
                System.out.printf("rep %d  pass-through (decode + re-key + write): %,.0f events/s (%,d events in %.2f s); %s%n",
                        rep, pass.rate(), pass.events(), pass.seconds(), pass.cpuLine());
                for (int rules : ruleCounts) {
                    Result r = bench.server(rules, events);
                    System.out.printf("rep %d  server, %,d rules: %,.0f events/s (%,d events in %.2f s), %,d alerts; %.0f %%"
                            + " of the pass-through; %s%s%n", rep, rules, r.rate(), r.events(), r.seconds(), r.alerts(), 100 * r.rate() / pass.rate(),
                            r.cpuLine(), r.changelogLine());
                    if (rules == latencyRules) {
                        rateForLatency = Math.max(rateForLatency, r.rate());
                    }
                    if (rep > 1) {
                        warmRates.computeIfAbsent(String.format("server, %,d rules", rules), k -> new ArrayList<>())
                                .add(r.rate());
                    }
                }
            }
            warmRates.forEach((run, rates) -> {
                double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf("warm (reps 2-%d): %s: median %,.0f events/s (%,.0f-%,.0f)%n", reps, run,
                        AbBenchmark.median(sorted), sorted[0], sorted[sorted.length - 1]);
            });
            if (latencySeconds > 0 && rateForLatency > 0 && latencyRates.isEmpty()) {
                latencyRates.add((int) (rateForLatency / 2));
            }
            for (int rate : latencySeconds > 0 ? latencyRates : List.<Integer>of()) {
                Latency l = bench.latency(latencyRules, rate, latencySeconds, keys, partitions);
                System.out.printf("latency, %,d rules at %,d events/s (%.0f %% of %,.0f) for %d s: %,d alerts, p50 %d ms,"
                        + " p99 %d ms, max %d ms%n", latencyRules, rate, 100 * rate / rateForLatency, rateForLatency,
                        latencySeconds, l.alerts(), l.p50(), l.p99(), l.max());
            }
        } finally {
            bench.close();
            deleteRecursively(dir); // the broker's log and the state of every run: gigabytes
        }
        System.exit(0);
    }

    /**
     * One throughput run: seconds from running to every input offset committed, alerts written, and
     * the CPU time meanwhile — of the whole process (broker included) and of the application's own
     * threads (its stream threads and their producers' network threads), which a loaded machine
     * changes far less than the wall-clock rate.
     */
    record Result(long events, double seconds, long alerts, Cpu cpu, long changelog, long changelogBytes) {
        double rate() {
            return events / seconds;
        }

        /**
         * {@code ; changelog N offsets/event, B bytes/event} for a node: records and transaction markers
         * its stores wrote, and the bytes of their logs (record batches as the broker stores them).
         */
        String changelogLine() {
            return changelog < 0 ? "" : String.format("; changelog %.2f offsets/event, %.0f bytes/event",
                    (double) changelog / events, (double) changelogBytes / events);
        }

        /**
         * {@code  cpu: process N µs/event, application M µs/event (stream threads S, busy B % of the run,
         * waiting for a core W %; other Java threads O, GC G, JIT J)}: the stream threads are the
         * application's, busy the share of the run's wall clock they ran on a CPU (per thread), waiting
         * the share they were ready to run but every core was taken (Linux's run queue; the application's
         * Kafka Streams threads, of which the stream threads do nearly all the work); the other Java
         * threads are mostly the embedded broker's.
         */
        String cpuLine() {
            return String.format("cpu: process %.1f µs/event, application %.1f µs/event (stream threads %.1f, busy %.0f %%"
                    + " of the run, waiting for a core %.0f %%; other Java threads %.1f, GC %.1f, JIT %.1f);"
                    + " application allocated %,.0f bytes/event",
                    perEvent(cpu.processNanos()), perEvent(cpu.applicationNanos()), perEvent(cpu.streamNanos()),
                    100 * cpu.streamNanos() / 1e9 / seconds / Math.max(1, cpu.streamThreads()),
                    100 * cpu.streamRunQueueNanos() / 1e9 / seconds / Math.max(1, cpu.streamThreads()),
                    perEvent(cpu.otherJavaNanos()), perEvent(cpu.gcNanos()), perEvent(cpu.jitNanos()),
                    (double) cpu.applicationAllocated() / events);
        }

        private double perEvent(long nanos) {
            return nanos / 1e3 / events;
        }
    }

    /**
     * CPU nanoseconds of the process; of the threads whose names hold an application id, and of its
     * stream threads alone (and how many: their busy share of the run says how long they waited) and the
     * time its Kafka Streams threads waited in Linux's run queue for a core; of
     * the other Java threads (the broker's, the benchmark's own); and of the JVM's garbage-collector
     * and JIT compiler threads, which only Linux's per-thread {@code /proc/self/task/N/schedstat} shows
     * (zero where it does not exist).
     */
    record Cpu(long processNanos, long applicationNanos, long streamNanos, int streamThreads, long streamRunQueueNanos,
               long otherJavaNanos, long gcNanos, long jitNanos, long applicationAllocated) {

        /** A clock started now over the threads of application {@code app}. */
        static java.util.function.Supplier<Cpu> start(String app) {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long process0 = processCpu();
            Map<Long, Long> app0 = threadNanos(threads, app, true);
            Map<Long, Long> other0 = threadNanos(threads, app, false);
            Map<String, Long> vm0 = schedNanos(app);
            Map<Long, Long> allocated0 = allocated(threads, app0.keySet());
            return () -> {
                Map<String, Long> vm = schedNanos(app);
                Map<Long, Long> appNow = threadNanos(threads, app, true);
                Map<Long, Long> streamNow = new HashMap<>(appNow);
                streamNow.keySet().retainAll(streamThreads(threads, appNow.keySet()));
                return new Cpu(processCpu() - process0, since(appNow, app0), since(streamNow, app0), streamNow.size(),
                        since(vm, vm0, "WAIT"), since(threadNanos(threads, app, false), other0), since(vm, vm0, "GC"), since(vm, vm0, "JIT"),
                        since(allocated(threads, appNow.keySet()), allocated0));
            };
        }

        /** Which of the threads {@code ids} are Kafka Streams' stream threads ({@code ...-StreamThread-N}). */
        private static java.util.Set<Long> streamThreads(java.lang.management.ThreadMXBean threads, java.util.Set<Long> ids) {
            java.util.Set<Long> stream = new java.util.HashSet<>();
            for (long id : ids) {
                java.lang.management.ThreadInfo t = threads.getThreadInfo(id);
                if (t != null && t.getThreadName().matches(".*-StreamThread-\\d+")) {
                    stream.add(id);
                }
            }
            return stream;
        }

        /** Bytes allocated by each of the threads {@code ids} so far (threads that ended are left out). */
        private static Map<Long, Long> allocated(java.lang.management.ThreadMXBean threads, java.util.Set<Long> ids) {
            Map<Long, Long> bytes = new HashMap<>();
            for (long id : ids) {
                long b = ((com.sun.management.ThreadMXBean) threads).getThreadAllocatedBytes(id);
                if (b >= 0) {
                    bytes.put(id, b);
                }
            }
            return bytes;
        }

        private static long since(Map<Long, Long> now, Map<Long, Long> before) {
            long sum = 0;
            for (Map.Entry<Long, Long> e : now.entrySet()) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
            return sum;
        }

        private static long since(Map<String, Long> now, Map<String, Long> before, String kind) {
            long sum = 0;
            for (Map.Entry<String, Long> e : now.entrySet()) {
                if (e.getKey().startsWith(kind + " ")) {
                    sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
                }
            }
            return sum;
        }

        private static long processCpu() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }

        /** Java threads' CPU nanoseconds by id: those of {@code app} ({@code ofApp}), or all the others. */
        private static Map<Long, Long> threadNanos(java.lang.management.ThreadMXBean threads, String app, boolean ofApp) {
            Map<Long, Long> nanos = new HashMap<>();
            for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t != null && t.getThreadName().contains(app + "-") == ofApp) {
                    long cpu = threads.getThreadCpuTime(t.getThreadId());
                    if (cpu >= 0) {
                        nanos.put(t.getThreadId(), cpu);
                    }
                }
            }
            return nanos;
        }

        /**
         * From each thread's {@code schedstat} (nanoseconds it ran, nanoseconds it waited in the run
         * queue): the JVM's own GC and JIT threads' CPU, keyed {@code "GC tid"} / {@code "JIT tid"}, and the
         * run-queue wait of the Kafka Streams threads of {@code app} ({@code "WAIT tid"}; Linux keeps a
         * thread's first 15 characters, {@code app-} and the start of the client id).
         */
        private static Map<String, Long> schedNanos(String app) {
            String appThread = (app + "-").substring(0, Math.min(15, app.length() + 1));
            Map<String, Long> nanos = new HashMap<>();
            java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
            for (java.io.File task : tasks == null ? new java.io.File[0] : tasks) {
                try {
                    String comm = Files.readString(task.toPath().resolve("comm")).strip();
                    String kind = comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? "GC"
                            : comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") ? "JIT" : null;
                    boolean ofApp = comm.startsWith(appThread);
                    if (kind != null || ofApp) {
                        String[] stat = Files.readString(task.toPath().resolve("schedstat")).strip().split(" ");
                        nanos.put((ofApp ? "WAIT" : kind) + " " + task.getName(), Long.parseLong(stat[ofApp ? 1 : 0]));
                    }
                } catch (java.io.IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            }
            return nanos;
        }
    }

    /** Produce-to-alert latencies, milliseconds. */
    record Latency(long alerts, long p50, long p99, long max) {}

    /** The rules file: the stream, declaring its {@code key}, and {@code n} rules. */
    static String rules(int n, String topic) {
        return rules(n, topic, Route.DIRECT);
    }

    /** The rules file: the stream ({@code key key} declared on the {@link Route#DIRECT} route) and {@code n} rules. */
    static String rules(int n, String topic, Route route) {
        StringBuilder s = new StringBuilder("""
                stream events {
                  topic "%s"
                  time ts
                  lateness 0s
                %s  fields {
                    key: string
                    type: string
                    amount: long
                    ts: timestamp
                  }
                }
                """.formatted(topic, route == Route.DIRECT ? "  key key\n" : ""));
        for (int i = 0; i < n; i++) {
            s.append("""

                    rule r%d {
                      from events
                      partition by key
                      pattern a -> b
                      where
                        a: type == "T%d"
                        b: type == "T%d" and amount > a.amount + %d
                      within 10s
                      alert {
                        summary "${key}"
                      }
                    }
                    """.formatted(i, i % TYPES, (i + 1) % TYPES, i / TYPES));
        }
        return s.toString();
    }

    /** The stream's layout for the pass-through's decoder (the fields the rules read). */
    static StreamLayout layout() {
        return new StreamLayout("events", TOPIC, "ts", null, Duration.ZERO, "key", null, List.of(
                new StreamLayout.Field("key", FieldType.STRING, 0),
                new StreamLayout.Field("type", FieldType.STRING, 1),
                new StreamLayout.Field("amount", FieldType.LONG, 2),
                new StreamLayout.Field("ts", FieldType.TIMESTAMP, 3)));
    }

    static byte[] value(String key, int type, int amount, long ts) {
        return ("{\"key\":\"" + key + "\",\"type\":\"T" + type + "\",\"amount\":" + amount + ",\"ts\":" + ts + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A node of a new application reading {@link #TOPIC} with {@code n} rules, to the end of the topic. */
    Result server(int n, long events) throws IOException {
        return server("cep-" + n + "-" + (++runs), n, events);
    }

    /** {@link #server(int, long)} as application {@code app}: its alerts go to {@code app-alerts}. */
    Result server(String app, int n, long events) throws IOException {
        ServerConfig config = config(app, n, TOPIC);
        try (ServerNode node = new ServerNode(config)) {
            node.start();
            java.util.function.Supplier<Cpu> cpu = Cpu.start(app);
            long t0 = System.nanoTime();
            long early = committed(app, TOPIC);
            awaitCommitted(app, TOPIC, events);
            awaitInternalTopicsConsumed(app);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Cpu used = cpu.get();
            return new Result(events - early, seconds, countCommitted(app + "-alerts"), used, changelogOffsets(app),
                    changelogBytes(app));
        }
    }

    ServerConfig config(String app, int rules, String topic) throws IOException {
        Path rulesDir = Files.createDirectories(dir.resolve(app).resolve("rules"));
        Files.writeString(rulesDir.resolve("rules.cep"), rules(rules, topic, route));
        Map<String, String> env = new HashMap<>();
        env.put("CEPHEUS_KAFKA_BOOTSTRAP", clients.bootstrap());
        env.put("CEPHEUS_HTTP_HOST", "127.0.0.1");
        env.put("CEPHEUS_HTTP_PORT", "0");
        env.put("CEPHEUS_DATA_DIR", dir.resolve(app).resolve("data").toString());
        env.put("CEPHEUS_RULES", rulesDir.toString());
        env.put("CEPHEUS_STREAMS_APPLICATION_ID", app);
        env.put("CEPHEUS_TOPIC_ALERTS", app + "-alerts");
        env.put("CEPHEUS_TOPIC_DLQ", app + "-dlq");
        env.put("CEPHEUS_TOPIC_CONTROL", app + "-control");
        env.put("CEPHEUS_IDLE_TIMEOUT", "1h");
        env.put("CEPHEUS_STREAM_THREADS", Integer.toString(threads));
        env.put("CEPHEUS_STATE_TRANSACTIONAL", Boolean.toString(transactional));
        env.put("CEPHEUS_PRODUCER_BATCH_BYTES", Integer.toString(batchBytes));
        if (commitInterval != null) {
            env.put("CEPHEUS_COMMIT_INTERVAL", commitInterval.toMillis() + "ms");
        }
        return new ConfigLoader(env).load(Optional.empty(), Map.of());
    }

    /** Kafka Streams reading {@link #TOPIC}: decode, re-key by the event's key, write; exactly_once_v2. */
    Result passThrough(long events) {
        String app = "pass-" + (++runs);
        createTopic(app + "-out", partitionsOf(TOPIC));
        EventDecoder decoder = new EventDecoder(layout());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(TOPIC, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .map((k, v) -> {
                    Event e;
                    try {
                        e = decoder.decode(v, 0, v.length, EventIds.ofContent(v, 0, v.length));
                    } catch (RejectedEventException ex) {
                        throw new IllegalStateException(ex);
                    }
                    return KeyValue.pair(e.getString(0), v);
                })
                .to(app + "-out", Produced.with(Serdes.String(), Serdes.ByteArray()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, clients.bootstrap());
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve(app).toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), batchBytes);
        if (commitInterval != null) {
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        }
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            CompletableFuture<Void> running = new CompletableFuture<>();
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.complete(null);
                }
            });
            streams.start();
            try {
                running.get(120, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("pass-through not running: " + streams.state(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            java.util.function.Supplier<Cpu> cpu = Cpu.start(app);
            long t0 = System.nanoTime();
            long early = committed(app, TOPIC);
            awaitCommitted(app, TOPIC, events);
            return new Result(events - early, (System.nanoTime() - t0) / 1e9, 0, cpu.get(), -1, -1);
        }
    }

    /**
     * Latency at a fixed rate: a node with {@code rules} rules on a fresh topic, {@code rate} events/s
     * for {@code seconds}, the event time the wall clock at send.
     */
    Latency latency(int rules, int rate, int seconds, int keys, int partitions) throws IOException {
        String app = "latency-" + (++runs);
        String topic = app + "-events";
        createTopic(topic, partitions);
        List<Long> latencies = new ArrayList<>();
        try (ServerNode node = new ServerNode(config(app, rules, topic))) {
            node.start();
            AtomicBoolean producing = new AtomicBoolean(true);
            Thread reader = new Thread(() -> readLatencies(app + "-alerts", producing, latencies), "alert-reader");
            reader.start();
            SplittableRandom random = new SplittableRandom(7);
            Map<String, Object> config = clients.producer();
            config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
                long t0 = System.nanoTime();
                long sent = 0;
                long total = (long) rate * seconds;
                while (sent < total) {
                    long due = (System.nanoTime() - t0) * rate / 1_000_000_000L;
                    long now = System.currentTimeMillis();
                    for (; sent < Math.min(due, total); sent++) {
                        producer.send(record(topic, keys, random, now));
                    }
                    sleep(1);
                }
                producer.flush();
            }
            // every alert of the input is committed once the node's offsets reach its end; the reader
            // then drains what it has not read yet
            awaitCommitted(app, topic, (long) rate * seconds);
            awaitInternalTopicsConsumed(app);
            producing.set(false);
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (latencies) {
            List<Long> sorted = latencies.stream().sorted().toList();
            if (sorted.isEmpty()) {
                return new Latency(0, -1, -1, -1);
            }
            return new Latency(sorted.size(), sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)),
                    sorted.getLast());
        }
    }

    private void readLatencies(String topic, AtomicBoolean producing, List<Long> latencies) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clients.consumer("lat-" + UUID.randomUUID()))) {
            consumer.subscribe(List.of(topic));
            boolean more = true;
            while (producing.get() || more) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(producing.get() ? 20 : 500));
                more = !records.isEmpty();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    long now = System.currentTimeMillis();
                    Matcher m = LAST.matcher(new String(r.value(), StandardCharsets.UTF_8));
                    if (m.find()) {
                        long last = java.time.Instant.parse(m.group(1)).toEpochMilli();
                        synchronized (latencies) {
                            latencies.add(now - last);
                        }
                    }
                }
            }
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int keys, SplittableRandom random, long ts) {
        String key = "k" + random.nextInt(keys);
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                value(key, random.nextInt(TYPES), 1 + random.nextInt(1000), ts));
    }

    /** {@code count} records from {@code seed}, the i-th with event time {@code time(i)}. */
    static List<ProducerRecord<byte[], byte[]>> records(String topic, int count, int keys, long seed,
                                                        java.util.function.LongUnaryOperator time) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(record(topic, keys, random, time.applyAsLong(i)));
        }
        return records;
    }

    /** Sends {@code records} in order and waits for all acknowledgements. */
    void send(List<ProducerRecord<byte[], byte[]>> records) {
        Map<String, Object> config = clients.producer();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    void createTopic(String topic, int partitions) {
        admin(admin -> admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
                .get(60, TimeUnit.SECONDS));
    }

    private int partitionsOf(String topic) {
        return admin(admin -> admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic)
                .partitions().size());
    }

    /**
     * The offsets of {@code topic} that group {@code app} has committed: read when the clock starts, since
     * with several stream threads the group may only report running after a first thread has worked a
     * while (the rate and CPU per event count only the events after).
     */
    long committed(String app, String topic) {
        return admin(admin -> offsetsOf(topic, admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata()
                .get(60, TimeUnit.SECONDS)));
    }

    /** Waits until group {@code app} has committed {@code events} offsets on {@code topic} (all its partitions). */
    void awaitCommitted(String app, String topic, long events) {
        awaitGroup(app, offsets -> offsetsOf(topic, offsets) >= events, events + " offsets of " + topic);
    }

    /** The committed offsets of {@code topic}'s partitions, summed. */
    private static long offsetsOf(String topic, Map<TopicPartition, OffsetAndMetadata> offsets) {
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /**
     * Waits until group {@code app} has consumed its repartition topics to their ends as of now (the
     * node's CEP tasks read the keyed events from one): the last transaction marker of a partition
     * may lie past the committed offset. Called once the input is committed, so nothing more is
     * written to them.
     */
    void awaitInternalTopicsConsumed(String app) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin(admin -> {
            List<String> internal = admin.listTopics().names().get(60, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(app + "-") && t.endsWith("-repartition")).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(internal).allTopicNames().get(60, TimeUnit.SECONDS).forEach((t, d) ->
                    d.partitions().forEach(p -> latest.put(new TopicPartition(t, p.partition()), OffsetSpec.latest())));
            admin.listOffsets(latest).all().get(60, TimeUnit.SECONDS).forEach((p, info) -> ends.put(p, info.offset()));
            return null;
        });
        awaitGroup(app, offsets -> ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                || offsets.get(e.getKey()) != null && offsets.get(e.getKey()).offset() >= e.getValue() - 1),
                "the ends " + ends);
    }

    /**
     * The end offsets of application {@code app}'s changelog topics, summed: the records its state
     * stores wrote, and a transaction marker per partition and commit under exactly-once.
     */
    long changelogOffsets(String app) {
        return admin(admin -> {
            List<String> changelogs = admin.listTopics().names().get(60, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(app + "-") && t.endsWith("-changelog")).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(changelogs).allTopicNames().get(60, TimeUnit.SECONDS).forEach((t, d) ->
                    d.partitions().forEach(p -> latest.put(new TopicPartition(t, p.partition()), OffsetSpec.latest())));
            return admin.listOffsets(latest).all().get(60, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        });
    }

    /**
     * The bytes of application {@code app}'s changelog topics on the broker, summed: the size of
     * their logs (batch headers and transaction markers included; nothing is compacted yet, their
     * segments being still open).
     */
    long changelogBytes(String app) {
        return admin(admin -> {
            int broker = admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).iterator().next().id();
            return admin.describeLogDirs(List.of(broker)).allDescriptions().get(60, TimeUnit.SECONDS).get(broker)
                    .values().stream().flatMap(d -> d.replicaInfos().entrySet().stream())
                    .filter(e -> e.getKey().topic().startsWith(app + "-") && e.getKey().topic().endsWith("-changelog"))
                    .mapToLong(e -> e.getValue().size()).sum();
        });
    }

    /** Polls group {@code app}'s committed offsets every 20 ms until {@code done} holds (10 minutes at most). */
    private void awaitGroup(String app, java.util.function.Predicate<Map<TopicPartition, OffsetAndMetadata>> done,
                            String what) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        admin(admin -> {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(app)
                        .partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
                if (done.test(offsets)) {
                    return null;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(app + " has not committed " + what + ": " + offsets);
                }
                sleep(20);
            }
        });
    }

    /** An admin client's work, its failures unchecked. */
    private interface AdminCall<T> {
        T call(Admin admin) throws ExecutionException, TimeoutException, InterruptedException;
    }

    private <T> T admin(AdminCall<T> call) {
        try (Admin admin = Admin.create(clients.admin())) {
            return call.call(admin);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many committed records {@code topic} holds. */
    long countCommitted(String topic) {
        return readValues(topic).size();
    }

    /** The committed values of {@code topic}, read ({@code read_committed}) up to its last stable offsets now. */
    List<String> readValues(String topic) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin(admin -> {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(60, TimeUnit.SECONDS).forEach((p, info) -> ends.put(p, info.offset()));
            return null;
        });
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clients.consumer("count-" + UUID.randomUUID()))) {
            List<TopicPartition> partitions = new ArrayList<>(ends.keySet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " to " + ends);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    void close() {
        broker.close();
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }
}
