package io.cepheus.load;

import io.cepheus.server.node.ServerNode;
import io.cepheus.server.node.StartupReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Ingest over HTTP (issue 15's benchmark): events/s through {@code POST /api/v1/streams/events/events}
 * — NDJSON batches checked with the data plane's decoder and written to the stream's topic through an
 * idempotent {@code acks=all} producer, each answer only once Kafka has acknowledged its batch — on a
 * real {@link ServerNode} over an embedded broker in this JVM, next to a Kafka producer writing the
 * same records straight to a topic (the same settings as {@link ServerThroughput}'s pre-fill) just
 * before, in each repetition.
 *
 * <p>Records are {@link ServerThroughput}'s ({@code {"key":"k123","type":"T7","amount":512,"ts":…}},
 * uniform over the keys), in batches of {@code --batch} lines, posted by {@code --clients} threads
 * (each takes the next batch; at most {@code ingest.max.concurrent}, 4, run at once on the node, so
 * with 4 clients none is refused). Each run ({@code --reps} times each) is a new node (its own application, control and alerts
 * topics) with the stream and {@code --rules} of {@link ServerThroughput#rules}: with 0 rules the
 * node only ingests; with rules its data plane reads the same topic meanwhile, on the same cores. The
 * clock runs from the first request to the last answer; afterwards the topic must hold exactly the
 * records posted (nothing accepted is lost, nothing written twice), and the answers must have
 * accepted them all.
 *
 * <p>Run (after {@code ./mvnw -pl load-tests -am package -DskipTests}):
 * <pre>
 * java -Xmx3g -cp load-tests/target/benchmarks.jar io.cepheus.load.IngestThroughput \
 *     [--events 500000] [--batch 1000] [--clients 4] [--keys 100000] [--partitions 2] [--rules 0,100] [--reps 1]
 * </pre>
 * Not a test: nothing here runs in {@code ./mvnw verify}.
 */
public final class IngestThroughput {

    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");

    private IngestThroughput() {}

    /** One run: records, seconds from the first request to the last answer, per-request latencies (ms). */
    record Result(long events, double seconds, long[] latencies, long refused) {
        double rate() {
            return events / seconds;
        }

        long percentile(double p) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = ServerThroughput.options(args);
        int events = Integer.parseInt(opts.getOrDefault("events", "500000"));
        int batch = Integer.parseInt(opts.getOrDefault("batch", "1000"));
        int clients = Integer.parseInt(opts.getOrDefault("clients", "4"));
        int keys = Integer.parseInt(opts.getOrDefault("keys", "100000"));
        int partitions = Integer.parseInt(opts.getOrDefault("partitions", "2"));
        int reps = Integer.parseInt(opts.getOrDefault("reps", "1"));
        List<Integer> ruleCounts = new ArrayList<>();
        for (String n : opts.getOrDefault("rules", "0,100").split(",")) {
            ruleCounts.add(Integer.parseInt(n.trim()));
        }
        Path dir = Files.createTempDirectory("cepheus-ingest");
        ServerThroughput bench = new ServerThroughput(dir);
        try {
            List<byte[]> bodies = bodies(ServerThroughput.records("direct", events, keys, 42,
                    i -> ServerThroughput.START + i / 100), batch);
            for (int rep = 1; rep <= reps; rep++) {
                String topic = "direct-" + rep;
                List<ProducerRecord<byte[], byte[]>> records = ServerThroughput.records(topic, events, keys, 42,
                        i -> ServerThroughput.START + i / 100);
                bench.createTopic(topic, partitions);
                long t0 = System.nanoTime();
                bench.send(records);
                double direct = events / ((System.nanoTime() - t0) / 1e9);
                System.out.printf("rep %d  producer straight to a topic (acks=all, idempotent): %,.0f events/s%n", rep,
                        direct);
                for (int rules : ruleCounts) {
                    Result r = ingest(bench, "ingest-" + rules + "-" + rep, rules, partitions, bodies, clients, events);
                    System.out.printf("rep %d  POST /streams/events/events, %,d rules, batches of %,d, %d clients:"
                                    + " %,.0f events/s (%.2f s, %.0f %% of the producer); per request p50 %d ms, p99 %d ms,"
                                    + " max %d ms; %d refused (429)%n", rep, rules, batch, clients, r.rate(), r.seconds(),
                            100 * r.rate() / direct, r.percentile(0.5), r.percentile(0.99), r.percentile(1.0), r.refused());
                }
            }
        } finally {
            bench.close();
            ServerThroughput.deleteRecursively(dir);
        }
        System.exit(0);
    }

    /** The records' values as NDJSON bodies of {@code batch} lines. */
    static List<byte[]> bodies(List<ProducerRecord<byte[], byte[]>> records, int batch) {
        List<byte[]> bodies = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < records.size(); i++) {
            body.writeBytes(records.get(i).value());
            body.write('\n');
            if ((i + 1) % batch == 0 || i == records.size() - 1) {
                bodies.add(body.toByteArray());
                body.reset();
            }
        }
        return bodies;
    }

    /** A node with {@code rules} rules on a fresh topic; {@code clients} threads post every body; the topic checked. */
    static Result ingest(ServerThroughput bench, String app, int rules, int partitions, List<byte[]> bodies, int clients,
                         long events) throws Exception {
        String topic = app + "-events";
        bench.createTopic(topic, partitions);
        try (ServerNode node = new ServerNode(bench.config(app, rules, topic))) {
            StartupReport started = node.start();
            String token = started.adminToken().orElseThrow();
            URI uri = URI.create("http://127.0.0.1:" + started.http().getPort() + "/api/v1/streams/events/events");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            AtomicInteger next = new AtomicInteger();
            AtomicLong accepted = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            long[] latencies = new long[bodies.size()];
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long t0 = System.nanoTime();
            List<Future<?>> posting = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                posting.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        accepted.addAndGet(post(http, uri, token, bodies.get(i), refused));
                        latencies[i] = (System.nanoTime() - start) / 1_000_000;
                    }
                    return null;
                }));
            }
            for (Future<?> f : posting) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            long written = bench.countCommitted(topic);
            if (accepted.get() != events || written != events) {
                throw new IllegalStateException(app + ": posted " + events + ", accepted " + accepted + ", on the topic "
                        + written);
            }
            return new Result(events, seconds, latencies, refused.get());
        }
    }

    /** Posts one body until it is taken (a 429 waits its Retry-After); @return the records accepted. */
    private static long post(HttpClient http, URI uri, String token, byte[] body, AtomicLong refused)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        while (true) {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 429) {
                refused.incrementAndGet();
                Thread.sleep(1000L * Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1")));
                continue;
            }
            Matcher m = ACCEPTED.matcher(answer.body());
            if (answer.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("POST answered " + answer.statusCode() + ": " + answer.body());
            }
            return Long.parseLong(m.group(1));
        }
    }
}
