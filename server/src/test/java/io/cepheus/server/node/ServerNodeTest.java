package io.cepheus.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cepheus.server.config.ConfigLoader;
import io.cepheus.server.config.HttpSettings;
import io.cepheus.server.config.ServerConfig;
import io.cepheus.server.health.Readiness;
import io.cepheus.server.http.HttpServer;
import io.cepheus.server.kafka.EmbeddedBroker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node wired as {@code serve} wires it, on free ports and a temporary data directory. */
class ServerNodeTest {

    static final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void readyIsUnavailableUntilTheBrokerRunsAndAgainAfterItStops() throws Exception {
        Readiness readiness = new Readiness();
        EmbeddedBroker broker = new EmbeddedBroker(dir.resolve("kafka"), 0, Duration.ofSeconds(60));
        readiness.register("kafka", broker::isRunning);
        try (HttpServer http = new HttpServer(new HttpSettings("127.0.0.1", 0), readiness, new PrometheusRegistry())) {
            String ready = "http://127.0.0.1:" + http.start().getPort() + "/health/ready";

            HttpResponse<String> before = get(ready);
            broker.start();
            HttpResponse<String> running = get(ready);
            broker.close();
            HttpResponse<String> after = get(ready);

            assertThat(before.statusCode()).isEqualTo(503);
            assertThat(before.body()).isEqualTo("{\"status\":\"not ready\",\"waitingFor\":[\"kafka\"]}");
            assertThat(running.statusCode()).isEqualTo(200);
            assertThat(after.statusCode()).isEqualTo(503);
        } finally {
            broker.close();
        }
    }

    @Test
    void anEmbeddedNodeAndASecondNodeOnItsBroker() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules/fraud"));
        Files.writeString(rules.resolve("a.cep"), "");
        Files.writeString(rules.resolve("b.cep"), "");
        Files.writeString(rules.resolve("notes.txt"), "");
        ServerConfig first = config(Map.of("CEPHEUS_DATA_DIR", dir.resolve("one").toString(),
                "CEPHEUS_RULES", dir.resolve("rules").toString()));

        try (ServerNode one = new ServerNode(first)) {
            StartupReport report = one.start();

            assertThat(report.adminToken()).hasValueSatisfying(t -> assertThat(t).matches("cph_[A-Za-z0-9_-]{43}"));
            assertThat(report.lines().subList(1, 7)).containsExactly(
                    "  http:   http://127.0.0.1:" + report.http().getPort()
                            + " (/api/v1, /api/openapi.json, /health/live, /health/ready, /metrics)",
                    "  admin token (generated now and shown only this once; keep it): " + report.adminToken().get(),
                    "  kafka:  " + report.bootstrap() + " (embedded broker, log in " + dir.resolve("one/kafka") + ", new)",
                    "  data:   " + dir.resolve("one"),
                    "  topics: cepheus-alerts (created), cepheus-dlq (created), cepheus-control (compacted, created),"
                            + " cepheus-audit (compacted, created),"
                            + " cepheus-alerts-status (compacted, created), cepheus-alerts-deliveries (compacted, created)",
                    "  rules:  none deployed (2 files in " + dir.resolve("rules") + " applied to the control topic): nothing runs");
            assertThat(report.lines().getFirst()).matches("cepheus serve: started in \\d+\\.\\d s");
            String base = "http://127.0.0.1:" + report.http().getPort();
            assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(base + "/metrics").body()).contains("jvm_memory_used_bytes{area=\"heap\"}");
            assertThat(one.readiness().notReady()).isEmpty();

            ServerConfig second = config(Map.of("CEPHEUS_DATA_DIR", dir.resolve("two").toString(),
                    "CEPHEUS_KAFKA_BOOTSTRAP", report.bootstrap()));
            try (ServerNode two = new ServerNode(second)) {
                StartupReport secondReport = two.start();

                assertThat(secondReport.adminToken()).as("the first node made the admin token").isEmpty();
                assertThat(secondReport.lines().subList(2, 6)).containsExactly(
                        "  kafka:  " + report.bootstrap() + " (external cluster)",
                        "  data:   " + dir.resolve("two"),
                        "  topics: cepheus-alerts (existed), cepheus-dlq (existed), cepheus-control (compacted, existed),"
                                + " cepheus-audit (compacted, existed),"
                                + " cepheus-alerts-status (compacted, existed),"
                                + " cepheus-alerts-deliveries (compacted, existed)",
                        "  rules:  none deployed (the control topic): nothing runs; give rules with serve --rules DIR or CEPHEUS_RULES");
                assertThat(dir.resolve("two/kafka")).doesNotExist();
            }
            one.close();
            assertThatThrownBy(() -> get(base + "/health/live")).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aClusterThatDoesNotAnswerStopsStartUpWithItsAddress() throws IOException {
        ServerConfig config = config(Map.of("CEPHEUS_DATA_DIR", dir.toString(),
                "CEPHEUS_KAFKA_BOOTSTRAP", "127.0.0.1:1", "CEPHEUS_KAFKA_START_TIMEOUT", "1s"));

        try (ServerNode node = new ServerNode(config)) {
            assertThatThrownBy(node::start)
                    .hasMessageStartingWith("Kafka at 127.0.0.1:1 did not answer within 1s (last error: ");
        }
    }

    private static ServerConfig config(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(Map.of("CEPHEUS_HTTP_HOST", "127.0.0.1", "CEPHEUS_HTTP_PORT", "0", "CEPHEUS_KAFKA_PORT", "0"));
        return new ConfigLoader(all).load(Optional.empty(), Map.of());
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
