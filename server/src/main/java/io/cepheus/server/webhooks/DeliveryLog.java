package io.cepheus.server.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery log: the deliveries topic materialised on this node. A thread reads the topic (one
 * partition, compacted, no consumer group: every node reads all of it) and keeps the latest record
 * of each delivery in memory, indexed by endpoint (newest first), by alert, and by status for each
 * endpoint's counts; a delivered one without its alert. So every node answers the REST API's
 * questions about deliveries alike, and the dispatcher that takes over an alerts partition finds the
 * deliveries to resume here. Records are deleted (tombstones) by the dispatcher that owns them once
 * they are older than the retention, so the log holds the deliveries of that period.
 *
 * <p>Thread-safe: one thread applies records, any thread reads. Listeners run on the reading thread.
 */
public final class DeliveryLog implements AutoCloseable {

    /** Entries one filtered page walks at most. */
    static final int SCAN_BUDGET = 100_000;

    private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Newest first, then by id. */
    private static final Comparator<Order> NEWEST_FIRST = Comparator.comparingLong(Order::millis).reversed()
            .thenComparing(Order::id);
    private static final Comparator<Order> OLDEST_FIRST = Comparator.comparingLong(Order::millis)
            .thenComparing(Order::id);

    /** A delivery's place in an ordered index: a time and its id. */
    record Order(long millis, String id) {
        /** As a cursor: {@code millis:id}. */
        String cursor() {
            return millis + ":" + id;
        }

        /** @throws IllegalArgumentException if {@code cursor} is not one {@link #cursor()} gave */
        static Order ofCursor(String cursor) {
            int colon = cursor.indexOf(':');
            if (colon < 1 || !cursor.substring(0, colon).matches("\\d{1,18}")) {
                throw new IllegalArgumentException("not a cursor of the delivery log");
            }
            return new Order(Long.parseLong(cursor.substring(0, colon)), cursor.substring(colon + 1));
        }
    }

    /**
     * An endpoint's deliveries in the log.
     *
     * @param pending waiting for their first attempt
     * @param failed waiting for a retry
     * @param delivered answered 2xx
     * @param dead dead-lettered
     * @param oldestPendingAge how long the oldest delivery not yet delivered or dead has waited since it
     *     was queued; null when there is none
     */
    public record Stats(long pending, long failed, long delivered, long dead, Duration oldestPendingAge) {}

    /** A page of an endpoint's deliveries, newest first, and the cursor after it (null at the end). */
    public record Listing(List<Delivery> items, String next) {}

    /** One endpoint's indexes. */
    private static final class Endpoint {
        final ConcurrentSkipListMap<Order, String> byCreated = new ConcurrentSkipListMap<>(NEWEST_FIRST);
        final ConcurrentSkipListSet<Order> unfinishedByQueued = new ConcurrentSkipListSet<>(OLDEST_FIRST);
        final AtomicLongArray counts = new AtomicLongArray(Delivery.Status.values().length);
    }

    private final TopicPartition partition;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final Thread thread;
    private final Map<String, Delivery> byId = new ConcurrentHashMap<>();
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byAlert = new ConcurrentHashMap<>();
    private final List<Consumer<Delivery>> listeners = new CopyOnWriteArrayList<>();
    private final Object read = new Object();
    private volatile long position;
    private volatile boolean closed;
    private volatile RuntimeException failure;
    private volatile long malformed;

    /**
     * @param consumerConfig a consumer's configuration in no group ({@code KafkaClients.reader})
     * @param adminConfig an admin client's, to learn the topic's end
     * @param topic the deliveries topic (its partition 0 is read)
     */
    public DeliveryLog(Map<String, Object> consumerConfig, Map<String, Object> adminConfig, String topic) {
        this.partition = new TopicPartition(topic, 0);
        this.consumer = new KafkaConsumer<>(consumerConfig);
        this.admin = Admin.create(adminConfig);
        this.thread = new Thread(this::run, "cepheus-delivery-log");
        thread.setDaemon(true);
    }

    /** Starts reading the topic from its start. */
    public void start() {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        thread.start();
    }

    /** Whether it reads (false once its thread failed or it closed). */
    public boolean isReading() {
        return thread.isAlive() && failure == null && !closed;
    }

    /** Records that were not deliveries (skipped, logged). */
    public long malformedRecords() {
        return malformed;
    }

    /** Calls {@code listener} with every delivery record applied from now on, on the reading thread. */
    void onRecord(Consumer<Delivery> listener) {
        listeners.add(listener);
    }

    /**
     * Waits until the log holds every record written before this call.
     *
     * @throws IllegalStateException if that takes longer than {@code timeout}
     */
    public void awaitCaughtUp(Duration timeout) {
        long end;
        try {
            end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end of the deliveries topic " + partition.topic() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the deliveries topic", e);
        }
        awaitOffset(end, timeout);
    }

    /**
     * Waits until the log holds the record before {@code offset} (a write's offset plus one).
     *
     * @throws IllegalStateException if that takes longer than {@code timeout}, or the log failed
     */
    public void awaitOffset(long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (read) {
            while (position < offset) {
                if (failure != null || closed) {
                    throw new IllegalStateException("the deliveries topic is not read" + (failure == null ? ""
                            : ": " + failure.getMessage()));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the deliveries topic was read up to offset " + position + ", not "
                            + offset + ", within " + timeout.toMillis() + " ms");
                }
                try {
                    read.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading the deliveries topic", e);
                }
            }
        }
    }

    /** The delivery, as its latest record says. */
    public Optional<Delivery> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every delivery of one alert, by endpoint. */
    public List<Delivery> ofAlert(String alertId) {
        Set<String> ids = byAlert.getOrDefault(alertId, Set.of());
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparing(Delivery::endpoint)).toList();
    }

    /**
     * An endpoint's deliveries, newest first.
     *
     * @param status only those in this state, if given
     * @param cursor the {@link Listing#next()} of the previous page, if any
     * @throws IllegalArgumentException for a cursor this log did not give
     */
    public Listing page(String endpoint, Optional<Delivery.Status> status, Optional<String> cursor, int limit) {
        Endpoint e = endpoints.get(endpoint);
        if (e == null) {
            return new Listing(List.of(), null);
        }
        Map<Order, String> walk = cursor.isPresent() ? e.byCreated.tailMap(Order.ofCursor(cursor.get()), false)
                : e.byCreated;
        List<Delivery> items = new ArrayList<>();
        int walked = 0;
        Order last = null;
        for (Map.Entry<Order, String> entry : walk.entrySet()) {
            if (items.size() == limit || walked++ == SCAN_BUDGET) {
                return new Listing(items, last == null ? entry.getKey().cursor() : last.cursor());
            }
            last = entry.getKey();
            Delivery d = byId.get(entry.getValue());
            if (d != null && (status.isEmpty() || d.status() == status.get())) {
                items.add(d);
            }
        }
        return new Listing(items, null);
    }

    /** An endpoint's dead deliveries created at or after {@code since}, oldest first. */
    public List<Delivery> dead(String endpoint, Instant since) {
        Endpoint e = endpoints.get(endpoint);
        if (e == null) {
            return List.of();
        }
        List<Delivery> dead = new ArrayList<>();
        for (String id : e.byCreated.headMap(new Order(since.toEpochMilli() - 1, ""), false).values()) {
            Delivery d = byId.get(id);
            if (d != null && d.status() == Delivery.Status.DEAD) {
                dead.add(d);
            }
        }
        return dead.reversed();
    }

    /** An endpoint's counts by status, and the age of its oldest unfinished delivery at {@code now}. */
    public Stats stats(String endpoint, Instant now) {
        Endpoint e = endpoints.get(endpoint);
        if (e == null) {
            return new Stats(0, 0, 0, 0, null);
        }
        Order oldest = e.unfinishedByQueued.isEmpty() ? null : first(e.unfinishedByQueued);
        return new Stats(e.counts.get(Delivery.Status.PENDING.ordinal()), e.counts.get(Delivery.Status.FAILED.ordinal()),
                e.counts.get(Delivery.Status.DELIVERED.ordinal()), e.counts.get(Delivery.Status.DEAD.ordinal()),
                oldest == null ? null : Duration.ofMillis(Math.max(0, now.toEpochMilli() - oldest.millis())));
    }

    /** Dead deliveries of every endpoint, for the metrics. */
    Map<String, Long> deadByEndpoint() {
        Map<String, Long> dead = new HashMap<>();
        endpoints.forEach((name, e) -> dead.put(name, e.counts.get(Delivery.Status.DEAD.ordinal())));
        return dead;
    }

    /** The deliveries not yet delivered or dead of the alerts partitions {@code owned}. */
    List<Delivery> unfinished(IntPredicate owned) {
        return byId.values().stream().filter(d -> !d.status().finished() && owned.test(d.partition())).toList();
    }

    /** The delivered and dead deliveries of {@code owned} partitions last changed before {@code cutoff}. */
    List<String> expired(IntPredicate owned, Instant cutoff) {
        return byId.values().stream().filter(d -> d.status().finished() && owned.test(d.partition())
                && d.updated().isBefore(cutoff)).map(Delivery::id).toList();
    }

    private static Order first(ConcurrentSkipListSet<Order> set) {
        try {
            return set.first();
        } catch (java.util.NoSuchElementException e) {
            return null; // emptied meanwhile
        }
    }

    private void run() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    apply(r);
                }
                synchronized (read) {
                    position = consumer.position(partition);
                    read.notifyAll();
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

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        String id = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
        Delivery next;
        try {
            next = r.value() == null ? null : DeliveryRecords.delivery(r.value());
        } catch (IllegalArgumentException e) {
            malformed++;
            log.warn("delivery record at offset {} (key '{}') skipped: {}", r.offset(), id, e.getMessage());
            return;
        }
        if (next != null && !next.id().equals(id)) {
            malformed++;
            log.warn("delivery record at offset {} skipped: its key '{}' is not its id '{}'", r.offset(), id, next.id());
            return;
        }
        Delivery before = next == null ? byId.remove(id) : byId.put(id, next);
        if (before != null) {
            unindex(before);
        }
        if (next != null) {
            index(next);
            for (Consumer<Delivery> l : listeners) {
                try {
                    l.accept(next);
                } catch (RuntimeException e) {
                    log.error("a listener of the delivery log failed", e);
                }
            }
        }
    }

    private void index(Delivery d) {
        Endpoint e = endpoints.computeIfAbsent(d.endpoint(), n -> new Endpoint());
        e.byCreated.put(new Order(d.created().toEpochMilli(), d.id()), d.id());
        e.counts.incrementAndGet(d.status().ordinal());
        if (!d.status().finished()) {
            e.unfinishedByQueued.add(new Order(d.queued().toEpochMilli(), d.id()));
        }
        byAlert.computeIfAbsent(d.alertId(), a -> ConcurrentHashMap.newKeySet()).add(d.id());
    }

    private void unindex(Delivery d) {
        Endpoint e = endpoints.get(d.endpoint());
        if (e != null) {
            e.byCreated.remove(new Order(d.created().toEpochMilli(), d.id()));
            e.counts.decrementAndGet(d.status().ordinal());
            e.unfinishedByQueued.remove(new Order(d.queued().toEpochMilli(), d.id()));
        }
        Set<String> ids = byAlert.get(d.alertId());
        if (ids != null) {
            ids.remove(d.id());
            if (ids.isEmpty()) {
                byAlert.remove(d.alertId());
            }
        }
    }

    private void fail(RuntimeException e) {
        log.error("the deliveries topic {} cannot be read", partition.topic(), e);
        synchronized (read) {
            failure = e;
            read.notifyAll();
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
        admin.close(Duration.ofSeconds(5));
    }
}
