package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadFailuresTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Counter counter = Counter.builder().name("failures").labelNames("response")
            .register(new PrometheusRegistry());
    private final ThreadFailures failures = new ThreadFailures(3, 60_000, now::get, counter);

    @Test
    void aFailedThreadIsReplacedUntilTooManyFailWithinTheWindow() {
        for (int i = 0; i < 3; i++) {
            assertThat(failures.respond(new RuntimeException("Kafka away"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            now.addAndGet(1_000);
        }
        assertThat(failures.respond(new RuntimeException("again"))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(counter.labelValues("replace").get()).isEqualTo(3);
        assertThat(counter.labelValues("shutdown").get()).isEqualTo(1);
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        for (int i = 0; i < 10; i++) {
            assertThat(failures.respond(new RuntimeException("now and then")))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            now.addAndGet(30_000); // two failures per minute at most: never more than 3 in the window
        }
        assertThat(counter.labelValues("shutdown").get()).isZero();
    }
}
