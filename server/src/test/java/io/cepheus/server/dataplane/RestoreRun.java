package io.cepheus.server.dataplane;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Restore after {@code kill -9}, measured: a {@code serve} child holds a partial match for each of
 * KEYS keys ({@code a -> b within 1d}, every key's {@code a} in, none has its {@code b}), is killed
 * with {@code kill -9} once everything is committed, and started again — once with KIP-892
 * transactional state stores on ({@code state.transactional=true}, the default) and once off.
 * Before the restart the dead member's session has expired, so the times are the node's own: from
 * the restart to the node running ({@code serve}'s start-up lines), and to the first new alert
 * (the {@code b} of one key, produced at the restart, needs the restored state). The node's own
 * restore lines (records and time per store partition) are printed too.
 *
 * <p>Run (after {@code ./mvnw -pl server -am test-compile}):
 * <pre>
 * cd server &amp;&amp; java -cp target/test-classes:target/classes:$(cat cp.txt) \
 *     io.cepheus.server.dataplane.RestoreRun [KEYS=50000] [REPETITIONS=1]
 * </pre>
 */
public final class RestoreRun {

    private static final String RULES = """
            stream items {
              topic "%s"
              time ts
              lateness 1s
              key id
              fields {
                id: string
                type: string
                ts: timestamp
              }
            }

            rule pair {
              from items
              partition by id
              pattern a -> b
              where
                a: type == "a"
                b: type == "b"
              within 1d
              alert {
                summary "${id}"
              }
            }
            """;

    private static final long START = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();

    private RestoreRun() {}

    public static void main(String[] args) throws IOException {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path dir = Files.createTempDirectory("cepheus-restore");
        try (Cluster cluster = new Cluster(dir)) {
            for (int r = 1; r <= repetitions; r++) {
                for (boolean transactional : List.of(true, false)) {
                    measure(cluster, dir.resolve("run-" + r + "-" + transactional), "restore" + r + transactional, keys,
                            transactional);
                }
            }
        }
        System.exit(0);
    }

    private static void measure(Cluster cluster, Path dir, String app, int keys, boolean transactional)
            throws IOException {
        String topic = app + "-items";
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("items.cep"), RULES.formatted(topic));
        cluster.createTopic(topic, 1);
        List<ProducerRecord<byte[], byte[]>> fill = new ArrayList<>(keys);
        for (int i = 0; i < keys; i++) {
            fill.add(record(topic, i, "a", START + i));
        }
        cluster.send(fill);
        Map<String, String> env = cluster.env(app, dir.resolve("data"), rules, Map.of(
                "CEPHEUS_IDLE_TIMEOUT", "1h", "CEPHEUS_SESSION_TIMEOUT", "6s",
                "CEPHEUS_STATE_TRANSACTIONAL", Boolean.toString(transactional)));
        long filled;
        try (ServeProcess node = ServeProcess.start(dir.resolve("logs"), "node", env)) {
            node.awaitStarted();
            long t0 = System.nanoTime();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.committed(app, topic) >= keys);
            filled = (System.nanoTime() - t0) / 1_000_000;
            node.kill();
        }
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> members(cluster, app) == 0);

        long t0 = System.nanoTime();
        try (ServeProcess node = ServeProcess.start(dir.resolve("logs"), "node", env)) {
            // the b of one key, and an event 10 s later that moves the watermark past it
            cluster.send(List.of(record(topic, keys / 2, "b", START + keys), record(topic, keys, "c", START + keys + 10_000)));
            long ready = node.awaitStarted().toMillis();
            if (cluster.read(app + "-alerts", 1).isEmpty()) {
                throw new IllegalStateException("no alert within " + Cluster.DEADLINE);
            }
            long alert = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("%,d keys, transactional state stores %s: filled in %,d ms; after kill -9, restart to"
                    + " running %,d ms, to the first new alert %,d ms%n", keys, transactional ? "on" : "off", filled, ready,
                    alert);
            node.errors().lines().filter(l -> l.contains("RestoreProgress")).forEach(l -> System.out.println("  " + l));
            node.stop();
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int key, String type, long time) {
        String id = "k" + key;
        return new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), ("{\"id\":\"" + id + "\",\"type\":\""
                + type + "\",\"ts\":\"" + Instant.ofEpochMilli(time) + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static int members(Cluster cluster, String app) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(cluster.clients.admin())) {
            return admin.describeConsumerGroups(List.of(app)).all().get().get(app).members().size();
        }
    }
}
