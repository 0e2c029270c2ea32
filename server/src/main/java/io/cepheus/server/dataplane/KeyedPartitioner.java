package io.cepheus.server.dataplane;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the repartition topic: an event goes to the partition of its {@code keySpace|key} (murmur2,
 * as Kafka's default partitioner), a watermark to every partition (a multicast, KIP-837), so that each
 * CEP task sees every source partition's watermark after the events it covers. Without a value (an
 * interactive query's {@code queryMetadataForKey}), the partition of the key, as an event's. Stateless.
 */
final class KeyedPartitioner implements StreamPartitioner<String, Routed> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, Routed value, int numPartitions) {
        return switch (value) {
            case null -> Optional.of(Set.of(partitionOf(key, numPartitions)));
            case Routed.KeyedEvent e -> Optional.of(Set.of(partitionOf(e.recordKey(), numPartitions)));
            case Routed.Watermark w -> Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
            case Routed.DeadLetter d -> throw new IllegalArgumentException("a dead letter is not sent to " + topic);
        };
    }

    static int partitionOf(String recordKey, int numPartitions) {
        return Utils.toPositive(Utils.murmur2(recordKey.getBytes(StandardCharsets.UTF_8))) % numPartitions;
    }
}
