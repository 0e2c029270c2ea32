package io.cepheus.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.server.config.ConfigLoader;
import io.cepheus.server.control.Catalog;
import io.cepheus.server.control.Origins;
import io.cepheus.server.control.RuleDefinition;
import io.cepheus.server.control.StreamDefinition;
import io.cepheus.server.kafka.EmbeddedBroker;
import io.cepheus.server.kafka.KafkaClients;
import io.cepheus.server.node.ServerNode;
import io.cepheus.server.node.StartupReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --demo} on a real broker, with the real server: the demo's examples land on the control
 * topic, its generator's planted patterns give their alerts — and only they do — and a restart
 * changes no definition while the generator goes on. The demo's clock runs ten times faster than the
 * wall clock (its event times, so the engine's windows, pass ten times faster), so that the missing
 * heartbeat's minute passes in six seconds.
 */
class DemoModeTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final List<String> RULES = List.of("account_takeover", "card_testing", "impossible_travel",
            "missing_heartbeat");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static EmbeddedBroker broker;
    private static KafkaClients clients;
    /** One clock for both runs, so that the restarted generator's times go on from the first's. */
    private static final Clock FAST = new FastClock(Instant.now(), 10);
    /** The planted runs of both nodes, as {@code rule|key}. */
    private static final Set<String> PLANTED = new TreeSet<>();

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedBroker(dir.resolve("kafka"), 0, Duration.ofSeconds(60));
        clients = new KafkaClients(broker.start());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void plantedPatternsFireOnlyForTheirKeysAndARestartDuplicatesNothing() throws IOException {
        Set<String> alerted = new TreeSet<>();
        try (ServerNode node = node(1, Map.of())) {
            StartupReport report = node.start();

            assertThat(report.lines()).contains(
                    "  demo:   on: the examples card-testing, account-takeover, missing-heartbeat, impossible-travel"
                            + " of rules-examples (origin demo; applied to the control topic):",
                    "    stream payments: added (version 1)",
                    "    rule missing_heartbeat: added (version 1)",
                    "  console: http://localhost:" + report.http().getPort() + "/ (sign in with the admin token"
                            + " printed at the first start, or CEPHEUS_ADMIN_TOKEN); the first alerts come within a minute");
            assertThat(report.lines()).anyMatch(l -> l.startsWith("    generator: 10 events/s"));
            Demo demo = node.demo().orElseThrow();
            alerted.addAll(awaitEachRuleFiresForAPlantedKey(demo));
        }
        Catalog first = catalog();

        Path emptyRules = Files.createDirectories(dir.resolve("no-rules"));
        try (ServerNode node = node(2, Map.of("CEPHEUS_RULES", emptyRules.toString()))) {
            StartupReport report = node.start();

            assertThat(report.lines()).contains("  demo:   on: the examples card-testing, account-takeover,"
                    + " missing-heartbeat, impossible-travel of rules-examples (origin demo; deployed already)");
            assertThat(report.lines()).noneMatch(l -> l.contains("added") || l.contains("changed")
                    || l.contains("deleted"));
            Catalog again = catalog();
            assertThat(again.rules().keySet()).isEqualTo(first.rules().keySet()).containsAll(RULES);
            assertThat(again.rules().values()).allSatisfy(r -> {
                assertThat(r.version()).as(r.name()).isEqualTo(1);
                assertThat(r.origin()).isEqualTo(Origins.DEMO);
            });
            assertThat(again.streams().values()).extracting(StreamDefinition::version).containsOnly(1L);
            assertThat(again.streams().keySet()).containsExactly("account_events", "heartbeats", "logins", "payments");
            Demo demo = node.demo().orElseThrow();
            Set<String> afterRestart = awaitEachRuleFiresForAPlantedKey(demo);
            assertThat(afterRestart).as("the restarted generator plants new runs, and they fire").isNotEmpty();
        }
    }

    /**
     * Waits until each planted rule has fired for a key its run planted, then checks that no alert of
     * theirs has a key that was not planted (the fleet's devices said {@code shutdown} when the first
     * node stopped, so a restart does not find them silent).
     *
     * @return the keys alerted for runs of this demo
     */
    private static Set<String> awaitEachRuleFiresForAPlantedKey(Demo demo) {
        List<JsonNode> alerts = new ArrayList<>();
        Set<String> ofThisRun = new TreeSet<>();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> {
            alerts.clear();
            alerts.addAll(readAlerts());
            Set<String> planted = demo.planted().stream().map(p -> p.rule() + "|" + p.key()).collect(Collectors.toSet());
            ofThisRun.clear();
            alerts.stream().map(DemoModeTest::ruleAndKey).filter(planted::contains).forEach(ofThisRun::add);
            return RULES.stream().allMatch(r -> ofThisRun.stream().anyMatch(k -> k.startsWith(r + "|")));
        });
        // each planted run, on either node, has a key of its own: an alert for another key would be the benign traffic's
        PLANTED.addAll(demo.planted().stream().map(p -> p.rule() + "|" + p.key()).toList());
        assertThat(alerts).isNotEmpty().allSatisfy(a -> assertThat(PLANTED).as(a.toString()).contains(ruleAndKey(a)));
        return ofThisRun;
    }

    private static String ruleAndKey(JsonNode alert) {
        return alert.get("rule").asText() + "|" + alert.get("key").asText();
    }

    private static ServerNode node(int seed, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "CEPHEUS_KAFKA_BOOTSTRAP", clients.bootstrap(),
                "CEPHEUS_HTTP_HOST", "127.0.0.1",
                "CEPHEUS_HTTP_PORT", "0",
                "CEPHEUS_DATA_DIR", dir.resolve("data").toString(),
                "CEPHEUS_ADMIN_TOKEN", "demo-admin-token-0123456789",
                "CEPHEUS_DEMO", "true",
                "CEPHEUS_DEMO_RATE", "10",
                "CEPHEUS_DEMO_SEED", Integer.toString(seed)));
        env.putAll(more);
        return new ServerNode(new ConfigLoader(env).load(Optional.empty(), Map.of()), FAST);
    }

    private static Catalog catalog() {
        try (var registry = new io.cepheus.server.control.Registry(clients, "cepheus-control")) {
            registry.start();
            return registry.awaitCaughtUp(Duration.ofSeconds(30));
        }
    }

    /** The alerts topic, from the start. */
    private static List<JsonNode> readAlerts() throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clients.consumer("test-" + UUID.randomUUID()))) {
            List<TopicPartition> partitions = consumer.partitionsFor("cepheus-alerts").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    alerts.add(JSON.readTree(r.value()));
                }
            }
        }
        return alerts;
    }

    /** A clock that runs {@code speed} times faster than the wall clock from {@code origin} on. */
    private static final class FastClock extends Clock {
        private final Instant origin;
        private final int speed;

        FastClock(Instant origin, int speed) {
            this.origin = origin;
            this.speed = speed;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return origin.plus(Duration.between(origin, Instant.now()).multipliedBy(speed));
        }
    }
}
