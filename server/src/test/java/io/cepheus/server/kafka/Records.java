package io.cepheus.server.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Test helper: creates topics and reads a topic's records back as {@code key=value} lines, with a deadline. */
record Records(KafkaClients clients) {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    void createTopic(String name) {
        try (Admin admin = Admin.create(clients.admin())) {
            new Topics(admin, DEADLINE).ensure(List.of(TopicSpec.plain(name)));
        }
    }

    /** Reads partition 0 of {@code topic} from the start until {@code count} committed records came, or the deadline. */
    List<String> readAll(String topic, int count) {
        List<String> seen = new ArrayList<>();
        long end = System.nanoTime() + DEADLINE.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clients.consumer("test-" + UUID.randomUUID()))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (seen.size() < count && System.nanoTime() < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(new String(r.key(), StandardCharsets.UTF_8) + "=" + new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            // anything beyond the expected count shows up too: poll once more briefly
            consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(
                    new String(r.key(), StandardCharsets.UTF_8) + "=" + new String(r.value(), StandardCharsets.UTF_8)));
        }
        return seen;
    }
}
