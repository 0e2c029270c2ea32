package io.cepheus.server.api;

import io.cepheus.server.kafka.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The records of one topic whose timestamps are in {@code [from, to)}: on each partition from the
 * first offset at or after {@code from} to the first at or after {@code to} (else the last stable
 * offset), read {@code read_committed} by a consumer of its own with no group, so nothing is
 * committed and no group rebalances. A record inside those offsets whose timestamp is outside the
 * range (timestamps out of order) is skipped. Not thread-safe; close it.
 */
final class TopicRange implements AutoCloseable {

    /** One record of the range. */
    interface Sink {
        void record(int partition, long offset, long timestamp, byte[] value);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long from;
    private final long to;
    private final Map<TopicPartition, long[]> bounds = new HashMap<>();
    private final List<TopicPartition> partitions = new ArrayList<>();

    /**
     * Finds the offsets of the range on every partition.
     *
     * @throws ApiException (unavailable) if Kafka does not answer within {@code timeout}
     */
    TopicRange(KafkaClients clients, String topic, Instant from, Instant to, Duration timeout) {
        this.consumer = new KafkaConsumer<>(clients.reader("cepheus-topic-range"));
        this.from = from.toEpochMilli();
        this.to = to.toEpochMilli();
        try {
            consumer.partitionsFor(topic, timeout).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(at(this.from), timeout);
            Map<TopicPartition, OffsetAndTimestamp> stops = consumer.offsetsForTimes(at(this.to), timeout);
            for (TopicPartition p : partitions) {
                long end = ends.get(p);
                long start = starts.get(p) == null ? end : starts.get(p).offset();
                long stop = stops.get(p) == null ? end : Math.min(end, stops.get(p).offset());
                bounds.put(p, new long[] {start, Math.max(start, stop)});
            }
        } catch (TimeoutException e) {
            consumer.close();
            throw ApiException.unavailable("Kafka did not answer for topic " + topic + " within " + timeout.toSeconds()
                    + " s", 5);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        partitions.sort(java.util.Comparator.comparingInt(TopicPartition::partition));
    }

    private Map<TopicPartition, Long> at(long time) {
        Map<TopicPartition, Long> m = new HashMap<>();
        partitions.forEach(p -> m.put(p, time));
        return m;
    }

    /** The topic's partitions, in order. */
    List<Integer> partitions() {
        return partitions.stream().map(TopicPartition::partition).toList();
    }

    /** How many offsets the range spans over all partitions (an upper bound of its records). */
    long total() {
        return bounds.values().stream().mapToLong(b -> b[1] - b[0]).sum();
    }

    /**
     * Reads the range, partition after partition, each in offset order.
     *
     * @param stop polled between batches: true ends the read early
     * @return false if it stopped early
     */
    boolean read(Sink sink, BooleanSupplier stop) {
        for (TopicPartition p : partitions) {
            long[] b = bounds.get(p);
            if (b[0] >= b[1]) {
                continue;
            }
            consumer.assign(List.of(p));
            consumer.seek(p, b[0]);
            while (consumer.position(p) < b[1]) {
                if (stop.getAsBoolean()) {
                    return false;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)).records(p)) {
                    if (r.offset() < b[1] && r.timestamp() >= from && r.timestamp() < to && r.value() != null) {
                        sink.record(p.partition(), r.offset(), r.timestamp(), r.value());
                    }
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
