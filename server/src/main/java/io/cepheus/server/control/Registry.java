package io.cepheus.server.control;

import io.cepheus.server.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control topic materialised on this node: a thread reads the topic's one partition from the
 * start (no consumer group: every node reads all of it) and publishes a new {@link Catalog} once it
 * has read what is committed (or has held records for a second), to {@link #catalog()} and to the
 * listeners: records written together ({@link ControlTopic#atomically}) make one catalog, so the rule
 * set is compiled once for them and not once per record. Kafka is the only store: a restarted node
 * reads the (compacted) topic again.
 *
 * <p>Thread-safe. Listeners run on the registry's thread, one batch at a time, in order.
 */
public final class Registry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Registry.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long records already read may wait for the rest of what is committed before a catalog is published. */
    private static final Duration MAX_UNPUBLISHED = Duration.ofSeconds(1);

    private final KafkaClients clients;
    private final TopicPartition partition;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Consumer<Catalog>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Thread thread;
    private volatile Catalog catalog = Catalog.EMPTY;
    private volatile long malformed;
    private volatile boolean closed;
    private volatile RuntimeException failure;

    public Registry(KafkaClients clients, String topic) {
        this.clients = clients;
        this.partition = new TopicPartition(topic, 0);
        this.consumer = new KafkaConsumer<>(clients.reader("cepheus-control-" + topic));
        this.thread = new Thread(this::run, "cepheus-control");
        thread.setDaemon(true);
    }

    /** Starts reading the topic. */
    public void start() {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        thread.start();
    }

    /** The catalog as read so far. */
    public Catalog catalog() {
        return catalog;
    }

    /** Whether the registry reads the topic (false once its thread failed or it closed). */
    public boolean isReading() {
        return thread.isAlive() && failure == null && !closed;
    }

    /** Control records that could not be read (skipped, logged). */
    public long malformedRecords() {
        return malformed;
    }

    /** Calls {@code listener} with every catalog published from now on (on the registry's thread). */
    public void onChange(Consumer<Catalog> listener) {
        listeners.add(listener);
    }

    /**
     * Waits until the catalog holds every record written before this call: what this node then
     * deploys is what the topic says.
     *
     * @throws ControlException if that takes longer than {@code timeout}
     */
    public Catalog awaitCaughtUp(Duration timeout) {
        long end;
        try (Admin admin = Admin.create(clients.admin())) {
            end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .partitionResult(partition).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new ControlException("cannot read the end of the control topic " + partition.topic() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted while reading the control topic", e);
        }
        return awaitOffset(end, timeout);
    }

    /**
     * Waits until the catalog holds the record at {@code offset - 1} (the offset a write returned,
     * plus one): read-your-writes for a node that wrote to the control topic.
     *
     * @throws ControlException if that takes longer than {@code timeout}, or the registry failed
     */
    public Catalog awaitOffset(long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (catalog.offset() < offset) {
                if (failure != null) {
                    throw new ControlException("the control topic cannot be read: " + failure.getMessage(), failure);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    throw new ControlException("the control topic " + partition.topic() + " was read up to offset "
                            + catalog.offset() + ", not " + offset + ", within " + timeout.toSeconds() + " s");
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ControlException("interrupted while reading the control topic", e);
                }
            }
            return catalog;
        }
    }

    private void run() {
        try {
            Catalog.Builder next = null;
            long since = 0;
            while (!closed) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (next == null) {
                    next = catalog.toBuilder();
                    since = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    apply(next, r);
                }
                if (behind() && System.nanoTime() - since < MAX_UNPUBLISHED.toNanos()) {
                    continue;
                }
                next.position(consumer.position(partition));
                Catalog built = next.build();
                next = null;
                if (built.offset() != catalog.offset()) {
                    publish(built);
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                fail(e);
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Whether committed records are known to wait after the position (the lag as of the last fetch). */
    private boolean behind() {
        OptionalLong lag = consumer.currentLag(partition);
        return lag.isPresent() && lag.getAsLong() > 0;
    }

    private void apply(Catalog.Builder next, ConsumerRecord<byte[], byte[]> r) {
        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
        try {
            next.apply(r.offset(), key, r.value());
        } catch (IllegalArgumentException e) {
            malformed++;
            log.warn("control record at offset {} (key '{}') skipped: {}", r.offset(), key, e.getMessage());
        }
    }

    private void publish(Catalog built) {
        synchronized (lock) {
            catalog = built;
            lock.notifyAll();
        }
        for (Consumer<Catalog> l : listeners) {
            try {
                l.accept(built);
            } catch (RuntimeException e) {
                log.error("a listener of the control topic failed", e);
            }
        }
    }

    private void fail(RuntimeException e) {
        log.error("the control topic {} cannot be read", partition.topic(), e);
        synchronized (lock) {
            failure = e;
            lock.notifyAll();
        }
    }

    /** Stops reading. Idempotent. */
    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
