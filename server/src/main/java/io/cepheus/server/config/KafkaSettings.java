package io.cepheus.server.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Kafka the server uses.
 *
 * @param bootstrap a cluster's bootstrap servers ({@code host:port,...}); empty: start an embedded
 *     single-node broker instead
 * @param embeddedPort the embedded broker's port on 127.0.0.1; 0 picks a free one. Unused with
 *     {@code bootstrap}
 * @param startTimeout how long start-up waits for Kafka to answer
 */
public record KafkaSettings(Optional<String> bootstrap, int embeddedPort, Duration startTimeout) {

    public KafkaSettings {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Ports.check(embeddedPort);
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, was " + startTimeout);
        }
    }

    /** True when no cluster is configured and the server starts its own broker. */
    public boolean embedded() {
        return bootstrap.isEmpty();
    }
}
