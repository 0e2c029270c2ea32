package io.cepheus.server.dataplane;

import io.prometheus.metrics.core.metrics.Counter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the data plane does when a stream thread dies on an error that Kafka Streams does not handle
 * itself — typically Kafka unreachable for longer than a transaction may wait: the thread is
 * replaced (its tasks closed dirty and restored from their changelogs, so exactly-once holds and
 * the node comes back once Kafka does), unless threads died more than {@code limit} times within
 * {@code windowMillis}: then the error is taken to be one a new thread would meet again, and the
 * client stops (readiness turns false) rather than loop. Each response counted in
 * {@code cepheus_stream_thread_failures{response}}.
 *
 * <p>Thread-safe: stream threads call it.
 */
final class ThreadFailures {

    private static final Logger log = LoggerFactory.getLogger(ThreadFailures.class);

    private final int limit;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Counter failures;
    private final Deque<Long> recent = new ArrayDeque<>();

    ThreadFailures(int limit, long windowMillis, LongSupplier clock, Counter failures) {
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.clock = clock;
        this.failures = failures;
    }

    synchronized StreamThreadExceptionResponse respond(Throwable error) {
        long now = clock.getAsLong();
        while (!recent.isEmpty() && recent.peekFirst() <= now - windowMillis) {
            recent.removeFirst();
        }
        recent.addLast(now);
        if (recent.size() > limit) {
            log.error("the data plane stopped: {} stream thread failures within {} s, the last on", recent.size(),
                    windowMillis / 1000, error);
            failures.labelValues("shutdown").inc();
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        log.error("a stream thread failed ({} of at most {} within {} s); it is replaced and its tasks restored",
                recent.size(), limit, windowMillis / 1000, error);
        failures.labelValues("replace").inc();
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
