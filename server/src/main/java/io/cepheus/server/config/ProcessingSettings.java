package io.cepheus.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the data plane processes records.
 *
 * @param guarantee Kafka Streams' processing guarantee
 * @param standbyReplicas warm copies of each task's state on other nodes
 * @param idleTimeout after this long without events, a stream's watermark follows the wall clock
 *     (for streams whose declaration names no {@code idle timeout})
 * @param maxPartialMatches the cap on partial matches per key and rule; beyond it the oldest are
 *     dropped and counted
 * @param maxPartialMatchesPerRule the cap on partial matches per rule over all the keys of one CEP
 *     task; while a rule is at it, the partial matches an event would start are refused and counted
 * @param sessionTimeout how long the group waits for a node that stopped heartbeating (killed, cut
 *     off) before its partitions move to the other nodes (Kafka's {@code session.timeout.ms})
 */
public record ProcessingSettings(
        ProcessingGuarantee guarantee, int standbyReplicas, Duration idleTimeout, int maxPartialMatches,
        int maxPartialMatchesPerRule, Duration sessionTimeout) {

    public ProcessingSettings {
        Objects.requireNonNull(guarantee, "guarantee");
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standbyReplicas must be 0 or more, was " + standbyReplicas);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout);
        }
        if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException("sessionTimeout must be positive, was " + sessionTimeout);
        }
        if (maxPartialMatches < 1) {
            throw new IllegalArgumentException("maxPartialMatches must be 1 or more, was " + maxPartialMatches);
        }
        if (maxPartialMatchesPerRule < 1) {
            throw new IllegalArgumentException("maxPartialMatchesPerRule must be 1 or more, was " + maxPartialMatchesPerRule);
        }
    }
}
