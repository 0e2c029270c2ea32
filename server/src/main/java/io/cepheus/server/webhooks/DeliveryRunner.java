package io.cepheus.server.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.cepheus.server.config.WebhookSettings;
import io.cepheus.server.control.Catalog;
import io.cepheus.server.control.WebhookDefinition;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the deliveries this node dispatches, each from due to delivered or dead. A delivery is
 * <em>active</em> here from {@link #schedule} until it is finished or {@link #forget forgotten}; the
 * active record is the delivery's current state, and only the holder of that state may move it on
 * (an attempt whose delivery was replaced meanwhile — replayed, or its partition revoked — writes
 * nothing).
 *
 * <p>The walk of one delivery: a timer fires when it is due; its endpoint's {@link EndpointLane}
 * starts it, queues it (the endpoint's attempts in flight are at the limit) or puts it back (the
 * endpoint's breaker is open, or it asked to wait with {@code Retry-After}); the attempt runs on a
 * virtual thread of its own ({@link HttpPost}, signed with {@link Signatures}); its outcome makes the
 * next record — delivered, failed with the next attempt's time ({@link RetryPolicy}), or dead — which
 * is written to the deliveries topic, and a failed one is scheduled again. An answer {@code 410 Gone}
 * disables the endpoint and dead-letters its other deliveries.
 *
 * <p>Thread-safe: timers, attempts and the dispatcher's thread share the active map.
 */
final class DeliveryRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRunner.class);
    private static final String USER_AGENT = "Cepheus-Webhooks/1";

    private final Supplier<Catalog> catalog;
    private final BiConsumer<String, String> disable;
    private final DeliveryWriter writer;
    private final SecretBox secrets;
    private final HttpPost http;
    private final RetryPolicy retry;
    private final WebhookSettings settings;
    private final WebhookMetrics metrics;
    private final String writerId;
    private final Clock clock;
    private final Map<String, Delivery> active = new ConcurrentHashMap<>();
    /**
     * The parsed alert of deliveries that the dispatcher made here, until their first attempt (so an
     * alert is parsed once on the way to its first attempt).
     */
    private final Map<String, JsonNode> alerts = new ConcurrentHashMap<>();
    private final Map<String, EndpointLane> lanes = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "cepheus-webhook-timer");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService attempts = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("cepheus-webhook-", 0).factory());
    private volatile boolean closed;

    /**
     * @param catalog the control topic as this node has read it (the endpoints)
     * @param disable disables an endpoint, for a reason (an answer 410)
     * @param writerId this dispatcher's instance id, written into its records
     */
    DeliveryRunner(Supplier<Catalog> catalog, BiConsumer<String, String> disable, DeliveryWriter writer,
                   SecretBox secrets, HttpPost http, WebhookSettings settings,
                   io.prometheus.metrics.model.registry.PrometheusRegistry registry,
                   Supplier<Map<String, Long>> deadLetters, java.util.function.IntSupplier partitions, String writerId,
                   Clock clock) {
        this.catalog = catalog;
        this.disable = disable;
        this.writer = writer;
        this.secrets = secrets;
        this.http = http;
        this.retry = new RetryPolicy(settings.retrySchedule());
        this.settings = settings;
        this.metrics = new WebhookMetrics(registry, active::values, deadLetters, partitions);
        this.writerId = writerId;
        this.clock = clock;
        timer.setRemoveOnCancelPolicy(true);
        timer.scheduleWithFixedDelay(http::closeIdle, 1, 1, TimeUnit.SECONDS);
    }

    /** The unfinished deliveries this node dispatches. */
    Collection<Delivery> active() {
        return active.values();
    }

    boolean isActive(String id) {
        return active.containsKey(id);
    }

    /** Makes {@code d} this node's to run (replacing an earlier state of it), due at its next attempt. */
    void schedule(Delivery d) {
        active.put(d.id(), d);
        at(d, d.nextAttemptAt());
    }

    /** {@link #schedule(Delivery)}, with {@code d}'s alert already parsed ({@link Payloads#parse}). */
    void schedule(Delivery d, JsonNode alert) {
        alerts.put(d.id(), alert);
        schedule(d);
    }

    /** Stops running the deliveries of these alerts partitions (another node runs them now). */
    void forget(IntPredicate partitions) {
        active.values().removeIf(d -> partitions.test(d.partition()));
        alerts.keySet().retainAll(active.keySet());
    }

    /** Stops running {@code d} (it was not written after all). */
    void forget(Delivery d) {
        if (active.remove(d.id(), d)) {
            alerts.remove(d.id());
        }
    }

    private void at(Delivery d, Instant when) {
        if (closed) {
            return;
        }
        long micros = Duration.between(clock.instant(), when).toNanos() / 1_000;
        if (micros <= 0) {
            due(d);
            return;
        }
        try {
            timer.schedule(() -> due(d), micros, TimeUnit.MICROSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the next owner resumes it from its record
        }
    }

    private void due(Delivery d) {
        if (closed || active.get(d.id()) != d) {
            return; // replaced or finished meanwhile
        }
        EndpointLane lane = lanes.computeIfAbsent(d.endpoint(), n -> new EndpointLane(settings.concurrency(),
                settings.circuitOpen()));
        Instant now = clock.instant();
        switch (lane.offer(d, now)) {
            case EndpointLane.Decision.Start s -> start(lane, d);
            case EndpointLane.Decision.Queued q -> { }
            case EndpointLane.Decision.Later l -> later(d, l.at(), now);
        }
    }

    /**
     * Put back until the lane opens (no attempt made or counted); dead once it has waited twice the
     * retry schedule's total since it was queued, so that an endpoint whose breaker never closes does
     * not keep its deliveries for ever.
     */
    private void later(Delivery d, Instant when, Instant now) {
        alerts.remove(d.id()); // nor while the lane is open or paused
        Duration limit = retry.window().multipliedBy(2);
        if (Duration.between(d.queued(), now).compareTo(limit) > 0) {
            if (settle(d, d.dead(null, "the endpoint could not be tried (its circuit breaker stayed open) for " + limit
                    + " since the delivery was queued", now, writerId))) {
                metrics.deadWithoutAttempt(d.endpoint());
            }
            return;
        }
        at(d, when);
    }

    private void start(EndpointLane lane, Delivery d) {
        try {
            attempts.execute(() -> run(lane, d));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            lane.done(EndpointLane.Result.NEUTRAL, clock.instant(), null); // closing
        }
    }

    private void run(EndpointLane lane, Delivery d) {
        Outcome o = Outcome.NONE;
        try {
            if (active.get(d.id()) == d && !closed) {
                o = attempt(d);
                if (settle(d, o.next())) {
                    if (o.latencyMs() >= 0) {
                        metrics.attempt(d.endpoint(), o.next().status(), o.latencyMs());
                    } else {
                        metrics.deadWithoutAttempt(d.endpoint());
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("delivery {} to endpoint {} failed unexpectedly; it stays as it was", d.id(), d.endpoint(), e);
        } finally {
            Instant now = clock.instant();
            EndpointLane.Next next = lane.done(o.breaker(), now, o.pause());
            next.start().forEach(x -> start(lane, x));
            next.deferred().forEach(x -> later(x, next.later(), now));
        }
    }

    /**
     * Moves {@code d} on to {@code next} if {@code d} is still its active state: writes it, and keeps
     * running it when it is not finished.
     *
     * @return false if {@code d} was no longer active (nothing written)
     */
    private boolean settle(Delivery d, Delivery next) {
        boolean ours = next.status().finished() ? active.remove(d.id(), d) : active.replace(d.id(), d, next);
        if (!ours) {
            return false;
        }
        alerts.remove(d.id()); // a retry (rare) parses the alert again: trees are not kept for hours
        writer.send(next);
        if (!next.status().finished()) {
            at(next, next.nextAttemptAt());
        }
        return true;
    }

    /**
     * How one attempt went.
     *
     * @param next the delivery after it
     * @param breaker what it means for the endpoint's breaker
     * @param pause the endpoint's {@code Retry-After}; null when none
     * @param latencyMs how long it took; -1 when no request was made
     */
    private record Outcome(Delivery next, EndpointLane.Result breaker, Duration pause, long latencyMs) {
        static final Outcome NONE = new Outcome(null, EndpointLane.Result.NEUTRAL, null, -1);
    }

    private Outcome attempt(Delivery d) {
        Instant now = clock.instant();
        Optional<WebhookDefinition> found = catalog.get().webhook(d.endpoint());
        if (found.isEmpty() || !found.get().enabled()) {
            String why = found.isEmpty() ? "endpoint " + d.endpoint() + " was deleted"
                    : "endpoint " + d.endpoint() + " is disabled" + (found.get().disabledReason() == null ? ""
                    : " (" + found.get().disabledReason() + ")");
            return new Outcome(d.dead(null, why, now, writerId), EndpointLane.Result.NEUTRAL, null, -1);
        }
        WebhookDefinition e = found.get();
        URI url;
        Payloads.Body body;
        List<String> keys = new ArrayList<>();
        try {
            url = AddressGuard.parse(e.url());
            JsonNode alert = alerts.get(d.id());
            body = Payloads.body(Format.ofLabel(e.format()), d, alert != null ? alert : Payloads.parse(d.alert()));
            keys.add(secrets.open(e.name(), e.secret()));
            if (e.inRotation(now)) {
                keys.add(secrets.open(e.name(), e.previousSecret()));
            }
        } catch (IllegalArgumentException | IllegalStateException x) {
            return failed(d, new Delivery.Attempt(now, null, 0, x.getMessage()), now, Optional.empty(),
                    EndpointLane.Result.NEUTRAL, null, 0);
        }
        long timestamp = now.getEpochSecond();
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(
                Map.entry("Content-Type", body.contentType()),
                Map.entry("User-Agent", USER_AGENT),
                Map.entry("webhook-id", d.id()),
                Map.entry("webhook-timestamp", Long.toString(timestamp)),
                Map.entry("webhook-signature", Signatures.header(keys, d.id(), timestamp, body.bytes()))));
        if (d.traceparent() != null) {
            headers.add(Map.entry("traceparent", d.traceparent()));
        }
        long t0 = System.nanoTime();
        try {
            HttpPost.Answer a = http.post(url, headers, body.bytes(), settings.timeout());
            return answered(d, e, a, now, (System.nanoTime() - t0) / 1_000_000);
        } catch (AddressGuard.Refused r) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return new Outcome(d.dead(new Delivery.Attempt(now, null, ms, "refused by the SSRF guard: " + r.getMessage()),
                    "refused by the SSRF guard: " + r.getMessage(), now, writerId), EndpointLane.Result.NEUTRAL, null, ms);
        } catch (IOException x) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return failed(d, new Delivery.Attempt(now, null, ms, describe(x)), now, Optional.empty(),
                    EndpointLane.Result.FAILURE, null, ms);
        }
    }

    private Outcome answered(Delivery d, WebhookDefinition e, HttpPost.Answer a, Instant now, long ms) {
        int status = a.status();
        if (status / 100 == 2) {
            return new Outcome(d.delivered(new Delivery.Attempt(now, status, ms, null), writerId),
                    EndpointLane.Result.SUCCESS, null, ms);
        }
        String error = "HTTP " + status + (status / 100 == 3 ? ": redirect" + (a.headers().containsKey("location")
                ? " to " + HttpPost.clean(a.headers().get("location")) : "") + " not followed"
                : a.excerpt().isEmpty() ? "" : ": " + a.excerpt());
        Delivery.Attempt attempt = new Delivery.Attempt(now, status, ms, error);
        if (status == 410) {
            String reason = "answered 410 Gone at " + now + " (delivery " + d.id() + ")";
            disable.accept(e.name(), reason);
            deadAll(e.name(), d, now, "endpoint " + e.name() + " was disabled: it " + reason);
            return new Outcome(d.dead(attempt, "the endpoint answered 410 Gone: it is disabled", now, writerId),
                    EndpointLane.Result.NEUTRAL, null, ms);
        }
        Optional<Duration> asked = status == 429 || status == 503
                ? RetryPolicy.retryAfter(a.headers().get("retry-after"), now).map(retry::capped) : Optional.empty();
        EndpointLane.Result breaker = status == 429 ? EndpointLane.Result.NEUTRAL : EndpointLane.Result.FAILURE;
        return failed(d, attempt, now, asked, breaker, asked.orElse(null), ms);
    }

    /** A retry due at the schedule's next time (or later, as asked), or dead after the last attempt. */
    private Outcome failed(Delivery d, Delivery.Attempt attempt, Instant now, Optional<Duration> asked,
                           EndpointLane.Result breaker, Duration pause, long ms) {
        int failed = d.attemptsThisRound() + 1;
        Optional<Instant> next = retry.next(failed, now, asked);
        Delivery after = next.isPresent() ? d.failed(attempt, next.get(), writerId)
                : d.dead(attempt, "gave up after " + failed + (failed == 1 ? " attempt" : " attempts") + ": "
                        + attempt.error(), now, writerId);
        return new Outcome(after, breaker, pause, ms);
    }

    /** Dead-letters every other active delivery of an endpoint that was disabled. */
    private void deadAll(String endpoint, Delivery except, Instant now, String why) {
        for (Delivery other : List.copyOf(active.values())) {
            if (other.endpoint().equals(endpoint) && !other.id().equals(except.id())
                    && settle(other, other.dead(null, why, now, writerId))) {
                metrics.deadWithoutAttempt(endpoint);
            }
        }
    }

    /** What went wrong, for the attempt's error: never a stack trace, never a secret. */
    static String describe(IOException x) {
        return switch (x) {
            case SocketTimeoutException t -> t.getMessage();
            case ConnectException c -> "cannot connect: " + c.getMessage();
            case UnknownHostException u -> "unknown host " + u.getMessage();
            case SSLException s -> "TLS: " + s.getMessage();
            default -> x.getMessage() == null ? x.getClass().getSimpleName() : x.getMessage();
        };
    }

    /**
     * Stops: no new attempt starts; attempts in flight get until their timeout to end and write what
     * they got (what does not end is resumed by the next owner from its last record).
     */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        attempts.shutdown();
        try {
            attempts.awaitTermination(settings.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        attempts.shutdownNow();
        http.close();
    }
}
