package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two {@code serve} processes (each its own HTTP port and data directory) share a two-partition
 * topic; one is killed with {@code kill -9} mid-stream, and the survivor — once the group has given
 * up on the dead node ({@code session.timeout}) — takes its tasks over, their state restored from
 * the changelogs (or promoted from a standby replica), and ends with exactly backtest's alerts.
 */
class FailoverTest extends WithCluster {

    @ParameterizedTest(name = "standby replicas: {0}")
    @ValueSource(ints = {0})
    void whenOneOfTwoNodesIsKilledTheOtherFinishesWithTheExactAlerts(int standbyReplicas) {
        String app = "failover" + standbyReplicas;
        String topic = app + "-payments";
        Path base = dir.resolve(app);
        Path rules = PaymentsWorkload.writeRules(base.resolve("rules"), topic);
        List<PaymentsWorkload.Payment> payments = PaymentsWorkload.payments(2_000, 7);
        List<String> expected = Examples.backtest(CrashScenario.writeLines(base.resolve("payments.jsonl"), payments),
                rules);
        cluster.createTopic(topic, 2);
        Map<String, String> env = new HashMap<>(Map.of("CEPHEUS_IDLE_TIMEOUT", "5s", "CEPHEUS_SESSION_TIMEOUT", "6s",
                "CEPHEUS_STANDBY_REPLICAS", Integer.toString(standbyReplicas)));
        int killAfter = 50 + new SplittableRandom(standbyReplicas).nextInt(300);

        try (ServeProcess survivor = ServeProcess.start(base.resolve("logs"), "a", cluster.env(app, base.resolve("a"), rules, env));
             ServeProcess victim = ServeProcess.start(base.resolve("logs"), "b", cluster.env(app, base.resolve("b"), rules, env))) {
            survivor.awaitStarted();
            victim.awaitStarted();
            // the input starts once both run, so that the kill comes while it flows, however slowly they started
            try (PacedProducer producer = new PacedProducer(cluster, topic, payments, 75)) {
                await().atMost(Cluster.DEADLINE).pollInterval(Duration.ofMillis(20)).until(() ->
                        victim.metric("cepheus_records_in_total{stream=\"payments\"}") >= killAfter);
                assertThat(producer.sending()).isTrue();
                victim.kill();

                producer.awaitSent(Duration.ofMinutes(3));
                cluster.read(app + "-alerts", expected.size());
                survivor.stop();
            }
        }
        List<String> alerts = cluster.readAll(app + "-alerts").stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();

        assertThat(cluster.readAll(app + "-dlq")).isEmpty();
        assertThat(expected).hasSizeGreaterThan(100)
                .as("a chained rule keyed otherwise than its upstream: its alerts cross the two tasks")
                .anySatisfy(a -> assertThat(a).contains("\"rule\":\"merchant_hit_twice\""));
        assertThat(Examples.comparable(alerts)).isEqualTo(expected);
    }
}
