package io.cepheus.server.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes alert statuses to the status topic (compacted, one partition, keyed by the alert's id),
 * waiting for the broker's acknowledgement, and tells where the topic ends (so that a node can read
 * every change made so far, on any node, before it decides the next). Thread-safe.
 */
public final class StatusWriter implements AutoCloseable {

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Admin admin;
    private final Duration timeout;

    /**
     * @param producerConfig an idempotent {@code acks=all} producer's configuration
     * @param adminConfig an admin client's configuration, for the topic's end offset
     */
    public StatusWriter(Map<String, Object> producerConfig, Map<String, Object> adminConfig, String topic,
                        Duration timeout) {
        this.topic = topic;
        this.timeout = timeout;
        this.producer = new KafkaProducer<>(producerConfig);
        this.admin = Admin.create(adminConfig);
    }

    /**
     * The offset after the topic's last committed record: every status change acknowledged so far is
     * before it.
     *
     * @throws IllegalStateException if Kafka did not answer within the timeout
     */
    public long endOffset() {
        TopicPartition partition = new TopicPartition(topic, 0);
        try {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .partitionResult(partition).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the end of " + topic + " is not known: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for the end of " + topic, e);
        }
    }

    /** The topic written to. */
    public String topic() {
        return topic;
    }

    /**
     * Writes {@code status} as the alert's whole state.
     *
     * @return the record's offset
     * @throws IllegalStateException if Kafka did not take it within the timeout
     */
    public long write(AlertStatus status) {
        try {
            return producer.send(new ProducerRecord<>(topic, 0, status.id().getBytes(StandardCharsets.UTF_8),
                    StatusRecords.value(status))).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the status of alert " + status.id() + " was not written to " + topic
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing an alert status", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
