package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.server.control.RuleDefinition;
import io.cepheus.server.control.RuleState;
import io.cepheus.server.control.StreamDefinition;
import io.cepheus.server.node.ServerNode;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Rules changed at runtime through the control topic, on the real broker: a new version starts fresh
 * while the old one drains, another rule's pending partial match is untouched, a rule on a newly
 * declared stream runs (Kafka Streams restarts for it) and a disabled rule stops — all without
 * restarting the node; and a restart applies the rules directory again.
 */
class RuleChangeTest extends WithCluster {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String STREAM = """
            stream s {
              topic "change-s"
              time ts
              key k
              fields {
                k: string
                t: string
                ts: timestamp
              }
            }
            """;

    private static String rule(String name, String stream, String first, String second) {
        return """
                rule %s {
                  from %s
                  partition by k
                  pattern x -> y
                  where
                    x: t == "%s"
                    y: t == "%s"
                  within 1h
                  alert { summary "${x.t} ${y.t}" }
                }
                """.formatted(name, stream, first, second);
    }

    private static String event(String key, String t, long second) {
        return "{\"k\":\"" + key + "\",\"t\":\"" + t + "\",\"ts\":\"" + Instant.ofEpochSecond(1_800_000_000L + second) + "\"}";
    }

    /** Events of {@code topic} at seconds 1, 2, ... after {@code from}, then a tick that releases them (lateness 0). */
    private static void send(String topic, long from, String... keyAndType) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < keyAndType.length; i += 2) {
            lines.add(event(keyAndType[i], keyAndType[i + 1], from + i / 2 + 1));
        }
        lines.add(event("tick", "tick", from + keyAndType.length / 2 + 1));
        cluster.produceKeyed(topic, lines, "k");
    }

    /** Alerts as {@code rule:version:summary}, once there are {@code count} of them. */
    private static List<String> alerts(int count) throws IOException {
        List<String> seen = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : cluster.read("change-alerts", count)) {
            JsonNode a = JSON.readTree(r.value());
            seen.add(a.get("rule").asText() + ":" + a.get("version").asLong() + ":" + a.get("summary").asText());
        }
        return seen;
    }

    private static void write(ServerNode node, RuleDefinition rule) {
        long offset = node.controlTopic().put(rule);
        node.controlRegistry().awaitOffset(offset, Cluster.DEADLINE);
    }

    private static RuleDefinition version(String name, String text, long version, RuleState state) {
        return new RuleDefinition(name, text, version, state, Instant.now(), "test");
    }

    @Test
    void rulesChangeWhileTheNodeRunsAndOtherRulesKeepTheirState() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("change-rules"));
        Files.writeString(rules.resolve("s.cep"), STREAM + rule("a", "s", "a1", "a2") + rule("b", "s", "b", "c"));
        try (ServerNode node = cluster.start(cluster.config("change", dir.resolve("change-data"), rules, Map.of()))) {
            send("change-s", 0, "k1", "a1", "k1", "b");                // a and b (version 1) pending
            await().atMost(Cluster.DEADLINE).until(() -> partialMatches(node, "a") == 1 && partialMatches(node, "b") == 1);

            write(node, version("b", rule("b", "s", "b", "d"), 2, RuleState.ENABLED));
            send("change-s", 10, "k1", "b", "k1", "c", "k1", "d", "k1", "a2");
            assertThat(alerts(3)).containsExactlyInAnyOrder("b:1:b c", "b:2:b d", "a:1:a1 a2");

            long offset = node.controlTopic().put(new StreamDefinition("s2",
                    STREAM.replace("stream s {", "stream s2 {").replace("change-s", "change-s2"), 1, Instant.now(), "test"));
            node.controlRegistry().awaitOffset(offset, Cluster.DEADLINE);
            send("change-s", 20, "k2", "a1");                           // a pending for k2 across the restart
            write(node, version("c", rule("c", "s2", "c1", "c2"), 1, RuleState.ENABLED));
            await().atMost(Cluster.DEADLINE).until(() -> node.dataPlane().orElseThrow().topics().containsKey("s2")
                    && node.dataPlane().orElseThrow().isRunning());
            send("change-s2", 30, "k3", "c1", "k3", "c2");
            send("change-s", 40, "k2", "a2");
            assertThat(alerts(5)).containsExactlyInAnyOrder("b:1:b c", "b:2:b d", "a:1:a1 a2", "c:1:c1 c2", "a:1:a1 a2");

            write(node, version("a", rule("a", "s", "a1", "a2"), 2, RuleState.DISABLED));
            send("change-s", 50, "k4", "a1", "k4", "a2", "k4", "b", "k4", "d");
            assertThat(alerts(6)).containsExactlyInAnyOrder("b:1:b c", "b:2:b d", "a:1:a1 a2", "c:1:c1 c2", "a:1:a1 a2",
                    "b:2:b d");
        }
    }

    /** The {@code cepheus_partial_matches} gauge of {@code rule} on {@code node} (updated at each punctuation). */
    private static double partialMatches(ServerNode node, String rule) {
        for (MetricSnapshot m : node.registry().scrape()) {
            if (m instanceof GaugeSnapshot g && g.getMetadata().getPrometheusName().equals("cepheus_partial_matches")) {
                return g.getDataPoints().stream().filter(d -> rule.equals(d.getLabels().get("rule")))
                        .mapToDouble(GaugeSnapshot.GaugeDataPointSnapshot::getValue).sum();
            }
        }
        return 0;
    }
}
