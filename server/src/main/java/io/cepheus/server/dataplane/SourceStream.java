package io.cepheus.server.dataplane;

import io.cepheus.dsl.StreamLayout;
import java.time.Duration;
import java.util.Objects;

/**
 * A declared stream that rules read, as the data plane reads it.
 *
 * @param layout the stream's declaration
 * @param topic the topic it reads: {@code topic "x"} if declared, else the stream's name
 * @param partitions the topic's partitions (known at start)
 * @param idleTimeout after this long without a record a partition is idle: the stream's own {@code
 *     idle timeout}, else the server's
 */
record SourceStream(StreamLayout layout, String topic, int partitions, Duration idleTimeout) {

    SourceStream {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(topic, "topic");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be 1 or more, was " + partitions);
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    String name() {
        return layout.name();
    }

    /** The topic a stream reads: its declared topic, else its name. */
    static String topicOf(StreamLayout layout) {
        return layout.topic() != null ? layout.topic() : layout.name();
    }

    /** The stream's idle timeout: its own, else {@code serverDefault}. */
    static Duration idleTimeoutOf(StreamLayout layout, Duration serverDefault) {
        return layout.idleTimeout() != null ? layout.idleTimeout() : serverDefault;
    }

    /** How often the data plane looks at the wall clock for this stream: a quarter of the idle timeout, 50 ms to 1 s. */
    Duration punctuation() {
        long ms = Math.clamp(idleTimeout.toMillis() / 4, 50, 1000);
        return Duration.ofMillis(ms);
    }
}
