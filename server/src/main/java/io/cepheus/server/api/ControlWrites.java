package io.cepheus.server.api;

import io.cepheus.server.control.Catalog;
import io.cepheus.server.control.ControlException;
import io.cepheus.server.control.ControlTopic;
import io.cepheus.server.control.Registry;
import java.time.Duration;
import java.util.function.ToLongFunction;

/**
 * Writes to one control topic and waits until this node has read the write back, so that a read
 * after a write sees it. The services take {@link #lock} around read-check-write, so that two
 * requests to one node cannot both pass the same {@code If-Match}. Thread-safe.
 */
final class ControlWrites {

    /** Seconds a client should wait before retrying a write Kafka did not take. */
    static final int RETRY_AFTER = 5;

    final Object lock = new Object();
    private final ControlTopic topic;
    private final Registry registry;
    private final Duration timeout;

    ControlWrites(ControlTopic topic, Registry registry, Duration timeout) {
        this.topic = topic;
        this.registry = registry;
        this.timeout = timeout;
    }

    /** The topic as this node has read it. */
    Catalog catalog() {
        return registry.catalog();
    }

    /**
     * Runs {@code write} and waits until the registry has read it.
     *
     * @return the catalog that holds the write
     * @throws ApiException (unavailable) if Kafka did not take it or it was not read back in time
     */
    Catalog write(ToLongFunction<ControlTopic> write) {
        try {
            return registry.awaitOffset(write.applyAsLong(topic), timeout);
        } catch (ControlException e) {
            throw ApiException.unavailable("Kafka did not confirm the change within " + timeout.toSeconds()
                    + " s; it may or may not have been made: read it again before retrying", RETRY_AFTER);
        }
    }
}
