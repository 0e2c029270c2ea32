package io.cepheus.server.dataplane;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Test harness: continuous input. Sends payments to a topic in order, keyed by card, at a steady
 * rate (a batch every 20 ms) from a thread of its own, while the test kills and restarts servers.
 */
final class PacedProducer implements AutoCloseable {

    private static final long TICK_MS = 20;

    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "paced-producer");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final String topic;
    private final List<PaymentsWorkload.Payment> payments;
    private final int perTick;
    private int next;

    /** Starts sending {@code payments} to {@code topic}, about {@code perSecond} a second. */
    PacedProducer(Cluster cluster, String topic, List<PaymentsWorkload.Payment> payments, int perSecond) {
        this.producer = new KafkaProducer<>(cluster.clients.producer());
        this.topic = topic;
        this.payments = List.copyOf(payments);
        this.perTick = Math.max(1, (int) (perSecond * TICK_MS / 1000));
        timer.scheduleAtFixedRate(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            for (int i = 0; i < perTick && next < payments.size(); i++, next++) {
                PaymentsWorkload.Payment p = payments.get(next);
                producer.send(new ProducerRecord<>(topic, p.card().getBytes(StandardCharsets.UTF_8),
                        p.line().getBytes(StandardCharsets.UTF_8)));
            }
            if (next == payments.size()) {
                producer.flush();
                done.complete(null);
                timer.shutdown();
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            timer.shutdown();
        }
    }

    /** Waits until every payment is sent and acknowledged. */
    void awaitSent(Duration timeout) {
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("producing failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("not every payment was sent within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether it is still sending. */
    boolean sending() {
        return !done.isDone();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(10));
    }
}
