package io.cepheus.server.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One alert's delivery to one endpoint, as the deliveries topic holds it (one record per change,
 * keyed by {@link #id}): its state, every attempt, and — until it is delivered — the alert itself, so
 * that any node can resume it.
 *
 * @param id the {@code webhook-id}: {@code msg_} and 32 hex digits of the SHA-256 of the alert id and
 *     the endpoint's name, so the same alert gets the same id for an endpoint on every retry, restart,
 *     node and replay
 * @param endpoint the endpoint's name
 * @param alertId the alert's id
 * @param rule the alert's rule
 * @param type {@code alert.fired}, or {@code alert.test} for a test delivery
 * @param partition the alerts topic's partition the alert came from: the node that owns it in the
 *     dispatchers' consumer group dispatches the delivery
 * @param status where it stands
 * @param attempts every attempt, oldest first (at most {@link #MAX_ATTEMPTS_KEPT}, the newest)
 * @param nextAttemptAt when the next attempt is due; null once delivered or dead
 * @param created when the delivery was made
 * @param queued when it was queued last: at creation, or at a replay (its retries count from here)
 * @param updated when this record was written
 * @param reason why it is dead; null otherwise
 * @param writer who wrote this record: a dispatcher's instance id, or {@code api:NODE} for a test or
 *     a replay asked through the REST API
 * @param alert the alert's JSON as the alerts topic holds it; null once delivered
 * @param traceparent the W3C {@code traceparent} of the alert's record, if it had one
 */
public record Delivery(String id, String endpoint, String alertId, String rule, String type, int partition,
                       Status status, List<Attempt> attempts, Instant nextAttemptAt, Instant created, Instant queued,
                       Instant updated, String reason, String writer, String alert, String traceparent) {

    /** Attempts a record keeps, the newest. */
    static final int MAX_ATTEMPTS_KEPT = 50;

    /** The type of a delivery of a fired alert. */
    public static final String FIRED = "alert.fired";
    /** The type of a test delivery. */
    public static final String TEST = "alert.test";

    /** Where a delivery stands. */
    public enum Status {
        /** Waiting for its first attempt (also after a replay). */
        PENDING,
        /** An attempt failed and a retry is due at {@code nextAttemptAt}. */
        FAILED,
        /** An attempt was answered 2xx. */
        DELIVERED,
        /** No more attempts: see {@code reason}. */
        DEAD;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether no attempt will be made any more. */
        public boolean finished() {
            return this == DELIVERED || this == DEAD;
        }

        /** @throws IllegalArgumentException naming the statuses */
        public static Status ofLabel(String label) {
            for (Status s : values()) {
                if (s.label().equals(label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown delivery status '" + label
                    + "' (pending, failed, delivered or dead)");
        }
    }

    /**
     * One attempt.
     *
     * @param at when it started
     * @param status the HTTP status answered; null when there was no answer
     * @param latencyMs from connecting to the answer (or the failure)
     * @param error what went wrong (no answer, or a status that is not 2xx, with an excerpt of the
     *     answer); null when it was delivered
     */
    public record Attempt(Instant at, Integer status, long latencyMs, String error) {
        public Attempt {
            Objects.requireNonNull(at, "at");
        }
    }

    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpoint, "endpoint of delivery " + id);
        Objects.requireNonNull(alertId, "alertId of delivery " + id);
        Objects.requireNonNull(rule, "rule of delivery " + id);
        Objects.requireNonNull(type, "type of delivery " + id);
        Objects.requireNonNull(status, "status of delivery " + id);
        attempts = List.copyOf(attempts.size() > MAX_ATTEMPTS_KEPT
                ? attempts.subList(attempts.size() - MAX_ATTEMPTS_KEPT, attempts.size()) : attempts);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(queued, "queued");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(writer, "writer");
        if (!status.finished() && (alert == null || nextAttemptAt == null)) {
            throw new IllegalArgumentException("delivery " + id + " is " + status.label()
                    + " without its alert or next attempt");
        }
    }

    /** The {@code webhook-id} of {@code alertId}'s delivery to {@code endpoint}. */
    public static String idOf(String alertId, String endpoint) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((alertId + "\n" + endpoint)
                    .getBytes(StandardCharsets.UTF_8));
            return "msg_" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A new delivery of an alert, due at once. */
    static Delivery pending(String id, String endpoint, String alertId, String rule, String type, int partition,
                            Instant now, String writer, String alert, String traceparent) {
        return new Delivery(id, endpoint, alertId, rule, type, partition, Status.PENDING, List.of(), now, now, now, now,
                null, writer, alert, traceparent);
    }

    /**
     * A test delivery to {@code endpoint}: a synthetic alert of rule {@code cepheus-test} (a name no rule
     * can have), type {@value #TEST}, a random id, due at once, on a partition of the alerts topic chosen
     * by its id (the owner of that partition dispatches it).
     *
     * @param partitions the alerts topic's partitions
     * @param writer who asks for it ({@code api:NODE})
     */
    public static Delivery test(String endpoint, int partitions, Instant now, String writer) {
        String alert = Payloads.testAlert(endpoint, now);
        String alertId = Payloads.parse(alert).get("id").asText();
        String id = idOf(alertId, endpoint);
        return pending(id, endpoint, alertId, Payloads.TEST_RULE, TEST, Math.floorMod(id.hashCode(), partitions), now,
                writer, alert, null);
    }

    /** The attempts since it was queued last: they count against the retry schedule. */
    int attemptsThisRound() {
        int n = 0;
        for (Attempt a : attempts) {
            if (!a.at().isBefore(queued)) {
                n++;
            }
        }
        return n;
    }

    /** After an attempt that was answered 2xx: the alert is no longer kept. */
    Delivery delivered(Attempt attempt, String by) {
        return new Delivery(id, endpoint, alertId, rule, type, partition, Status.DELIVERED, plus(attempt), null, created,
                queued, attempt.at().plusMillis(attempt.latencyMs()), null, by, null, traceparent);
    }

    /** After a failed attempt, due again at {@code next}. */
    Delivery failed(Attempt attempt, Instant next, String by) {
        return new Delivery(id, endpoint, alertId, rule, type, partition, Status.FAILED, plus(attempt), next, created,
                queued, attempt.at().plusMillis(attempt.latencyMs()), null, by, alert, traceparent);
    }

    /** Dead-lettered for {@code why}, after {@code attempt} (null when none was made). */
    Delivery dead(Attempt attempt, String why, Instant now, String by) {
        return new Delivery(id, endpoint, alertId, rule, type, partition, Status.DEAD,
                attempt == null ? attempts : plus(attempt), null, created, queued, now, why, by, alert, traceparent);
    }

    /**
     * Queued again by a replay: pending, due at once, its retries counted from {@code now}; its
     * attempts are kept. Only a dead delivery, which still has its alert, can be replayed.
     */
    public Delivery replayed(Instant now, String by) {
        if (status != Status.DEAD) {
            throw new IllegalStateException("delivery " + id + " is " + status.label() + ", not dead");
        }
        return new Delivery(id, endpoint, alertId, rule, type, partition, Status.PENDING, attempts, now, created, now,
                now, null, by, alert, traceparent);
    }

    private List<Attempt> plus(Attempt attempt) {
        List<Attempt> all = new ArrayList<>(attempts);
        all.add(attempt);
        return all;
    }
}
