package io.cepheus.server.dataplane;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The crash scenario of issue 14: under continuous input ({@link PacedProducer}), a {@code serve}
 * process ({@link ServeProcess}) on an external broker is killed with {@code kill -9} at random
 * moments and started again over the same data directory; at the end the alerts topic, read
 * committed, is compared with what {@code backtest} gives for the same events.
 *
 * <p>The moments come from the seed: after each start, the process is killed once the application's
 * committed input offset has moved a random 0–399 records past where it was when the node was
 * ready (one time in ten at once: during its first transaction, or while it restores). Commits
 * happen every 100 ms under exactly-once, so a kill falls anywhere in a transaction.
 *
 * @param events payments produced
 * @param kills how many times the node is killed before the last start
 * @param seed of the payments and the kill moments
 * @param perSecond the input rate
 * @param env more {@code CEPHEUS_*} variables of the node
 */
record CrashScenario(int events, int kills, long seed, int perSecond, Map<String, String> env) {

    /**
     * What a run gave.
     *
     * @param expected backtest's alerts, normalised by {@link Examples#comparable}
     * @param actual the alerts topic's, likewise
     * @param deadLetters records on the dead-letter topic (none are expected)
     * @param killedAt the committed input offset at each kill
     * @param killsWhileSending kills while the input was still being produced
     * @param starts how long each start took, to the node running
     */
    record Result(List<String> expected, List<String> actual, int deadLetters, List<Long> killedAt,
                  int killsWhileSending, List<Duration> starts) {}

    Result run(Cluster cluster, Path dir, String app) {
        String topic = app + "-payments";
        Path rules = PaymentsWorkload.writeRules(dir.resolve("rules"), topic);
        List<PaymentsWorkload.Payment> payments = PaymentsWorkload.payments(events, seed);
        List<String> expected = Examples.backtest(writeLines(dir.resolve("payments.jsonl"), payments), rules);
        cluster.createTopic(topic, 1);
        Map<String, String> nodeEnv = new HashMap<>(Map.of("CEPHEUS_IDLE_TIMEOUT", "5s", "CEPHEUS_SESSION_TIMEOUT", "6s"));
        nodeEnv.putAll(env);
        Map<String, String> serveEnv = cluster.env(app, dir.resolve("data"), rules, nodeEnv);
        SplittableRandom random = new SplittableRandom(seed);
        List<Long> killedAt = new ArrayList<>();
        List<Duration> starts = new ArrayList<>();
        int whileSending = 0;
        try (PacedProducer producer = new PacedProducer(cluster, topic, payments, perSecond)) {
            for (int k = 0; k < kills; k++) {
                try (ServeProcess node = ServeProcess.start(dir.resolve("logs"), "node", serveEnv)) {
                    starts.add(node.awaitStarted());
                    long base = cluster.committed(app, topic);
                    int step = random.nextInt(400);
                    long target = Math.min(events, step < 40 ? base : base + step);
                    await().atMost(Cluster.DEADLINE).pollInterval(Duration.ofMillis(10))
                            .until(() -> !node.isAlive() || cluster.committed(app, topic) >= target);
                    if (!node.isAlive()) {
                        throw new IllegalStateException("serve stopped by itself:\n" + node.errors());
                    }
                    whileSending += producer.sending() ? 1 : 0;
                    node.kill();
                    killedAt.add(cluster.committed(app, topic));
                }
            }
            try (ServeProcess node = ServeProcess.start(dir.resolve("logs"), "node", serveEnv)) {
                starts.add(node.awaitStarted());
                producer.awaitSent(Duration.ofMinutes(5));
                cluster.read(app + "-alerts", expected.size());
                node.stop();
            }
        }
        List<String> actual = cluster.readAll(app + "-alerts").stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        List<ConsumerRecord<byte[], byte[]>> dead = cluster.readAll(app + "-dlq");
        return new Result(expected, Examples.comparable(actual), dead.size(), killedAt, whileSending, starts);
    }

    /** Writes the payments' lines to {@code file}, for backtest. */
    static Path writeLines(Path file, List<PaymentsWorkload.Payment> payments) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, payments.stream().map(PaymentsWorkload.Payment::line).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
