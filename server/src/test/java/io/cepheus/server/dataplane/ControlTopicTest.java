package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cepheus.server.control.Catalog;
import io.cepheus.server.control.ControlException;
import io.cepheus.server.control.ControlTopic;
import io.cepheus.server.control.Deployment;
import io.cepheus.server.control.Deployments;
import io.cepheus.server.control.Registry;
import io.cepheus.server.control.RuleDefinition;
import io.cepheus.server.control.RuleDirectory;
import io.cepheus.server.control.RuleState;
import io.cepheus.server.control.StreamDefinition;
import io.cepheus.server.kafka.TopicSpec;
import io.cepheus.server.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The control topic on a real broker: a rules directory applied as a diff (added, changed,
 * unchanged, deleted; definitions from elsewhere left alone), read back by a registry on another
 * "node", bad records skipped, and a deployment that runs what compiles.
 */
class ControlTopicTest extends WithCluster {

    private static final Duration DEADLINE = Cluster.DEADLINE;
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private static String topic(String name) {
        try (Admin admin = Admin.create(cluster.clients.admin())) {
            new Topics(admin, DEADLINE).ensure(List.of(TopicSpec.compactedLog(name)));
        }
        return name;
    }

    private static final String STREAM = """
            stream pay {
              time ts
              fields {
                card: string
                amount: decimal
                ts: timestamp
              }
            }
            """;

    private static String rule(String name, String amount) {
        return """
                rule %s {
                  from pay
                  partition by card
                  pattern big
                  where big: amount > %s
                }
                """.formatted(name, amount);
    }

    private static Path rulesDir(String name, String... files) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < files.length; i++) {
            Files.writeString(d.resolve("f" + i + ".cep"), files[i]);
        }
        return d;
    }

    private static List<String> described(RuleDirectory.Applied applied) {
        return applied.changes().stream().map(RuleDirectory.Change::describe).toList();
    }

    @Test
    void aRulesDirectoryIsAppliedAsADiffAndReadBackByEveryNode() throws Exception {
        String control = topic("control-diff");
        try (ControlTopic writer = new ControlTopic(cluster.clients, control, DEADLINE);
             Registry one = new Registry(cluster.clients, control);
             Registry other = new Registry(cluster.clients, control)) {
            one.start();
            Catalog catalog = one.awaitCaughtUp(DEADLINE);
            RuleDirectory.Applied first = RuleDirectory.read(rulesDir("v1", STREAM + rule("big", "100"), rule("huge", "1000")))
                    .apply(catalog, writer, NOW);
            assertThat(described(first)).containsExactly("stream pay: added (version 1)", "rule big: added (version 1)",
                    "rule huge: added (version 1)");
            catalog = one.awaitOffset(first.offset(), DEADLINE);

            // the API's rule survives applying a directory that does not have it
            writer.put(new RuleDefinition("api_rule", rule("api_rule", "5"), 1, RuleState.ENABLED, NOW, "api"));
            catalog = one.awaitCaughtUp(DEADLINE);

            String reformatted = STREAM + rule("big", "100").replace("pattern big", "pattern   big   ");
            RuleDirectory.Applied second = RuleDirectory.read(rulesDir("v2", reformatted, rule("huge", "2000")))
                    .apply(catalog, writer, NOW);
            assertThat(described(second)).containsExactly("stream pay: unchanged (version 1)",
                    "rule big: unchanged (version 1)", "rule huge: changed (version 2)");
            catalog = one.awaitOffset(second.offset(), DEADLINE);

            RuleDirectory.Applied third = RuleDirectory.read(rulesDir("v3", STREAM + rule("big", "100")))
                    .apply(catalog, writer, NOW);
            assertThat(described(third)).containsExactly("stream pay: unchanged (version 1)",
                    "rule big: unchanged (version 1)", "rule huge: deleted");
            catalog = one.awaitOffset(third.offset(), DEADLINE);
            assertThat(catalog.rules()).containsOnlyKeys("api_rule", "big");
            assertThat(catalog.versions("huge")).isEmpty();
            assertThat(catalog.versions("big")).containsOnlyKeys(1L);

            other.start();
            Catalog read = other.awaitCaughtUp(DEADLINE);
            assertThat(read.rules()).isEqualTo(catalog.rules());
            assertThat(read.streams()).isEqualTo(catalog.streams());
            assertThat(read.offset()).isEqualTo(catalog.offset());
        }
    }

    /**
     * A directory of many rules reaches every node as one catalog, so a node compiles the rule set a
     * few times, not once per record: the rules compiled over all deployments grow linearly with the
     * directory (they grew with its square while each record was read and compiled on its own).
     */
    @Test
    void aRulesDirectoryIsCompiledOnceNotOncePerRecord() throws Exception {
        String control = topic("control-many");
        int n = 300;
        StringBuilder files = new StringBuilder(STREAM);
        for (int i = 0; i < n; i++) {
            files.append(rule("r" + i, String.valueOf(i)));
        }
        Deployments deployments = new Deployments();
        AtomicInteger made = new AtomicInteger();
        AtomicLong rulesCompiled = new AtomicLong();
        deployments.onChange(d -> {
            made.incrementAndGet();
            rulesCompiled.addAndGet(d.rules().rules().size());
        });
        try (ControlTopic writer = new ControlTopic(cluster.clients, control, DEADLINE);
             Registry registry = new Registry(cluster.clients, control)) {
            registry.onChange(deployments::update);
            registry.start();
            Catalog catalog = registry.awaitCaughtUp(DEADLINE);
            RuleDirectory.Applied applied = RuleDirectory.read(rulesDir("many", files.toString()))
                    .apply(catalog, writer, NOW);
            assertThat(applied.changes()).hasSize(n + 1);
            registry.awaitOffset(applied.offset(), DEADLINE);
            await().atMost(DEADLINE).until(() -> deployments.current().rules().rules().size() == n);
        }
        assertThat(made.get()).as("deployments made").isLessThanOrEqualTo(2);
        assertThat(rulesCompiled.get()).as("rules compiled over all deployments").isLessThanOrEqualTo(2L * n);
    }

    @Test
    void aMalformedControlRecordIsSkippedAndTheRestIsRead() {
        String control = topic("control-bad");
        try (ControlTopic writer = new ControlTopic(cluster.clients, control, DEADLINE);
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(cluster.clients.producer());
             Registry registry = new Registry(cluster.clients, control)) {
            raw.send(new ProducerRecord<>(control, 0, "rule/x".getBytes(StandardCharsets.UTF_8),
                    "{not json".getBytes(StandardCharsets.UTF_8)));
            raw.send(new ProducerRecord<>(control, 0, "what/ever".getBytes(StandardCharsets.UTF_8),
                    "{}".getBytes(StandardCharsets.UTF_8)));
            writer.put(new StreamDefinition("pay", STREAM, 1, NOW, "api"));
            registry.start();
            Catalog catalog = registry.awaitCaughtUp(DEADLINE);
            assertThat(catalog.streams()).containsOnlyKeys("pay");
            assertThat(catalog.rules()).isEmpty();
            assertThat(registry.malformedRecords()).isEqualTo(2);
        }
    }

    @Test
    void aDeploymentRunsWhatCompilesAndSaysWhyTheRestDoesNot() {
        String control = topic("control-deploy");
        try (ControlTopic writer = new ControlTopic(cluster.clients, control, DEADLINE);
             Registry registry = new Registry(cluster.clients, control)) {
            registry.start();
            writer.put(new StreamDefinition("pay", STREAM, 1, NOW, "api"));
            writer.put(new RuleDefinition("big", rule("big", "100"), 3, RuleState.ENABLED, NOW, "api"));
            writer.put(new RuleDefinition("off", rule("off", "1"), 1, RuleState.DISABLED, NOW, "api"));
            writer.put(new RuleDefinition("broken", rule("broken", "100").replace("amount >", "amount >>"), 1,
                    RuleState.ENABLED, NOW, "api"));
            writer.put(new RuleDefinition("orphan", rule("orphan", "1").replace("from pay", "from nowhere"), 1,
                    RuleState.ENABLED, NOW, "api"));
            Deployment d = Deployment.of(registry.awaitCaughtUp(DEADLINE));
            assertThat(d.rules().rules()).extracting(r -> r.name() + "@" + r.version()).containsExactly("big@3");
            assertThat(d.problems()).containsOnlyKeys("rule broken", "rule orphan");
            assertThat(d.problems().get("rule orphan")).contains("2:8").contains("nowhere");
            assertThat(d.streamsRead()).extracting(s -> s.name()).containsExactly("pay");
        }
    }

    @Test
    void waitingForAnOffsetThatNeverComesTimesOutWithTheOffsetsSaid() {
        String control = topic("control-wait");
        try (Registry registry = new Registry(cluster.clients, control)) {
            registry.start();
            registry.awaitCaughtUp(DEADLINE);
            assertThatThrownBy(() -> registry.awaitOffset(5, Duration.ofMillis(300)))
                    .isInstanceOf(ControlException.class)
                    .hasMessageContaining("read up to offset 0, not 5");
        }
    }
}
