package io.cepheus.server.dataplane;

import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.config.ServerConfig;
import io.cepheus.server.kafka.KafkaClients;
import io.cepheus.server.kafka.TopicSpec;
import io.cepheus.server.rules.Compilation;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.rules.RuleFiles;
import io.cepheus.server.rules.RuleSet;
import io.cepheus.server.rules.RuleTools;
import io.cepheus.server.runtime.InputLimits;
import io.cepheus.server.runtime.KeyRouter;
import io.cepheus.server.runtime.PartialMatchCaps;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane: the rules of the rules directory run over Kafka by Kafka Streams ({@link
 * DataPlaneTopology}). Made by {@link #plan}, which compiles the rules and names the topics of the
 * streams they read; {@link #start} learns the topics' partitions, starts Kafka Streams and waits
 * until it runs; {@link #close} stops it (before the broker, for a clean commit).
 *
 * <p>Lifecycle: {@link #start} once, {@link #close} any number of times, from any thread.
 */
public final class DataPlane implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DataPlane.class);

    private final ServerConfig config;
    private final RuleSet rules;
    private final List<StreamLayout> streams;
    private final DataPlaneMetrics metrics;
    private KafkaStreams kafkaStreams;
    private List<SourceStream> sources = List.of();
    private boolean closed;
    /** This node's {@code application.server}; null when it advertises none. */
    private PartialMatchQuery.Owner self;

    private DataPlane(ServerConfig config, RuleSet rules, List<StreamLayout> streams, PrometheusRegistry registry) {
        this.config = config;
        this.rules = rules;
        this.streams = streams;
        this.metrics = new DataPlaneMetrics(registry);
    }

    /**
     * Compiles the rules of {@code config.rules()}.
     *
     * @return the data plane to start; empty when no rules directory is configured or no rule reads a
     *     declared stream
     * @throws DataPlaneStartException if the rules do not compile, or two streams read one topic
     */
    public static Optional<DataPlane> plan(ServerConfig config, PrometheusRegistry registry) {
        if (config.rules().isEmpty()) {
            return Optional.empty();
        }
        Path dir = config.rules().get();
        Compilation compiled;
        try {
            compiled = RuleTools.compileFiles(RuleFiles.ruleFilesUnder(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rules in " + dir + ": " + e.getMessage(), e);
        }
        if (compiled.hasErrors()) {
            throw new DataPlaneStartException("the rules in " + dir + " have " + compiled.errorCount() + " error"
                    + (compiled.errorCount() == 1 ? "" : "s") + ":\n" + compiled.render());
        }
        RuleSet rules = compiled.rules();
        KeyRouter router = new KeyRouter(rules.rules());
        List<StreamLayout> read = new ArrayList<>();
        Map<String, String> topicOwners = new LinkedHashMap<>();
        for (String name : router.streams()) {
            StreamLayout s = rules.stream(name).orElseThrow();
            String other = topicOwners.putIfAbsent(SourceStream.topicOf(s), name);
            if (other != null) {
                throw new DataPlaneStartException("streams " + other + " and " + name + " both read topic "
                        + SourceStream.topicOf(s) + ": give each stream its own topic");
            }
            if (s.timeField() == null) {
                throw new DataPlaneStartException("stream " + name + " declares no event-time field ('time FIELD')");
            }
            read.add(s);
        }
        if (read.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DataPlane(config, rules, read, registry));
    }

    /** The topics of the streams the rules read, to be created if missing (with {@code stream.partitions}). */
    public List<TopicSpec> sourceTopics() {
        return streams.stream().map(s -> new TopicSpec(SourceStream.topicOf(s),
                Optional.of(config.dataPlane().streamPartitions()), Map.of())).toList();
    }

    /** The rules that run, per stream they read (a rule over several streams under each). */
    public Map<String, List<String>> rulesByStream() {
        Map<String, List<String>> byStream = new LinkedHashMap<>();
        for (StreamLayout s : streams) {
            byStream.put(s.name(), rules.rules().stream().filter(r -> reads(r, s.name())).map(OfflineRule::name).toList());
        }
        return byStream;
    }

    /** All compiled rules (including those that read alerts only). */
    public List<String> ruleNames() {
        return rules.rules().stream().map(OfflineRule::name).toList();
    }

    private static boolean reads(OfflineRule rule, String stream) {
        return rule.inputs().stream().anyMatch(i -> i.name().equals(stream));
    }

    /** The topic of each stream, as {@code stream -> topic}. */
    public Map<String, String> topics() {
        Map<String, String> t = new LinkedHashMap<>();
        streams.forEach(s -> t.put(s.name(), SourceStream.topicOf(s)));
        return t;
    }

    /**
     * Starts Kafka Streams on {@code clients}' cluster and waits until it runs, advertising no address
     * (so {@link #partialMatchQuery()} is empty).
     *
     * @param admin a client of the cluster, to learn the stream topics' partitions; not closed here
     * @throws DataPlaneStartException if Kafka Streams does not run within {@code timeout}
     */
    public void start(KafkaClients clients, Admin admin, Duration timeout) {
        start(clients, admin, timeout, null);
    }

    /**
     * Starts Kafka Streams on {@code clients}' cluster and waits until it runs.
     *
     * @param admin a client of the cluster, to learn the stream topics' partitions; not closed here
     * @param http the node's HTTP address, advertised as Kafka Streams' {@code application.server} so
     *     that interactive queries find the node that owns a key ({@link #partialMatchQuery()}); null
     *     to advertise none
     * @throws DataPlaneStartException if Kafka Streams does not run within {@code timeout}
     */
    public synchronized void start(KafkaClients clients, Admin admin, Duration timeout, InetSocketAddress http) {
        if (closed) {
            throw new IllegalStateException("the data plane is closed");
        }
        Map<String, Integer> partitions = partitions(admin, timeout);
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
        Topology topology = DataPlaneTopology.build(sources, rules.rules(), config.topics(), keyed, InputLimits.DEFAULT,
                caps, metrics);
        this.self = http == null ? null : PartialMatchQuery.Owner.of(http);
        Map<String, Object> props = clients.streams(config.dataPlane(), config.streamsDir(), config.processing(),
                self == null ? null : self.toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.TOPIC_CONFIG, config.topics().deadLetter());
        props.put(DeadLetterHandler.METRICS_CONFIG, metrics);
        kafkaStreams = new KafkaStreams(topology, new StreamsConfig(props));
        kafkaStreams.setGlobalStateRestoreListener(metrics.restore);
        metrics.streams(kafkaStreams);
        kafkaStreams.setUncaughtExceptionHandler(e -> {
            log.error("the data plane stopped on an error", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
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

    private Map<String, Integer> partitions(Admin admin, Duration timeout) {
        List<String> names = streams.stream().map(SourceStream::topicOf).toList();
        try {
            Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Integer> n = new LinkedHashMap<>();
            d.forEach((topic, description) -> n.put(topic, description.partitions().size()));
            return n;
        } catch (ExecutionException | TimeoutException e) {
            throw new DataPlaneStartException("cannot read the partitions of " + names + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataPlaneStartException("interrupted while reading the partitions of " + names, e);
        }
    }

    /** The streams read and their topics' partitions; empty before {@link #start}. */
    public Map<String, Integer> partitionsByStream() {
        Map<String, Integer> p = new LinkedHashMap<>();
        sources.forEach(s -> p.put(s.name(), s.partitions()));
        return p;
    }

    /** True while Kafka Streams runs (for {@code /health/ready}). */
    public boolean isRunning() {
        KafkaStreams s = kafkaStreams;
        return s != null && s.state() == KafkaStreams.State.RUNNING;
    }

    /**
     * Stops Kafka Streams, committing what was processed, and leaves the group so that the other
     * nodes (or this one, restarted) take the partitions over at once rather than after the session
     * timeout. Idempotent.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (kafkaStreams != null) {
            kafkaStreams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
    }

    /**
     * Reads a rule and key's live partial matches on the node that owns the key (an interactive
     * query); empty before {@link #start} or when the node advertises no HTTP address.
     */
    public synchronized Optional<PartialMatchQuery> partialMatchQuery() {
        return kafkaStreams == null || self == null ? Optional.empty()
                : Optional.of(new PartialMatchQuery(kafkaStreams, self, rules.rules()));
    }

    /** For tests: the application's Kafka Streams, or null before start. */
    KafkaStreams kafkaStreams() {
        return kafkaStreams;
    }

}
