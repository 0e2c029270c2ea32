package io.cepheus.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One embedded broker for the class: plain and transactional round trips through real clients. */
class EmbeddedBrokerTest {

    @TempDir
    static Path dir;

    static EmbeddedBroker broker;
    static KafkaClients clients;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        broker = new EmbeddedBroker(dir.resolve("kafka"), 0, Duration.ofSeconds(60));
        clients = new KafkaClients(broker.start());
        System.out.printf("embedded broker answered %d ms after start%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void listensOnLoopbackAndSaysItRuns() {
        assertThat(broker.bootstrap()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.formattedOnStart()).isTrue();
    }

    @Test
    void aRecordAcknowledgedByAllReplicasIsReadBack() throws Exception {
        Records records = new Records(clients);
        records.createTopic("round-trip");
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients.producer())) {
            RecordMetadata m = producer.send(record("round-trip", "k", "v1")).get();
            System.out.printf("first record acknowledged (acks=all) %d ms after the producer was created%n",
                    (System.nanoTime() - t0) / 1_000_000);
            assertThat(m.offset()).isZero();
        }
        assertThat(records.readAll("round-trip", 1)).containsExactly("k=v1");
    }

    @Test
    void transactionsWorkOnOneNode() throws Exception {
        Records records = new Records(clients);
        records.createTopic("transactions");
        Map<String, Object> config = clients.producer();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cepheus-test-tx");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record("transactions", "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(record("transactions", "k", "committed"));
            producer.commitTransaction();
        }
        // read_committed: the aborted record and both transaction markers are skipped
        assertThat(records.readAll("transactions", 1)).containsExactly("k=committed");
    }

    @Test
    void theServerTopicsAreCreatedOnceAndTheControlTopicIsCompacted() {
        List<TopicSpec> specs = Topics.serverTopics(new io.cepheus.server.config.TopicNames("a", "d", "c"));
        try (Admin admin = Admin.create(clients.admin())) {
            Topics topics = new Topics(admin, Duration.ofSeconds(30));
            assertThat(topics.ensure(specs)).extracting(TopicStatus::describe)
                    .containsExactly("a (created)", "d (created)", "c (compacted, created)",
                            "cepheus-audit (compacted, created)", "a-status (compacted, created)",
                            "a-deliveries (compacted, created)");
            assertThat(topics.ensure(specs)).extracting(TopicStatus::describe)
                    .containsExactly("a (existed)", "d (existed)", "c (compacted, existed)",
                            "cepheus-audit (compacted, existed)", "a-status (compacted, existed)",
                            "a-deliveries (compacted, existed)");
        }
    }

    @Test
    void anExistingTopicThatMustBeCompactedButIsNotIsAnError() {
        try (Admin admin = Admin.create(clients.admin())) {
            Topics topics = new Topics(admin, Duration.ofSeconds(30));
            topics.ensure(List.of(TopicSpec.plain("not-compacted")));

            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> topics.ensure(List.of(TopicSpec.compactedLog("not-compacted"))))
                    .isInstanceOf(KafkaStartException.class)
                    .hasMessage("topic not-compacted exists with cleanup.policy=delete,"
                            + " but it must be compacted (cleanup.policy=compact)");
        }
    }

    static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}
