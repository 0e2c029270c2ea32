package io.cepheus.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cepheus.server.config.ConfigLoader;
import io.cepheus.server.kafka.EmbeddedBroker;
import io.cepheus.server.kafka.KafkaClients;
import io.cepheus.server.node.ServerNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Webhooks end to end (issue 16's benchmark): a real {@link ServerNode} on an embedded broker with
 * one rule that makes an alert of every event, one webhook endpoint that takes every alert, and a
 * receiver (the JDK's HTTP server, answering 200 at once) in the same process, so one clock times
 * everything.
 *
 * <ol>
 *   <li><b>Most throughput</b>: {@code --max-events} events sent as fast as the producer goes (event
 *       time the wall clock at send); the rate is events over the time from the first send to the
 *       last webhook received.
 *   <li><b>Latency at half that rate</b>, for {@code --seconds}: for every webhook, received minus the
 *       event time of its alert's event (the wall clock at send) — <em>event produced to webhook
 *       received</em>; and, split at the alerts topic (a {@code read_committed} consumer notes when each
 *       alert becomes readable): event to alert readable (the data plane, its commit interval
 *       included) and alert readable to webhook received (the dispatcher: consume, write the
 *       delivery record, sign, post).
 * </ol>
 *
 * <p>Run (after {@code ./mvnw -pl load-tests -am package -DskipTests}):
 * <pre>
 * java -cp load-tests/target/benchmarks.jar io.cepheus.load.WebhookLatency \
 *     [--max-events 20000] [--seconds 20] [--guarantee exactly_once_v2|at_least_once] [--concurrency 4]
 *     [--commit-interval-ms 100] [--linger-ms 100]
 * </pre>
 * Not a test: nothing here runs in {@code ./mvnw verify}.
 */
public final class WebhookLatency {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "bench-admin-token-0123456789";

    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private final Map<String, Long> readable = new ConcurrentHashMap<>();
    private final Map<String, Long> eventTime = new ConcurrentHashMap<>();
    /** The receiver's connections (the client's address and port of each), over the whole run. */
    private final java.util.Set<InetSocketAddress> connections = ConcurrentHashMap.newKeySet();

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int maxEvents = Integer.parseInt(opts.getOrDefault("max-events", "20000"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "20"));
        String guarantee = opts.getOrDefault("guarantee", "exactly_once_v2");
        String concurrency = opts.getOrDefault("concurrency", "4");
        String commitInterval = opts.get("commit-interval-ms");
        String linger = opts.get("linger-ms");
        Path dir = Files.createTempDirectory("cepheus-webhooks");
        try {
            new WebhookLatency().run(dir, maxEvents, seconds, guarantee, concurrency, commitInterval, linger);
        } finally {
            ServerThroughput.deleteRecursively(dir);
        }
        System.exit(0);
    }

    /**
     * @param commitInterval the node's {@code commit.interval} in ms; null: Kafka Streams' default
     * @param linger the node's {@code producer.linger} in ms; null: Kafka Streams' default
     */
    private void run(Path dir, int maxEvents, int seconds, String guarantee, String concurrency, String commitInterval,
                     String linger) throws Exception {
        HttpServer receiver = receiver();
        try (EmbeddedBroker broker = new EmbeddedBroker(dir.resolve("kafka"), 0, Duration.ofSeconds(120))) {
            KafkaClients clients = new KafkaClients(broker.start());
            try (Admin admin = Admin.create(clients.admin())) {
                admin.createTopics(List.of(new NewTopic("events", 1, (short) 1))).all().get();
            }
            Path rules = Files.createDirectories(dir.resolve("rules"));
            Files.writeString(rules.resolve("bench.cep"), """
                    stream events {
                      time ts
                      key key
                      fields {
                        key: string
                        amount: long
                        ts: timestamp
                      }
                    }

                    rule every_event {
                      from events
                      partition by key
                      pattern a
                      where
                        a: amount > 0
                      alert { summary "${key}" }
                    }
                    """);
            Map<String, String> env = new HashMap<>(Map.of("CEPHEUS_KAFKA_BOOTSTRAP", clients.bootstrap(),
                    "CEPHEUS_HTTP_HOST", "127.0.0.1", "CEPHEUS_HTTP_PORT", "0",
                    "CEPHEUS_DATA_DIR", dir.resolve("data").toString(), "CEPHEUS_RULES", rules.toString(),
                    "CEPHEUS_ADMIN_TOKEN", TOKEN, "CEPHEUS_IDLE_TIMEOUT", "1h", "CEPHEUS_PROCESSING_GUARANTEE", guarantee,
                    "CEPHEUS_WEBHOOK_ALLOW_LOOPBACK", "true", "CEPHEUS_WEBHOOK_CONCURRENCY", concurrency));
            if (commitInterval != null) {
                env.put("CEPHEUS_COMMIT_INTERVAL", commitInterval + "ms");
            }
            if (linger != null) {
                env.put("CEPHEUS_PRODUCER_LINGER", linger + "ms");
            }
            try (ServerNode node = new ServerNode(new ConfigLoader(env).load(Optional.empty(), Map.of()))) {
                int http = node.start().http().getPort();
                createEndpoint(http, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
                AtomicBoolean reading = new AtomicBoolean(true);
                Thread alerts = new Thread(() -> readAlerts(clients, reading), "alert-reader");
                alerts.start();
                System.out.printf("node started (%s, webhook.concurrency %s, commit interval %s, producer linger %s)%n",
                        guarantee, concurrency, commitInterval == null ? "Kafka Streams' default" : commitInterval + " ms",
                        linger == null ? "Kafka Streams' default" : linger + " ms");

                double rate = maxRate(clients, maxEvents);
                int half = (int) (rate / 2);
                System.out.printf("most throughput: %,d events (one alert and one webhook each) in %.2f s: %,.0f"
                        + " webhooks/s%n", maxEvents, maxEvents / rate, rate);
                steady(clients, half, seconds);
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                double sum = sample(metrics, "cepheus_webhook_attempt_duration_seconds_sum{endpoint=\"bench\"}");
                double count = sample(metrics, "cepheus_webhook_attempt_duration_seconds_count{endpoint=\"bench\"}");
                System.out.printf("  attempts: %,.0f, mean %.1f ms from connecting to the answer; the receiver saw %,d"
                        + " connections%n", count, 1000 * sum / count, connections.size());
                reading.set(false);
                alerts.join();
            }
        } finally {
            receiver.stop(0);
        }
    }

    /** Sends {@code n} events at once and waits for their webhooks: webhooks per second. */
    private double maxRate(KafkaClients clients, int n) throws InterruptedException {
        received.clear();
        readable.clear();
        long t0 = System.currentTimeMillis();
        send(clients, n, Integer.MAX_VALUE);
        long deadline = System.currentTimeMillis() + 300_000;
        while (received.size() < n) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(received.size() + " of " + n + " webhooks within 5 minutes");
            }
            Thread.sleep(5);
        }
        long last = received.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long lastAlert = readable.values().stream().mapToLong(Long::longValue).max().orElse(last);
        System.out.printf("  (the alerts of those events were readable after %.2f s: the data plane's %,.0f alerts/s)%n",
                (lastAlert - t0) / 1000.0, n * 1000.0 / (lastAlert - t0));
        return n * 1000.0 / (last - t0);
    }

    /** {@code rate} events/s for {@code seconds}; prints the latencies. */
    private void steady(KafkaClients clients, int rate, int seconds) throws InterruptedException {
        received.clear();
        readable.clear();
        eventTime.clear();
        int n = rate * seconds;
        send(clients, n, rate);
        long deadline = System.currentTimeMillis() + 120_000;
        while (received.size() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        List<Long> total = new ArrayList<>();
        List<Long> dataPlane = new ArrayList<>();
        List<Long> dispatch = new ArrayList<>();
        received.forEach((alert, at) -> {
            Long event = eventTime.get(alert);
            Long seen = readable.get(alert);
            if (event != null) {
                total.add(at - event);
                if (seen != null) {
                    dataPlane.add(seen - event);
                    dispatch.add(at - seen);
                }
            }
        });
        System.out.printf("steady, %,d events/s (half the most) for %d s: %,d webhooks%n", rate, seconds, received.size());
        print("event produced -> webhook received", total);
        print("event produced -> alert readable (data plane)", dataPlane);
        print("alert readable -> webhook received (dispatcher)", dispatch);
    }

    private static double sample(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(name.length() + 1).strip())).orElse(0.0);
    }

    private static void print(String what, List<Long> ms) {
        List<Long> s = ms.stream().sorted().toList();
        if (s.isEmpty()) {
            System.out.printf("  %-50s none%n", what);
            return;
        }
        System.out.printf("  %-50s p50 %4d ms, p99 %4d ms, max %4d ms (%,d)%n", what, s.get(s.size() / 2),
                s.get((int) Math.min(s.size() - 1, Math.ceil(s.size() * 0.99) - 1)), s.getLast(), s.size());
    }

    /** Sends {@code n} events, {@code perSecond} a second (as fast as it goes for MAX_VALUE); event time the wall clock. */
    private static void send(KafkaClients clients, int n, int perSecond) throws InterruptedException {
        Map<String, Object> config = clients.producer();
        config.put(ProducerConfig.LINGER_MS_CONFIG, perSecond == Integer.MAX_VALUE ? 5 : 0);
        SplittableRandom random = new SplittableRandom(11);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            long t0 = System.nanoTime();
            int sent = 0;
            while (sent < n) {
                long due = perSecond == Integer.MAX_VALUE ? n : (System.nanoTime() - t0) * perSecond / 1_000_000_000L;
                long now = System.currentTimeMillis();
                for (; sent < Math.min(due, n); sent++) {
                    String key = "k" + random.nextInt(1000);
                    producer.send(new ProducerRecord<>("events", key.getBytes(StandardCharsets.UTF_8),
                            ("{\"key\":\"" + key + "\",\"amount\":" + (1 + sent) + ",\"ts\":" + now + "}")
                                    .getBytes(StandardCharsets.UTF_8)));
                }
                if (sent < n) {
                    Thread.sleep(1);
                }
            }
            // a later event that makes no alert (amount 0) moves the watermark past the last one
            producer.send(new ProducerRecord<>("events", "tick".getBytes(StandardCharsets.UTF_8),
                    ("{\"key\":\"tick\",\"amount\":0,\"ts\":" + (System.currentTimeMillis() + 1) + "}")
                            .getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
    }

    /** Notes when each alert becomes readable ({@code read_committed}) and its event's time. */
    private void readAlerts(KafkaClients clients, AtomicBoolean reading) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clients.consumer("bench-" + UUID.randomUUID()))) {
            consumer.subscribe(List.of("cepheus-alerts"));
            while (reading.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(5))) {
                    long now = System.currentTimeMillis();
                    try {
                        JsonNode a = JSON.readTree(r.value());
                        String id = a.get("id").asText();
                        readable.putIfAbsent(id, now);
                        eventTime.putIfAbsent(id, Instant.parse(a.get("last").asText()).toEpochMilli());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    /** The receiver: notes when each alert's webhook came (first time), answers 204 at once. */
    private HttpServer receiver() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            long now = System.currentTimeMillis();
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String id = body.at("/data/id").asText();
            received.putIfAbsent(id, now);
            connections.add(exchange.getRemoteAddress());
            eventTime.putIfAbsent(id, Instant.parse(body.at("/data/last").asText()).toEpochMilli());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static void createEndpoint(int port, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\",\"url\":\"" + url
                        + "\",\"rules\":[\"*\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("endpoint not made: " + r.statusCode() + " " + r.body());
        }
    }
}
