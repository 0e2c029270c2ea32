package io.cepheus.server.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes delivery records to the deliveries topic (compacted, one partition, keyed by the delivery's
 * id), with an idempotent {@code acks=all} producer: the records of one writer reach the topic in
 * the order they were sent. Thread-safe.
 */
public final class DeliveryWriter implements AutoCloseable {

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration timeout;

    /** @param producerConfig an idempotent {@code acks=all} producer's configuration */
    public DeliveryWriter(Map<String, Object> producerConfig, String topic, Duration timeout) {
        this.topic = topic;
        this.timeout = timeout;
        Map<String, Object> config = new java.util.HashMap<>(producerConfig);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "cepheus-deliveries-" + topic);
        this.producer = new KafkaProducer<>(config);
    }

    /** Sends a record without waiting; {@link #flush()} waits for every one sent. */
    Future<RecordMetadata> send(Delivery d) {
        return producer.send(record(d.id(), DeliveryRecords.value(d)));
    }

    /** Deletes a delivery's record (a tombstone), without waiting. */
    void delete(String id) {
        producer.send(record(id, null));
    }

    /** Waits until every record sent so far is acknowledged (or failed). */
    void flush() {
        producer.flush();
    }

    /**
     * Writes a record and waits for the broker.
     *
     * @return the offset after it
     * @throws IllegalStateException if Kafka did not take it within the timeout
     */
    public long write(Delivery d) {
        return offsetAfter(send(d), d.id());
    }

    /**
     * Writes records and waits for the broker to take them all.
     *
     * @return the offset after the last; 0 when there is none
     * @throws IllegalStateException if Kafka did not take one within the timeout
     */
    public long writeAll(java.util.List<Delivery> all) {
        java.util.List<Future<RecordMetadata>> sent = all.stream().map(this::send).toList();
        long last = 0;
        for (int i = 0; i < sent.size(); i++) {
            last = Math.max(last, offsetAfter(sent.get(i), all.get(i).id()));
        }
        return last;
    }

    /**
     * The offset after a sent record, once the broker took it.
     *
     * @throws IllegalStateException if it did not within the timeout
     */
    long offsetAfter(Future<RecordMetadata> sent, String id) {
        try {
            return sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset() + 1;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("delivery " + id + " was not written to " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing delivery " + id, e);
        }
    }

    private ProducerRecord<byte[], byte[]> record(String id, byte[] value) {
        return new ProducerRecord<>(topic, 0, id.getBytes(StandardCharsets.UTF_8), value);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
