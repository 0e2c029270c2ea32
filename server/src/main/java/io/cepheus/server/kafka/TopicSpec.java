package io.cepheus.server.kafka;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A topic the server needs.
 *
 * @param name the topic
 * @param partitions its partitions; empty: the cluster's default ({@code num.partitions})
 * @param configs topic configs, e.g. {@code cleanup.policy=compact}; replication is the cluster's default
 */
public record TopicSpec(String name, Optional<Integer> partitions, Map<String, String> configs) {

    static final String CLEANUP_POLICY = "cleanup.policy";

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(partitions, "partitions");
        configs = Map.copyOf(configs);
    }

    /** A topic with the cluster's defaults. */
    public static TopicSpec plain(String name) {
        return new TopicSpec(name, Optional.empty(), Map.of());
    }

    /** A compacted topic with one partition: one ordered log, the latest value per key kept forever. */
    public static TopicSpec compactedLog(String name) {
        return new TopicSpec(name, Optional.of(1), Map.of(CLEANUP_POLICY, "compact"));
    }

    /** True if the topic must be compacted. */
    public boolean compacted() {
        return configs.getOrDefault(CLEANUP_POLICY, "").contains("compact");
    }
}
