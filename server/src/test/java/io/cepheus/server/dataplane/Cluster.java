package io.cepheus.server.dataplane;

import io.cepheus.server.config.ConfigLoader;
import io.cepheus.server.config.ServerConfig;
import io.cepheus.server.kafka.EmbeddedBroker;
import io.cepheus.server.kafka.KafkaClients;
import io.cepheus.server.node.ServerNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Test harness: one embedded broker (per test class), nodes started on it with a small config, and
 * producing and reading records with deadlines.
 */
final class Cluster implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(60);

    private final EmbeddedBroker broker;
    final KafkaClients clients;

    Cluster(Path dir) {
        this.broker = new EmbeddedBroker(dir.resolve("kafka"), 0, Duration.ofSeconds(60));
        this.clients = new KafkaClients(broker.start());
    }

    String bootstrap() {
        return clients.bootstrap();
    }

    /**
     * The configuration of a node of application {@code app} on this broker: its own topics ({@code
     * app-alerts}, {@code app-dlq}, {@code app-control}), data directory and free HTTP port.
     */
    ServerConfig config(String app, Path dataDir, Path rules, Map<String, String> more) {
        return new ConfigLoader(env(app, dataDir, rules, more)).load(Optional.empty(), Map.of());
    }

    /** {@link #config}'s options as the {@code CEPHEUS_*} variables of a {@code serve} process. */
    Map<String, String> env(String app, Path dataDir, Path rules, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "CEPHEUS_KAFKA_BOOTSTRAP", bootstrap(),
                "CEPHEUS_HTTP_HOST", "127.0.0.1",
                "CEPHEUS_HTTP_PORT", "0",
                "CEPHEUS_DATA_DIR", dataDir.toString(),
                "CEPHEUS_RULES", rules.toString(),
                "CEPHEUS_STREAMS_APPLICATION_ID", app,
                "CEPHEUS_TOPIC_ALERTS", app + "-alerts",
                "CEPHEUS_TOPIC_DLQ", app + "-dlq",
                "CEPHEUS_TOPIC_CONTROL", app + "-control"));
        env.putAll(more);
        return env;
    }

    /** Creates {@code topic} with {@code partitions} partitions. */
    void createTopic(String topic, int partitions) {
        try (Admin admin = Admin.create(clients.admin())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
                    .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The offsets application {@code app} committed on {@code topic}, summed over its partitions. */
    long committed(String app, String topic) {
        try (Admin admin = Admin.create(clients.admin())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(app)
                    .partitionsToOffsetAndMetadata().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of " + app, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every committed record of {@code topic} ({@code read_committed}): reads each partition from the
     * start to its last stable offset as of the call.
     */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        long end = System.nanoTime() + DEADLINE.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clients.consumer("test-" + UUID.randomUUID()))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> last = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < last.get(p))) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("cannot read " + topic + " to " + last + " within " + DEADLINE);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }
        return seen;
    }

    /** Starts a node; the caller closes it. */
    ServerNode start(ServerConfig config) {
        ServerNode node = new ServerNode(config);
        try {
            node.start();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /**
     * Produces JSON {@code lines} to {@code topic}, each keyed by its field {@code keyField} (as
     * producers of a stream that declares {@code key FIELD} must); a line without it gets no key.
     */
    void produceKeyed(String topic, List<String> lines, String keyField) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String line : lines) {
            records.add(new ProducerRecord<>(topic, keyOf(line, keyField), line.getBytes(StandardCharsets.UTF_8)));
        }
        send(records);
    }

    static byte[] keyOf(String line, String keyField) {
        if (keyField == null) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode key = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line)
                    .get(keyField);
            return key == null || !key.isTextual() ? null : key.asText().getBytes(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Produces {@code values} to {@code topic} in order (no key), with one transaction-free idempotent producer. */
    void produce(String topic, List<byte[]> values) {
        send(values.stream().map(v -> new ProducerRecord<byte[], byte[]>(topic, null, v)).toList());
    }

    /** Sends {@code records} in order and waits until all are acknowledged. */
    void send(List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients.producer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    static List<byte[]> utf8(List<String> lines) {
        return lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /**
     * Reads every partition of {@code topic} from the start, {@code read_committed}, until {@code done}
     * holds for what was read or the deadline passes; then reads once more briefly, so that records
     * beyond the expected ones show up too.
     */
    List<ConsumerRecord<byte[], byte[]>> read(String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        long end = System.nanoTime() + DEADLINE.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clients.consumer("test-" + UUID.randomUUID()))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!done.test(seen) && System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            consumer.poll(Duration.ofMillis(300)).forEach(seen::add);
        }
        return seen;
    }

    /** {@link #read} until {@code count} records came. */
    List<ConsumerRecord<byte[], byte[]>> read(String topic, int count) {
        return read(topic, seen -> seen.size() >= count);
    }

    @Override
    public void close() {
        broker.close();
    }
}
