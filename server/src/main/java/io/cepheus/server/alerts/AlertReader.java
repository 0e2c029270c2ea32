package io.cepheus.server.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Materialises the alerts topic and the status topic into this node's {@link AlertIndex}: a thread
 * reads every partition of both ({@code read_committed}, no consumer group: every node reads all of
 * them), resuming from the offsets the index stored with what it applied; an index that has never
 * read a partition reads it from its start. Retention counts from when this node indexed an alert
 * (the record's timestamp is its event time, often far in the past on a replay): every {@link
 * #SWEEP} the index drops what it indexed longer ago than the retention.
 *
 * <p>Thread-safe. Lifecycle: {@link #start} once, {@link #close} any number of times.
 */
public final class AlertReader implements AutoCloseable {

    static final Duration SWEEP = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(AlertReader.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final AlertIndex index;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String alertsTopic;
    private final String statusTopic;
    private final Duration retention;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean closed;
    private volatile RuntimeException failure;
    private volatile long malformed;
    private final AtomicLong alertsRead = new AtomicLong();
    private final AtomicLong statusesRead = new AtomicLong();

    /**
     * @param consumerConfig a groupless reader's configuration ({@code KafkaClients.reader})
     * @param retention how long an alert stays in the index, from when it was indexed
     */
    public AlertReader(AlertIndex index, Map<String, Object> consumerConfig, String alertsTopic, String statusTopic,
                       Duration retention, Clock clock) {
        this.index = index;
        this.alertsTopic = alertsTopic;
        this.statusTopic = statusTopic;
        this.retention = retention;
        this.clock = clock;
        this.consumer = new KafkaConsumer<>(consumerConfig);
        this.thread = new Thread(this::run, "cepheus-alert-index");
        thread.setDaemon(true);
    }

    /** Assigns every partition of both topics at the index's offsets and starts reading. */
    public void start() {
        List<TopicPartition> alerts = consumer.partitionsFor(alertsTopic).stream()
                .map(p -> new TopicPartition(alertsTopic, p.partition())).toList();
        TopicPartition status = new TopicPartition(statusTopic, 0);
        List<TopicPartition> all = new ArrayList<>(alerts);
        all.add(status);
        consumer.assign(all);
        for (TopicPartition p : all) {
            OptionalLong stored = index.nextOffset(p.topic(), p.partition());
            if (stored.isPresent()) {
                consumer.seek(p, stored.getAsLong());
            } else {
                consumer.seekToBeginning(List.of(p));
            }
        }
        thread.start();
    }

    /** Whether it reads (false once its thread failed or it closed). */
    public boolean isReading() {
        return thread.isAlive() && failure == null && !closed;
    }

    /**
     * Records read since {@link #start}, by topic (the alerts topic's and the status topic's): a node
     * whose index resumes reads only what came after its stored offsets.
     */
    public Map<String, Long> recordsRead() {
        return Map.of(alertsTopic, alertsRead.get(), statusTopic, statusesRead.get());
    }

    /** Records that were neither an alert nor a status (skipped, logged). */
    public long malformedRecords() {
        return malformed;
    }

    private void run() {
        Instant nextSweep = clock.instant();
        try {
            while (!closed) {
                List<AlertIndex.Update> updates = new ArrayList<>();
                long indexed = clock.millis();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    updates.add(r.topic().equals(statusTopic)
                            ? new AlertIndex.StatusRecord(r.topic(), r.partition(), r.offset(),
                                    r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8), r.value())
                            : new AlertIndex.AlertRecord(r.topic(), r.partition(), r.offset(), indexed,
                                    r.value() == null ? new byte[0] : r.value()));
                }
                if (!updates.isEmpty()) {
                    malformed += index.apply(updates);
                    long statuses = updates.stream().filter(u -> u instanceof AlertIndex.StatusRecord).count();
                    statusesRead.addAndGet(statuses);
                    alertsRead.addAndGet(updates.size() - statuses);
                }
                Instant now = clock.instant();
                if (!now.isBefore(nextSweep)) {
                    int removed = index.expire(now.minus(retention));
                    if (removed > 0) {
                        log.debug("{} alerts older than {} left the index", removed, retention);
                    }
                    nextSweep = now.plus(SWEEP);
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

    private void fail(RuntimeException e) {
        log.error("the alerts topic {} cannot be read into the index", alertsTopic, e);
        failure = e;
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
