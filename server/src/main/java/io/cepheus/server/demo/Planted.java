package io.cepheus.server.demo;

import java.time.Instant;
import java.util.Objects;

/**
 * One planted run of the demo: the rule it is planted for, the key that rule's alert will have, and
 * when the run began.
 *
 * @param rule the rule's name
 * @param key the card, account, device or user of the run
 * @param start the run's first event time
 */
public record Planted(String rule, String key, Instant start) {
    public Planted {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(start, "start");
    }
}
