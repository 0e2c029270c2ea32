package io.cepheus.server.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One endpoint's lane on the node that dispatches its deliveries: at most {@code limit} attempts in
 * flight, the others due wait in arrival order; and a circuit breaker, so a slow or dead endpoint
 * holds only its own deliveries back. After {@value #FAILURES_TO_OPEN} failed attempts in a row the
 * lane opens for {@code openFor}: due deliveries are put back until then (no attempt is made or
 * counted); then it lets one attempt through (half-open), which closes it when it succeeds and opens
 * it again when it fails. An answer with {@code Retry-After} (429, 503) pauses the lane the same way
 * until then. Thread-safe (one lock per lane; nothing blocking under it).
 */
final class EndpointLane {

    static final int FAILURES_TO_OPEN = 5;

    /** What to do with a due delivery. */
    sealed interface Decision {
        /** Attempt it now (the lane counted it in flight). */
        record Start() implements Decision {}
        /** The lane holds it and starts it later. */
        record Queued() implements Decision {}
        /** Come back at {@code at}: the lane is open or paused. */
        record Later(Instant at) implements Decision {}
    }

    /** How an attempt went, for the breaker. */
    enum Result { SUCCESS, FAILURE, NEUTRAL }

    /** After an attempt: deliveries to start now, and deliveries to bring back at {@code later}. */
    record Next(List<Delivery> start, List<Delivery> deferred, Instant later) {}

    private static final Decision START = new Decision.Start();
    private static final Decision QUEUED = new Decision.Queued();

    private final int limit;
    private final Duration openFor;
    private final ArrayDeque<Delivery> waiting = new ArrayDeque<>();
    private int inFlight;
    private int failuresInARow;
    private Instant closedAt = Instant.MIN;

    EndpointLane(int limit, Duration openFor) {
        this.limit = limit;
        this.openFor = openFor;
    }

    synchronized Decision offer(Delivery d, Instant now) {
        if (now.isBefore(closedAt)) {
            return new Decision.Later(closedAt);
        }
        if (inFlight < allowed()) {
            inFlight++;
            return START;
        }
        waiting.add(d);
        return QUEUED;
    }

    /**
     * An attempt ended (or was skipped).
     *
     * @param pause the endpoint's {@code Retry-After}, if it gave one
     */
    synchronized Next done(Result result, Instant now, Duration pause) {
        inFlight--;
        switch (result) {
            case SUCCESS -> failuresInARow = 0;
            case FAILURE -> {
                failuresInARow++;
                if (failuresInARow >= FAILURES_TO_OPEN) {
                    closedAt = max(closedAt, now.plus(openFor));
                }
            }
            case NEUTRAL -> { }
        }
        if (pause != null && pause.isPositive()) {
            closedAt = max(closedAt, now.plus(pause));
        }
        if (now.isBefore(closedAt)) {
            List<Delivery> deferred = new ArrayList<>(waiting);
            waiting.clear();
            return new Next(List.of(), deferred, closedAt);
        }
        List<Delivery> start = new ArrayList<>();
        while (!waiting.isEmpty() && inFlight < allowed()) {
            start.add(waiting.poll());
            inFlight++;
        }
        return new Next(start, List.of(), closedAt);
    }

    /** Whether the breaker is open or half-open (after {@value #FAILURES_TO_OPEN} failures in a row). */
    synchronized boolean tripped() {
        return failuresInARow >= FAILURES_TO_OPEN;
    }

    /** Half-open after a trip: one attempt at a time. */
    private int allowed() {
        return failuresInARow >= FAILURES_TO_OPEN ? 1 : limit;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
