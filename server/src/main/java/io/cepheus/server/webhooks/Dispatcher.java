package io.cepheus.server.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.cepheus.server.config.WebhookSettings;
import io.cepheus.server.control.Catalog;
import io.cepheus.server.control.ControlException;
import io.cepheus.server.control.ControlTopic;
import io.cepheus.server.control.Deployments;
import io.cepheus.server.control.Registry;
import io.cepheus.server.control.WebhookDefinition;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSocketFactory;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook dispatcher of one node: turns alerts into deliveries and runs them.
 *
 * <p><b>One owner per alerts partition.</b> The dispatchers of all nodes are one Kafka consumer group
 * on the alerts topic ({@code read_committed}), so each partition's alerts are dispatched by exactly
 * one node, and when a node goes (or comes) the group moves its partitions to the others. A node's
 * group member id is kept in its data directory (static membership, KIP-345): a node restarted after
 * {@code kill -9} takes its partitions back at once instead of after the session timeout.
 *
 * <p><b>Durable state in Kafka.</b> For each alert the {@link Router} names the endpoints; each
 * delivery ({@link Delivery}, id = webhook-id from alert id and endpoint) is written as a pending
 * record to the deliveries topic, and the alerts partition's offset is committed only after the
 * records of its alerts are acknowledged (at least once: an alert read again after a crash finds its
 * deliveries in the log and makes none twice; so the commit itself is not waited for). Every later change — each attempt's outcome — is a
 * record too, so the deliveries topic holds every delivery's state: a node that takes over a
 * partition first reads the log to its end, then resumes every unfinished delivery of that partition
 * at its next attempt. A delivery queued by someone else — a test or a replay asked through the REST
 * API on any node — is a pending record written by {@code api:NODE}; the owner of its partition sees
 * it in the log and runs it.
 *
 * <p><b>Attempts</b> run at once, beside the write of the pending record ({@link DeliveryRunner}); a
 * slow or dead endpoint holds back only its own lane. When more than {@value #MAX_ACTIVE} deliveries
 * are unfinished here, the dispatcher stops reading alerts until they are fewer than 90 % of that.
 * Every minute it deletes (tombstones) the finished deliveries of its partitions older than {@code
 * webhook.retention}.
 *
 * <p>A new group starts at the end of the alerts topic: alerts written before the dispatchers first
 * ran are not delivered. Lifecycle: {@link #start} once, {@link #close} any number of times.
 */
public final class Dispatcher implements AutoCloseable {

    /** Unfinished deliveries above which the dispatcher stops reading alerts. */
    static final int MAX_ACTIVE = 100_000;

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration SWEEP = Duration.ofMinutes(1);

    /**
     * Where and how it runs.
     *
     * @param alertsTopic the alerts topic
     * @param groupId the dispatchers' consumer group (the deployment's)
     * @param memberId this node's static member id in it (the same across restarts of the node)
     * @param webhooks the webhook settings
     * @param sessionTimeout how long the group waits for a silent node
     * @param kafkaTimeout how long a wait for Kafka may take
     */
    public record Settings(String alertsTopic, String groupId, String memberId, WebhookSettings webhooks,
                           Duration sessionTimeout, Duration kafkaTimeout) {}

    private final Settings settings;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DeliveryLog deliveries;
    private final DeliveryWriter writer;
    private final Registry control;
    private final ControlTopic controlTopic;
    private final Deployments deployments;
    private final DeliveryRunner runner;
    private final String writerId;
    private final Clock clock;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private final Object joined = new Object();
    private volatile boolean hasJoined;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile RuntimeException failure;
    private volatile Router router;
    private Instant nextSweep;
    private boolean paused;

    /**
     * @param consumerConfig a consumer's configuration (group, member id and offsets are set here)
     * @param deliveries this node's delivery log (read to its end before a partition is taken over)
     * @param control the control topic as this node reads it: endpoints, and the catalog the rules come from
     * @param controlTopic where an endpoint that answered 410 is disabled
     * @param deployments what runs: the rules' {@code notify} names
     * @param secrets decrypts the endpoints' signing secrets
     * @param registry where its metrics go
     */
    public Dispatcher(Settings settings, Map<String, Object> consumerConfig, DeliveryLog deliveries,
                      DeliveryWriter writer, Registry control, ControlTopic controlTopic, Deployments deployments,
                      SecretBox secrets, PrometheusRegistry registry, Clock clock) {
        this.settings = settings;
        this.deliveries = deliveries;
        this.writer = writer;
        this.control = control;
        this.controlTopic = controlTopic;
        this.deployments = deployments;
        this.clock = clock;
        this.writerId = settings.memberId() + "/" + Long.toHexString(System.nanoTime() ^ clock.millis());
        this.runner = new DeliveryRunner(control::catalog, this::disable, writer, secrets,
                new HttpPost(new AddressGuard(settings.webhooks().allowLoopback()),
                        (SSLSocketFactory) SSLSocketFactory.getDefault(), settings.webhooks().concurrency()),
                settings.webhooks(), registry, deliveries::deadByEndpoint, () -> owned.size(), writerId, clock);
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.memberId());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "cepheus-webhooks");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        // incremental rebalances: a node keeps running the partitions it keeps while others move
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName());
        long session = settings.sessionTimeout().toMillis();
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, session));
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.min(3_000, session / 3));
        this.consumer = new KafkaConsumer<>(config);
        this.thread = new Thread(this::run, "cepheus-webhooks");
        thread.setDaemon(true);
        deliveries.onRecord(this::queuedElsewhere);
    }

    /**
     * Joins the group and starts dispatching; returns once this node has its first assignment (its
     * partitions' offsets committed, so no alert written from now on is missed).
     *
     * @throws IllegalStateException if that takes longer than the Kafka timeout
     */
    public void start() {
        started = true;
        thread.start();
        long deadline = System.nanoTime() + settings.kafkaTimeout().toNanos();
        synchronized (joined) {
            while (!hasJoined && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the webhook dispatcher did not join its consumer group "
                            + settings.groupId() + " within " + settings.kafkaTimeout().toSeconds() + " s");
                }
                try {
                    joined.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the webhook dispatcher joined its group", e);
                }
            }
        }
        if (failure != null) {
            throw new IllegalStateException("the webhook dispatcher failed: " + failure.getMessage(), failure);
        }
    }

    /** Whether it dispatches (false once its thread failed or it closed). */
    public boolean isRunning() {
        return thread.isAlive() && failure == null && !closed;
    }

    /** The unfinished deliveries this node dispatches. */
    Collection<Delivery> active() {
        return runner.active();
    }

    private void run() {
        consumer.subscribe(List.of(settings.alertsTopic()), new Rebalance());
        nextSweep = clock.instant().plus(SWEEP);
        try {
            while (!closed) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    dispatch(records);
                }
                backPressure();
                sweep();
            }
        } catch (WakeupException e) {
            if (!closed) {
                fail(e);
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
        }
    }

    /** One poll's alerts: their deliveries written, then the offsets committed. */
    private void dispatch(ConsumerRecords<byte[], byte[]> records) {
        Router r = router();
        Catalog catalog = control.catalog();
        Instant now = clock.instant();
        List<Delivery> made = new ArrayList<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            first.putIfAbsent(tp, record.offset());
            offsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
            JsonNode alert = alertOf(record);
            for (Delivery d : deliveriesOf(record, alert, r, catalog, now)) {
                sent.add(writer.send(d));
                made.add(d);
                runner.schedule(d, alert);
            }
        }
        writer.flush();
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get(settings.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            log.error("webhook deliveries were not written to the deliveries topic ({}); their alerts are read again",
                    e.getMessage());
            made.forEach(runner::forget);
            first.forEach(consumer::seek);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing deliveries", e);
        }
        // not waited for: the next alerts need not wait on it. One that is lost (a crash, a rebalance)
        // has alerts read again, whose deliveries the log holds already: none is made twice.
        consumer.commitAsync(offsets, (committed, e) -> {
            if (e != null) {
                log.warn("webhooks: alerts offsets not committed ({}); those alerts may be read again", e.getMessage());
            }
        });
    }

    /** The alert of a record, parsed once for routing and every delivery's body; null if it has none. */
    private static JsonNode alertOf(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return Payloads.parse(new String(record.value(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            log.warn("alert record at {}-{}@{} is not a JSON object; no webhook", record.topic(), record.partition(),
                    record.offset());
            return null;
        }
    }

    /** The new deliveries of one alert: one per endpoint that takes it and has none of it yet. */
    private List<Delivery> deliveriesOf(ConsumerRecord<byte[], byte[]> record, JsonNode alert, Router r,
                                        Catalog catalog, Instant now) {
        String alertId = alert == null ? "" : alert.path("id").asText("");
        if (alertId.isEmpty()) {
            return List.of();
        }
        String text = new String(record.value(), StandardCharsets.UTF_8);
        Header trace = record.headers().lastHeader("traceparent");
        String traceparent = trace == null ? null : new String(trace.value(), StandardCharsets.UTF_8);
        List<Delivery> made = new ArrayList<>();
        for (WebhookDefinition e : r.route(alert, catalog)) {
            String id = Delivery.idOf(alertId, e.name());
            if (!runner.isActive(id) && deliveries.get(id).isEmpty()) {
                made.add(Delivery.pending(id, e.name(), alertId, alert.path("rule").asText(), Delivery.FIRED,
                        record.partition(), now, writerId, text, traceparent));
            }
        }
        return made;
    }

    private Router router() {
        Router r = router;
        if (r == null || r.deployment() != deployments.current()) {
            r = new Router(deployments.current());
            router = r;
        }
        return r;
    }

    /** A pending delivery written by someone else (a test, a replay) for a partition of this node: run it. */
    private void queuedElsewhere(Delivery d) {
        if (!closed && d.status() == Delivery.Status.PENDING && !d.writer().equals(writerId)
                && owned.contains(d.partition())) {
            runner.schedule(d);
        }
    }

    private void backPressure() {
        int n = runner.active().size();
        if (!paused && n > MAX_ACTIVE) {
            consumer.pause(consumer.assignment());
            paused = true;
            log.warn("{} webhook deliveries are unfinished on this node: it reads no more alerts until they are fewer", n);
        } else if (paused && n < MAX_ACTIVE * 9 / 10) {
            consumer.resume(consumer.assignment());
            paused = false;
        }
    }

    /** Deletes the finished deliveries of this node's partitions that are older than the retention. */
    private void sweep() {
        Instant now = clock.instant();
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP);
        List<String> expired = deliveries.expired(owned::contains, now.minus(settings.webhooks().retention()));
        expired.forEach(writer::delete);
        if (!expired.isEmpty()) {
            log.debug("{} webhook deliveries older than {} deleted", expired.size(), settings.webhooks().retention());
        }
    }

    /** Disables an endpoint that answered 410 Gone (its next version, written to the control topic). */
    private void disable(String endpoint, String reason) {
        control.catalog().webhook(endpoint).filter(WebhookDefinition::enabled).ifPresent(e -> {
            try {
                controlTopic.put(e.withEnabled(false, reason).next(clock.instant()));
                log.warn("webhook endpoint {} disabled: it {}", endpoint, reason);
            } catch (ControlException x) {
                log.error("webhook endpoint {} {} but could not be disabled: {}", endpoint, reason, x.getMessage());
            }
        });
    }

    /** Partitions come and go: resume what the log says of new ones; commit the start of a new group. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Set<Integer> added = new java.util.HashSet<>();
            partitions.forEach(p -> added.add(p.partition()));
            owned.addAll(added);
            if (!added.isEmpty()) {
                try {
                    deliveries.awaitCaughtUp(settings.kafkaTimeout());
                } catch (IllegalStateException e) {
                    log.error("webhooks: the delivery log is behind ({}); resuming what it holds", e.getMessage());
                }
                List<Delivery> resumed = deliveries.unfinished(added::contains);
                resumed.stream().filter(d -> !runner.isActive(d.id())).forEach(runner::schedule);
                commitNewPartitions(partitions);
                log.info("webhooks: alerts partitions {} dispatched here; {} unfinished deliveries resumed", added,
                        resumed.size());
            }
            synchronized (joined) {
                hasJoined = true;
                joined.notifyAll();
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Set<Integer> gone = new java.util.HashSet<>();
            partitions.forEach(p -> gone.add(p.partition()));
            owned.removeAll(gone);
            runner.forget(gone::contains);
        }

        /** A partition without a committed offset starts at the topic's end, committed now. */
        private void commitNewPartitions(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (TopicPartition p : partitions) {
                if (committed.get(p) == null) {
                    start.put(p, new OffsetAndMetadata(consumer.position(p)));
                }
            }
            if (!start.isEmpty()) {
                consumer.commitSync(start);
            }
        }
    }

    private void fail(RuntimeException e) {
        log.error("the webhook dispatcher stopped", e);
        failure = e;
        synchronized (joined) {
            joined.notifyAll();
        }
    }

    /** Stops reading alerts (leaving the group, so that its partitions move at once), then the attempts. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (started) {
            consumer.wakeup();
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(Duration.ZERO);
        }
        runner.close();
        writer.flush();
    }
}
