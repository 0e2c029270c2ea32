package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cepheus.server.node.ServerNode;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code max.partial.matches} reaches the engines; drops, matches and commits show in {@code /metrics}. */
class CapsAndMetricsTest extends WithCluster {

    @Test
    void aCapOfOnePartialMatchPerKeyDropsTheOthersAndCountsThemPerRule() {
        String example = "card-testing";
        Path rules = Examples.rules(example, dir.resolve("rules"), "caps");
        cluster.produceKeyed("caps-payments", Examples.events(example), "card_id");

        try (ServerNode node = cluster.start(cluster.config("caps", dir.resolve("data"), rules,
                Map.of("CEPHEUS_IDLE_TIMEOUT", "1s", "CEPHEUS_MAX_PARTIAL_MATCHES", "1")))) {
            await().atMost(Cluster.DEADLINE).until(() -> value(node, "cepheus_partial_matches_dropped_total{rule=\"card_testing\"}") > 0
                    && value(node, "cepheus_commit_duration_seconds{stat=\"max\"}") > 0);

            assertThat(value(node, "cepheus_matches_total{rule=\"card_testing\"}"))
                    .isEqualTo(value(node, "cepheus_alerts_total{rule=\"card_testing\"}"));
            assertThat(scrape(node)).contains("cepheus_commit_duration_seconds{stat=\"avg\"}");
        }
    }

    private static double value(ServerNode node, String sample) {
        return scrape(node).lines().filter(l -> l.startsWith(sample + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(sample.length() + 1).strip())).orElse(0.0);
    }

    private static String scrape(ServerNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, node.registry().scrape(), EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
