package io.cepheus.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The REST API's settings.
 *
 * @param adminToken the bearer token of the first admin ({@code CEPHEUS_ADMIN_TOKEN}); empty: one is
 *     generated at first start
 * @param maxRequestBytes the largest request body read; larger ones are answered 413
 * @param corsOrigins origins allowed to call the API from a browser; {@code ["*"]} for any; empty:
 *     no CORS headers at all
 * @param ingestConcurrency ingest requests handled at once; more are answered 429
 * @param alertRetention how long an alert stays in the node's alert index
 * @param alertHeartbeat how often the live alert feed sends a heartbeat
 * @param kafkaTimeout how long a request waits for Kafka (a write's acknowledgement, reading it back)
 *     before it is answered 503 with {@code Retry-After}
 */
public record ApiSettings(Optional<String> adminToken, int maxRequestBytes, List<String> corsOrigins,
                          int ingestConcurrency, Duration alertRetention, Duration alertHeartbeat,
                          Duration kafkaTimeout) {

    /** Alerts kept a week when no retention is given. */
    public static final Duration DEFAULT_ALERT_RETENTION = Duration.ofDays(7);

    /** A heartbeat every 15 s when none is given. */
    public static final Duration DEFAULT_ALERT_HEARTBEAT = Duration.ofSeconds(15);

    /** Kafka's own request timeout. */
    public static final Duration DEFAULT_KAFKA_TIMEOUT = Duration.ofSeconds(30);

    public ApiSettings {
        Objects.requireNonNull(adminToken, "adminToken");
        corsOrigins = List.copyOf(corsOrigins);
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be 1 or more, was " + maxRequestBytes);
        }
        Objects.requireNonNull(alertRetention, "alertRetention");
        Objects.requireNonNull(alertHeartbeat, "alertHeartbeat");
        Objects.requireNonNull(kafkaTimeout, "kafkaTimeout");
        if (ingestConcurrency < 1) {
            throw new IllegalArgumentException("ingestConcurrency must be 1 or more, was " + ingestConcurrency);
        }
    }

    /** The settings with the default alert retention and heartbeat and Kafka timeout. */
    public ApiSettings(Optional<String> adminToken, int maxRequestBytes, List<String> corsOrigins, int ingestConcurrency) {
        this(adminToken, maxRequestBytes, corsOrigins, ingestConcurrency, DEFAULT_ALERT_RETENTION,
                DEFAULT_ALERT_HEARTBEAT, DEFAULT_KAFKA_TIMEOUT);
    }

    /** The defaults: no admin token given, 10 MiB requests, no CORS, 4 concurrent ingests, a week of alerts. */
    public static ApiSettings defaults() {
        return new ApiSettings(Optional.empty(), 10 << 20, List.of(), 4);
    }

    /** Never shows the admin token. */
    @Override
    public String toString() {
        return "ApiSettings[adminToken=" + (adminToken.isPresent() ? "(set)" : "(unset)") + ", maxRequestBytes="
                + maxRequestBytes + ", corsOrigins=" + corsOrigins + ", ingestConcurrency=" + ingestConcurrency + ", alertRetention=" + alertRetention
                + ", alertHeartbeat=" + alertHeartbeat + ", kafkaTimeout=" + kafkaTimeout + "]";
    }
}
