package io.cepheus.load;

import io.cepheus.server.alerts.AlertFilter;
import io.cepheus.server.alerts.AlertIndex;
import io.cepheus.server.alerts.AlertStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Alert query latency with {@code alerts} alerts in a node's index (the RocksDB {@link AlertIndex}
 * that {@code GET /api/v1/alerts} reads, without HTTP): the index is filled as the reader fills it
 * (batches of 500 records of 100 rules × 10,000 keys, severities and times spread, one alert in 20
 * with a status), then each query kind runs {@code queries} times with random parameters, a page of
 * 50, and prints p50 / p99 / max in microseconds.
 *
 * <p>Run: {@code java -cp load-tests/target/benchmarks.jar io.cepheus.load.AlertQueryLatency 1000000 2000}
 */
public final class AlertQueryLatency {

    private static final int RULES = 100;
    private static final int KEYS = 10_000;
    private static final String[] SEVERITIES = {"low", "medium", "high", "critical"};

    private AlertQueryLatency() {}

    public static void main(String[] args) throws IOException {
        int alerts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path dir = Files.createTempDirectory("cepheus-alert-index");
        try (AlertIndex index = AlertIndex.open(dir)) {
            long t0 = System.nanoTime();
            fill(index, alerts);
            System.out.printf("filled %,d alerts in %.1f s%n", alerts, (System.nanoTime() - t0) / 1e9);
            Random random = new Random(7);
            long newest = index.position();
            run("newest page, no filter", queries, () -> index.list(AlertFilter.ALL, OptionalLong.empty(), 50));
            run("page at a random cursor", queries, () -> index.list(AlertFilter.ALL,
                    OptionalLong.of(1 + random.nextLong(newest)), 50));
            run("rule=R (1 % of alerts)", queries, () -> index.list(filter(Optional.of(rule(random.nextInt(RULES))),
                    Optional.empty(), Optional.empty(), Optional.empty()), OptionalLong.empty(), 50));
            run("rule=R & severity=high", queries, () -> index.list(filter(Optional.of(rule(random.nextInt(RULES))),
                    Optional.empty(), Optional.of("high"), Optional.empty()), OptionalLong.empty(), 50));
            run("severity=critical (25 %)", queries, () -> index.list(filter(Optional.empty(), Optional.empty(),
                    Optional.of("critical"), Optional.empty()), OptionalLong.empty(), 50));
            run("status=resolved (5 %)", queries, () -> index.list(filter(Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of(AlertStatus.State.RESOLVED)), OptionalLong.empty(), 50));
            run("get by id", queries, () -> index.get("alert-" + random.nextInt(alerts)));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static AlertFilter filter(Optional<String> rule, Optional<String> key, Optional<String> severity,
                                      Optional<AlertStatus.State> status) {
        return new AlertFilter(rule, key, severity, status, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static String rule(int i) {
        return "rule_" + i;
    }

    private static void fill(AlertIndex index, int alerts) {
        Random random = new Random(42);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<AlertIndex.Update> batch = new ArrayList<>();
        long statusOffset = 0;
        for (int i = 0; i < alerts; i++) {
            String id = "alert-" + i;
            String rule = rule(random.nextInt(RULES));
            String key = "card-" + random.nextInt(KEYS);
            String time = start.plusSeconds(i * 3L).toString();
            String json = "{\"rule\":\"" + rule + "\",\"version\":1,\"key\":\"" + key + "\",\"kind\":\"match\",\"first\":\""
                    + time + "\",\"last\":\"" + time + "\",\"steps\":{\"small\":[{\"card\":\"" + key
                    + "\",\"amount\":1.00,\"ts\":\"" + time + "\"}],\"big\":[{\"card\":\"" + key
                    + "\",\"amount\":750.00,\"ts\":\"" + time + "\"}]},\"title\":\"Small then big\",\"summary\":\"card "
                    + key + "\",\"fields\":{},\"severity\":\"" + SEVERITIES[random.nextInt(4)]
                    + "\",\"tags\":[\"cards\"],\"id\":\"" + id + "\"}";
            batch.add(new AlertIndex.AlertRecord("cepheus-alerts", 0, i, System.currentTimeMillis(),
                    json.getBytes(StandardCharsets.UTF_8)));
            if (i % 20 == 0) {
                String status = "{\"id\":\"" + id + "\",\"status\":\"resolved\",\"disposition\":\"benign\",\"comments\":[],"
                        + "\"updated\":\"" + time + "\",\"by\":\"bench\"}";
                batch.add(new AlertIndex.StatusRecord("cepheus-alerts-status", 0, statusOffset++, id,
                        status.getBytes(StandardCharsets.UTF_8)));
            }
            if (batch.size() >= 500) {
                index.apply(batch);
                batch.clear();
            }
        }
        index.apply(batch);
    }

    private static void run(String name, int queries, Runnable query) {
        for (int i = 0; i < Math.min(200, queries); i++) {
            query.run(); // warm-up
        }
        long[] micros = new long[queries];
        for (int i = 0; i < queries; i++) {
            long t = System.nanoTime();
            query.run();
            micros[i] = (System.nanoTime() - t) / 1_000;
        }
        Arrays.sort(micros);
        System.out.printf("%-28s p50 %,7d µs   p99 %,7d µs   max %,7d µs%n", name, micros[queries / 2],
                micros[(int) Math.ceil(queries * 0.99) - 1], micros[queries - 1]);
    }
}
