package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.server.webhooks.Delivery;
import io.cepheus.server.webhooks.Receiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Webhooks survive {@code kill -9}: a {@code serve} process dispatching the alerts of a steady stream
 * of payments to a receiver that fails every delivery's first attempt (so retries are pending all the
 * time) is killed twice and started again over its data directory. Afterwards every alert on the
 * alerts topic has reached the receiver (answered 200) at least once, every request names a
 * delivery of one of those alerts, and all requests of one delivery — before and after the kills —
 * share its {@code webhook-id} and carry the same alert.
 */
class WebhookCrashTest extends WithCluster {

    static final String TOKEN = "crash-admin-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void killedWhileRetriesArePendingEveryAlertStillReachesTheReceiverOnceOrMoreUnderOneId() throws Exception {
        String app = "hooks";
        String topic = app + "-payments";
        Path rules = PaymentsWorkload.writeRules(dir.resolve("rules"), topic);
        cluster.createTopic(topic, 1);
        Map<String, Integer> firstAttempts = new ConcurrentHashMap<>();
        Map<String, Set<String>> alertsById = new ConcurrentHashMap<>();
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        try (Receiver rx = new Receiver()) {
            rx.answer(r -> {
                String id = r.header("webhook-id");
                alertsById.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(alertId(r));
                if (firstAttempts.merge(id, 1, Integer::sum) == 1) {
                    return Receiver.Answer.of(500); // every delivery needs a retry
                }
                delivered.add(id);
                return Receiver.Answer.of(200);
            });
            Map<String, String> env = cluster.env(app, dir.resolve("data"), rules, Map.of(
                    "CEPHEUS_IDLE_TIMEOUT", "5s", "CEPHEUS_SESSION_TIMEOUT", "6s", "CEPHEUS_ADMIN_TOKEN", TOKEN,
                    "CEPHEUS_WEBHOOK_ALLOW_LOOPBACK", "true", "CEPHEUS_WEBHOOK_RETRY_SCHEDULE", "2s,2s,2s,2s,2s,2s",
                    "CEPHEUS_WEBHOOK_CIRCUIT_OPEN", "200ms"));
            List<PaymentsWorkload.Payment> payments = PaymentsWorkload.payments(1_500, 7);
            try (ServeProcess first = ServeProcess.start(dir.resolve("logs"), "node", env)) {
                first.awaitStarted();
                createEndpoint(first.httpPort(), rx.url("/crash"));
                try (PacedProducer producer = new PacedProducer(cluster, topic, payments, 150)) {
                    await().atMost(Cluster.DEADLINE).until(() -> rx.requests().size() >= 10);
                    first.kill();
                    try (ServeProcess second = ServeProcess.start(dir.resolve("logs"), "node", env)) {
                        second.awaitStarted();
                        assertThat(resumed(second)).as("the restarted node resumed pending retries").isPositive();
                        int before = rx.requests().size();
                        await().atMost(Cluster.DEADLINE).until(() -> rx.requests().size() >= before + 10);
                        second.kill();
                    }
                    try (ServeProcess last = ServeProcess.start(dir.resolve("logs"), "node", env)) {
                        last.awaitStarted();
                        assertThat(resumed(last)).as("the restarted node resumed pending retries").isPositive();
                        producer.awaitSent(Duration.ofMinutes(2));
                        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                                .until(() -> cluster.committed(app, topic) >= payments.size());
                        // windows and absences still fire once the stream is idle: read the alerts until
                        // every one so far was delivered and no request names another
                        java.util.concurrent.atomic.AtomicReference<Set<String>> snapshot = new java.util.concurrent.atomic.AtomicReference<>();
                        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
                            snapshot.set(expectedIds(app));
                            return delivered.containsAll(snapshot.get()) && snapshot.get().containsAll(alertsById.keySet());
                        });
                        Set<String> expected = snapshot.get();

                        assertThat(expected).hasSizeGreaterThan(20);
                        assertThat(alertsById.keySet()).as("no request names anything but these alerts' deliveries")
                                .isSubsetOf(expected);
                        assertThat(alertsById.values()).as("every request of a delivery carries its one alert")
                                .allSatisfy(alerts -> assertThat(alerts).hasSize(1));
                        assertThat(firstAttempts.values().stream().mapToInt(Integer::intValue).sum())
                                .as("a retry for each, and more: attempts made again after the kills")
                                .isGreaterThanOrEqualTo(2 * expected.size());
                        last.stop();
                    }
                }
            }
        }
    }

    /** How many unfinished deliveries the node resumed when it took the alerts partition (its log says). */
    private static int resumed(ServeProcess node) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) unfinished deliveries resumed")
                .matcher(node.errors());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The webhook-ids of every alert on the alerts topic (read committed), for the endpoint {@code crash}. */
    private static Set<String> expectedIds(String app) {
        return cluster.readAll(app + "-alerts").stream().map(r -> {
            try {
                return Delivery.idOf(JSON.readTree(r.value()).get("id").asText(), "crash");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).collect(Collectors.toSet());
    }

    private static String alertId(Receiver.Request r) {
        try {
            JsonNode body = JSON.readTree(r.body());
            return body.at("/data/id").asText();
        } catch (IOException e) {
            return "not JSON";
        }
    }

    private static void createEndpoint(int port, String url) throws IOException, InterruptedException {
        Map<String, Object> body = new HashMap<>(Map.of("name", "crash", "url", url, "rules", List.of("*")));
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
}
