package io.cepheus.server.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the data plane (Kafka Streams) is laid out.
 *
 * @param applicationId the Kafka Streams application id: the consumer group of every node, and the
 *     prefix of the internal topics (the repartition topic, the state changelogs)
 * @param streamPartitions partitions of a stream topic the server creates because it is missing
 * @param keyedPartitions partitions of the repartition topic of keyed events; empty: as many as the
 *     stream topic with the most partitions
 * @param transactionalStateStores Kafka Streams' transactional state stores (KIP-892): under
 *     exactly-once a crash no longer wipes the local state
 * @param streamThreads Kafka Streams' stream threads on the node: the tasks (partitions) it runs at once
 * @param commitInterval how often Kafka Streams commits: under exactly-once, how long an alert may wait
 *     to be visible, and how often the state of each changed key is written; empty: Kafka Streams'
 *     default (100 ms under exactly-once, 30 s under at-least-once)
 * @param producerLinger how long the data plane's producer waits to fill a batch before it sends: under
 *     at-least-once, how long an alert may wait to be written (exactly-once flushes at each commit);
 *     empty: Kafka Streams' default (100 ms)
 * @param producerBatchBytes the most bytes the data plane's producer puts in one batch for a partition
 *     ({@code batch.size}): a commit writes a changelog record for every key changed since the last one,
 *     and fewer, larger produce requests cost the brokers less
 */
public record DataPlaneSettings(String applicationId, int streamPartitions, Optional<Integer> keyedPartitions,
                                boolean transactionalStateStores, int streamThreads, Optional<Duration> commitInterval,
                                Optional<Duration> producerLinger, int producerBatchBytes) {

    /** The default {@link #producerBatchBytes}: 256 KiB (Kafka's own is 16 KiB). */
    public static final int PRODUCER_BATCH_BYTES = 256 * 1024;

    public DataPlaneSettings {
        Objects.requireNonNull(applicationId, "applicationId");
        if (streamPartitions < 1) {
            throw new IllegalArgumentException("streamPartitions must be 1 or more, was " + streamPartitions);
        }
        Objects.requireNonNull(keyedPartitions, "keyedPartitions");
        keyedPartitions.ifPresent(n -> {
            if (n < 1) {
                throw new IllegalArgumentException("keyedPartitions must be 1 or more, was " + n);
            }
        });
        if (streamThreads < 1) {
            throw new IllegalArgumentException("streamThreads must be 1 or more, was " + streamThreads);
        }
        Objects.requireNonNull(commitInterval, "commitInterval");
        commitInterval.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("commitInterval must be positive, was " + d);
            }
        });
        Objects.requireNonNull(producerLinger, "producerLinger");
        producerLinger.ifPresent(d -> {
            if (d.isNegative()) {
                throw new IllegalArgumentException("producerLinger must not be negative, was " + d);
            }
        });
        if (producerBatchBytes < 1) {
            throw new IllegalArgumentException("producerBatchBytes must be 1 or more, was " + producerBatchBytes);
        }
    }

    /** The defaults. */
    public static DataPlaneSettings defaults() {
        return new DataPlaneSettings("cepheus", 1, Optional.empty(), true, 1, Optional.empty(), Optional.empty(),
                PRODUCER_BATCH_BYTES);
    }
}
