package io.cepheus.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How webhooks are delivered.
 *
 * @param secretKey the key (base64 of 16, 24 or 32 bytes) that encrypts the endpoints' signing
 *     secrets in the control topic; empty: the node uses the key file in its data directory,
 *     generated at the first start
 * @param allowLoopback whether endpoint URLs may resolve to loopback addresses (tests, local
 *     receivers); private, link-local, metadata and multicast addresses are refused always
 * @param retrySchedule the pause before each retry after a failed attempt, in order; a delivery is
 *     dead after its last retry fails
 * @param timeout the longest one attempt may take, from connecting to the last byte read
 * @param concurrency attempts in flight per endpoint on the node that dispatches them
 * @param circuitOpen how long an endpoint that failed {@code 5} times in a row gets no attempt
 * @param retention how long delivered and dead deliveries stay in the delivery log
 */
public record WebhookSettings(Optional<String> secretKey, boolean allowLoopback, List<Duration> retrySchedule,
                              Duration timeout, int concurrency, Duration circuitOpen, Duration retention) {

    /** 5 s, 30 s, 2 m, 10 m, 30 m, 1 h, 2 h, 4 h, 8 h, 8 h: eleven attempts over about a day. */
    public static final List<Duration> DEFAULT_SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(8));

    public WebhookSettings {
        Objects.requireNonNull(secretKey, "secretKey");
        retrySchedule = List.copyOf(retrySchedule);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(circuitOpen, "circuitOpen");
        Objects.requireNonNull(retention, "retention");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be 1 or more, was " + concurrency);
        }
    }

    /** The defaults: a generated key, no loopback, the default schedule, 10 s, 4 at once, 30 s open, 7 days. */
    public static WebhookSettings defaults() {
        return new WebhookSettings(Optional.empty(), false, DEFAULT_SCHEDULE, Duration.ofSeconds(10), 4,
                Duration.ofSeconds(30), Duration.ofDays(7));
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "WebhookSettings[secretKey=" + (secretKey.isPresent() ? "(set)" : "(unset)") + ", allowLoopback="
                + allowLoopback + ", retrySchedule=" + retrySchedule + ", timeout=" + timeout + ", concurrency="
                + concurrency + ", circuitOpen=" + circuitOpen + ", retention=" + retention + "]";
    }
}
