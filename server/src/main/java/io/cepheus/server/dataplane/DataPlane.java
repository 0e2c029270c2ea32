package io.cepheus.server.dataplane;

import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.config.ServerConfig;
import io.cepheus.server.kafka.KafkaClients;
import io.cepheus.server.kafka.TopicSpec;
import io.cepheus.server.control.Deployment;
import io.cepheus.server.control.Deployments;
import io.cepheus.server.kafka.TopicStatus;
import io.cepheus.server.kafka.Topics;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.runtime.InputLimits;
import io.cepheus.server.runtime.PartialMatchCaps;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane: the deployed rules run over Kafka by Kafka Streams ({@link DataPlaneTopology}).
 * What runs is the node's current {@link Deployment}, which follows the control topic: rule changes
 * reach the running processors without a restart (each processor applies a newer deployment before
 * its next record); a change of the streams that rules read — a stream declared, changed or no
 * longer read — restarts Kafka Streams with a topology for the new streams (their topics created if
 * missing), on a thread of its own; the state stores and their changelogs carry over.
 *
 * <p>Lifecycle: {@link #start} once, {@link #close} any number of times, from any thread.
 */
public final class DataPlane implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DataPlane.class);
    /** Stream threads replaced after an error within {@link #THREAD_FAILURE_WINDOW} before the client stops. */
    private static final int THREAD_FAILURES = 10;
    private static final Duration THREAD_FAILURE_WINDOW = Duration.ofMinutes(10);
    /**
     * How long the chain topic keeps a record: the CEP tasks read each within moments of its commit;
     * this is how long a data plane can be stopped with chained alerts unread and still read them.
     */
    private static final Duration CHAIN_RETENTION = Duration.ofDays(7);

    private final ServerConfig config;
    private final Deployments deployments;
    private final DataPlaneMetrics metrics;
    private final ClusterPartialMatches clusterPartialMatches;
    private final ExecutorService restarts = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cepheus-dataplane-restart");
        t.setDaemon(true);
        return t;
    });
    private KafkaClients clients;
    private Duration timeout;
    private KafkaStreams kafkaStreams;
    /** The streams the running topology reads (empty: nothing runs). */
    private volatile List<SourceStream> sources = List.of();
    private volatile List<StreamLayout> running = List.of();
    private volatile List<TopicStatus> streamTopics = List.of();
    private volatile boolean restarting;
    private boolean closed;
    /** This node's {@code application.server}; null when it advertises none. */
    private PartialMatchQuery.Owner self;
    private DeadLetterCounter deadLetters;

    public DataPlane(ServerConfig config, Deployments deployments, PrometheusRegistry registry) {
        this.config = config;
        this.deployments = deployments;
        this.metrics = new DataPlaneMetrics(registry);
        this.clusterPartialMatches = new ClusterPartialMatches(metrics::partialMatches, this::otherNodes);
    }

    /**
     * Starts Kafka Streams for the current deployment on {@code clients}' cluster (when some rule
     * reads a stream) and waits until it runs; from then on follows the deployments.
     *
     * @param http the node's HTTP address, advertised as Kafka Streams' {@code application.server} so
     *     that interactive queries find the node that owns a key ({@link #partialMatchQuery()}); null
     *     to advertise none
     * @throws DataPlaneStartException if two streams read one topic, a stream has no time field, or
     *     Kafka Streams does not run within {@code timeout}
     */
    public synchronized void start(KafkaClients clients, Duration timeout, InetSocketAddress http) {
        if (closed) {
            throw new IllegalStateException("the data plane is closed");
        }
        this.clients = clients;
        this.timeout = timeout;
        this.self = http == null ? null : PartialMatchQuery.Owner.of(http);
        deadLetters = new DeadLetterCounter(clients.reader("cepheus-dead-letter-counts"), config.topics().deadLetter(), deployments,
                metrics.keys);
        deadLetters.start();
        Deployment d = deployments.current();
        run(d, checkedStreams(d));
        deployments.onChange(next -> restarts.execute(() -> follow(next)));
    }

    /** Restarts Kafka Streams when the streams that rules read changed; otherwise the processors follow by themselves. */
    private void follow(Deployment next) {
        if (next != deployments.current()) {
            return; // a newer one is queued behind this one
        }
        List<StreamLayout> streams;
        try {
            streams = checkedStreams(next);
        } catch (DataPlaneStartException e) {
            log.error("the deployment of control offset {} cannot run; the previous streams go on: {}",
                    next.generation(), e.getMessage());
            return;
        }
        synchronized (this) {
            if (closed || streams.equals(running)) {
                return;
            }
            log.info("the streams read changed ({} → {}): restarting Kafka Streams", names(running), names(streams));
            restarting = true;
            try {
                stopStreams();
                run(next, streams);
            } catch (RuntimeException e) {
                log.error("Kafka Streams did not restart for the new streams", e);
            } finally {
                restarting = false;
            }
        }
    }

    private static List<String> names(List<StreamLayout> streams) {
        return streams.stream().map(StreamLayout::name).toList();
    }

    /** The streams {@code d}'s rules read, checked: each its own topic and a time field. */
    private static List<StreamLayout> checkedStreams(Deployment d) {
        List<StreamLayout> read = d.streamsRead();
        Map<String, String> topicOwners = new LinkedHashMap<>();
        for (StreamLayout s : read) {
            String other = topicOwners.putIfAbsent(SourceStream.topicOf(s), s.name());
            if (other != null) {
                throw new DataPlaneStartException("streams " + other + " and " + s.name() + " both read topic "
                        + SourceStream.topicOf(s) + ": give each stream its own topic");
            }
            if (s.timeField() == null) {
                throw new DataPlaneStartException("stream " + s.name() + " declares no event-time field ('time FIELD')");
            }
        }
        return read;
    }

    /** Creates the streams' topics if missing, then starts Kafka Streams over them (nothing if there are none). */
    private void run(Deployment d, List<StreamLayout> streams) {
        running = streams;
        if (streams.isEmpty()) {
            sources = List.of();
            return;
        }
        Map<String, Integer> partitions;
        try (Admin admin = Admin.create(clients.admin())) {
            Topics topics = new Topics(admin, timeout);
            streamTopics = topics.ensure(streams.stream().map(s -> new TopicSpec(SourceStream.topicOf(s),
                    Optional.of(config.dataPlane().streamPartitions()), Map.of())).toList());
            partitions = topics.partitions(streams.stream().map(SourceStream::topicOf).toList());
        }
        List<SourceStream> list = new ArrayList<>();
        for (StreamLayout s : streams) {
            list.add(new SourceStream(s, SourceStream.topicOf(s), partitions.get(SourceStream.topicOf(s)),
                    SourceStream.idleTimeoutOf(s, config.processing().idleTimeout())));
        }
        this.sources = List.copyOf(list);
        int keyed = config.dataPlane().keyedPartitions()
                .orElseGet(() -> sources.stream().mapToInt(SourceStream::partitions).max().orElse(1));
        PartialMatchCaps caps = new PartialMatchCaps(config.processing().maxPartialMatches(),
                config.processing().maxPartialMatchesPerRule());
        String chainTopic = keyed > 1 ? chainTopic(keyed) : null;
        Topology topology = DataPlaneTopology.build(sources, deployments, config.topics(), keyed, chainTopic,
                InputLimits.DEFAULT, caps, metrics);
        Map<String, Object> props = clients.streams(config.dataPlane(), config.streamsDir(), config.processing(),
                self == null ? null : self.toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.TOPIC_CONFIG, config.topics().deadLetter());
        props.put(DeadLetterHandler.METRICS_CONFIG, metrics);
        kafkaStreams = new KafkaStreams(topology, new StreamsConfig(props));
        kafkaStreams.setGlobalStateRestoreListener(metrics.restore);
        metrics.streams(kafkaStreams);
        ThreadFailures failures = new ThreadFailures(THREAD_FAILURES, THREAD_FAILURE_WINDOW.toMillis(),
                System::currentTimeMillis, metrics.threadFailures);
        kafkaStreams.setUncaughtExceptionHandler(failures::respond);
        CompletableFuture<KafkaStreams.State> started = new CompletableFuture<>();
        kafkaStreams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR
                    || now == KafkaStreams.State.PENDING_ERROR || now == KafkaStreams.State.PENDING_SHUTDOWN
                    || now == KafkaStreams.State.NOT_RUNNING) {
                started.complete(now);
            }
        });
        kafkaStreams.start();
        awaitRunning(started, timeout);
    }

    /**
     * Creates the chain topic if missing ({@code keyed} partitions, as the repartition topic: a chained
     * alert keyed for a task must reach that task) and returns its name.
     *
     * @throws DataPlaneStartException if it exists with another number of partitions
     */
    private String chainTopic(int keyed) {
        String name = DataPlaneTopology.chainTopic(config.dataPlane().applicationId());
        try (Admin admin = Admin.create(clients.admin())) {
            Topics topics = new Topics(admin, timeout);
            topics.ensure(List.of(new TopicSpec(name, Optional.of(keyed), Map.of("retention.ms",
                    String.valueOf(CHAIN_RETENTION.toMillis())))));
            int found = topics.partitions(List.of(name)).get(name);
            if (found != keyed) {
                throw new DataPlaneStartException("topic " + name + " has " + found + " partitions where the repartition"
                        + " topic has " + keyed + ": chained alerts would not reach the tasks they are keyed for (delete"
                        + " it, or set keyed.partitions=" + found + ")");
            }
        }
        return name;
    }

    /** The rules that run, per stream they read (a rule over several streams under each). */
    public Map<String, List<String>> rulesByStream() {
        Map<String, List<String>> byStream = new LinkedHashMap<>();
        List<OfflineRule> rules = deployments.current().rules().rules();
        for (SourceStream s : sources) {
            byStream.put(s.name(), rules.stream().filter(r -> reads(r, s.name())).map(OfflineRule::name).toList());
        }
        return byStream;
    }

    /** All rules that run (including those that read alerts only). */
    public List<String> ruleNames() {
        return deployments.current().rules().rules().stream().map(OfflineRule::name).toList();
    }

    private static boolean reads(OfflineRule rule, String stream) {
        return rule.inputs().stream().anyMatch(i -> i.name().equals(stream));
    }

    /** The topics of the streams read, as found or created at the last (re)start. */
    public List<TopicStatus> streamTopics() {
        return streamTopics;
    }

    /** The topic of each stream read, as {@code stream -> topic}. */
    public Map<String, String> topics() {
        Map<String, String> t = new LinkedHashMap<>();
        sources.forEach(s -> t.put(s.name(), s.topic()));
        return t;
    }

    private void awaitRunning(CompletableFuture<KafkaStreams.State> started, Duration timeout) {
        KafkaStreams.State state;
        try {
            state = started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DataPlaneStartException("Kafka Streams is not running after " + timeout.toSeconds() + " s ("
                    + kafkaStreams.state() + ")");
        } catch (ExecutionException e) {
            throw new DataPlaneStartException("Kafka Streams failed to start: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataPlaneStartException("interrupted while Kafka Streams starts", e);
        }
        if (state != KafkaStreams.State.RUNNING) {
            throw new DataPlaneStartException("Kafka Streams stopped while starting (" + state + ")");
        }
    }

    /** The streams read and their topics' partitions; empty before {@link #start}. */
    public Map<String, Integer> partitionsByStream() {
        Map<String, Integer> p = new LinkedHashMap<>();
        sources.forEach(s -> p.put(s.name(), s.partitions()));
        return p;
    }

    /** True while Kafka Streams runs, or nothing needs to (for {@code /health/ready}); false while it restarts. */
    public boolean isRunning() {
        if (restarting) {
            return false;
        }
        KafkaStreams s = kafkaStreams;
        return s != null ? s.state() == KafkaStreams.State.RUNNING : running.isEmpty();
    }

    /**
     * Stops Kafka Streams, committing what was processed, and leaves the group so that the other
     * nodes (or this one, restarted) take the partitions over at once rather than after the session
     * timeout. Idempotent.
     */
    @Override
    public void close() {
        restarts.shutdownNow();
        synchronized (this) {
            closed = true;
            stopStreams();
            if (deadLetters != null) {
                deadLetters.close();
            }
        }
    }

    /**
     * Per stream and key, the late and dead-lettered records this node has counted: every node's dead
     * letters (read from the dead-letter topic) and the events late for this node's engines.
     */
    public KeyCounts keyCounts() {
        return metrics.keys;
    }

    private void stopStreams() {
        if (kafkaStreams != null) {
            kafkaStreams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            kafkaStreams = null;
        }
    }

    /**
     * Reads a rule and key's live partial matches on the node that owns the key (an interactive
     * query), for the rules that run now; empty while nothing runs or when the node advertises no
     * HTTP address.
     */
    public synchronized Optional<PartialMatchQuery> partialMatchQuery() {
        return kafkaStreams == null || self == null ? Optional.empty()
                : Optional.of(new PartialMatchQuery(kafkaStreams, self, deployments.current().rules().rules()));
    }

    /** The partial matches held now per rule, over this node and every other node of the data plane that answers. */
    public ClusterPartialMatches.Counts partialMatches() {
        return clusterPartialMatches.count();
    }

    /**
     * The other nodes of the data plane, as Kafka Streams' metadata names them (their HTTP addresses);
     * empty while nothing runs here or when this node advertises no address.
     */
    synchronized List<PartialMatchQuery.Owner> otherNodes() {
        if (kafkaStreams == null || self == null) {
            return List.of();
        }
        try {
            return kafkaStreams.metadataForAllStreamsClients().stream()
                    .map(m -> new PartialMatchQuery.Owner(m.hostInfo().host(), m.hostInfo().port()))
                    .filter(o -> o.port() >= 0 && !o.equals(self)).distinct().toList();
        } catch (org.apache.kafka.streams.errors.StreamsNotStartedException e) {
            return List.of();
        }
    }

    /** For tests: the application's Kafka Streams, or null before start. */
    KafkaStreams kafkaStreams() {
        return kafkaStreams;
    }

}
