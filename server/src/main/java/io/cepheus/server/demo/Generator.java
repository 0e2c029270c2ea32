package io.cepheus.server.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces the {@link Timeline}'s events to the topics of their streams as they come due: every
 * {@link #TICK} on a thread of its own, the events whose time has come by the clock, as JSON keyed by
 * the stream's key, each record's timestamp its event time. {@link #close} stops it, sends the
 * scenarios' farewells and waits for every record to be acknowledged.
 *
 * <p>A record the broker refuses, or a tick that fails, is counted and logged (the first, then every
 * thousandth); the demo goes on. Thread-safe.
 */
final class Generator implements AutoCloseable {

    static final Duration TICK = Duration.ofMillis(50);
    private static final Logger log = LoggerFactory.getLogger(Generator.class);

    private final Timeline timeline;
    private final Clock clock;
    private final Producer<byte[], byte[]> producer;
    private final Map<String, String> topics;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cepheus-demo");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private boolean closed;

    /**
     * @param topics each stream's topic; an event of a stream not in it is dropped
     */
    Generator(Timeline timeline, Clock clock, Producer<byte[], byte[]> producer, Map<String, String> topics) {
        this.timeline = timeline;
        this.clock = clock;
        this.producer = producer;
        this.topics = Map.copyOf(topics);
    }

    void start() {
        thread.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            List<DemoEvent> due;
            synchronized (this) {
                if (closed) {
                    return;
                }
                due = timeline.due(clock.instant());
            }
            due.forEach(this::send);
        } catch (RuntimeException e) { // the demo goes on; the next tick tries again
            if (failed.getAndIncrement() % 1000 == 0) {
                log.warn("the demo generator failed ({} failures so far): {}", failed.get(), e.toString());
            }
        }
    }

    private void send(DemoEvent e) {
        String topic = topics.get(e.stream());
        if (topic == null) {
            return;
        }
        byte[] value;
        try {
            value = json.writeValueAsBytes(e.fields());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write a demo event as JSON: " + ex.getMessage(), ex);
        }
        producer.send(new ProducerRecord<>(topic, null, e.time().toEpochMilli(),
                e.key().getBytes(StandardCharsets.UTF_8), value), (metadata, error) -> {
                    if (error == null) {
                        sent.incrementAndGet();
                    } else if (failed.getAndIncrement() % 1000 == 0) {
                        log.warn("the demo generator could not write to {} ({} failed so far): {}", topic,
                                failed.get(), error.toString());
                    }
                });
    }

    /** The runs planted so far, oldest first. */
    synchronized List<Planted> planted() {
        return timeline.planted();
    }

    /** Records acknowledged so far. */
    long sent() {
        return sent.get();
    }

    /** Stops producing, sends the farewells, waits for the acknowledgements and closes the producer. Idempotent. */
    @Override
    public void close() {
        List<DemoEvent> last;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            last = timeline.end(clock.instant());
        }
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        last.forEach(this::send);
        producer.close(Duration.ofSeconds(5));
    }
}
