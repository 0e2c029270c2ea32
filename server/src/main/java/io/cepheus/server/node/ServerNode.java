package io.cepheus.server.node;

import io.cepheus.server.config.ServerConfig;
import io.cepheus.server.dataplane.DataPlane;
import io.cepheus.server.health.Readiness;
import io.cepheus.server.http.HttpServer;
import io.cepheus.server.kafka.EmbeddedBroker;
import io.cepheus.server.kafka.KafkaClients;
import io.cepheus.server.kafka.KafkaProbe;
import io.cepheus.server.kafka.TopicSpec;
import io.cepheus.server.kafka.TopicStatus;
import io.cepheus.server.kafka.Topics;
import io.cepheus.server.rules.RuleFiles;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * One Cepheus node, wired in one place: the metrics registry, readiness, the HTTP server, Kafka (an
 * embedded broker unless a cluster is configured), the server's topics and the data plane (the
 * rules run by Kafka Streams). Start order: the rules are compiled, then HTTP (live at once, ready
 * only later), Kafka, topics (the server's and the streams'), the data plane; {@link #close()} stops
 * HTTP first, then the data plane (a last commit), and the broker last.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} any number of times, from any thread.
 */
public final class ServerNode implements AutoCloseable {

    private final ServerConfig config;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Readiness readiness = new Readiness();
    private final HttpServer http;
    private final Optional<EmbeddedBroker> broker;
    private Optional<DataPlane> dataPlane = Optional.empty();
    private boolean closed;

    public ServerNode(ServerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        JvmMetrics.builder().register(registry);
        this.http = new HttpServer(config.http(), readiness, registry);
        this.broker = config.kafka().embedded()
                ? Optional.of(new EmbeddedBroker(config.kafkaDir(), config.kafka().embeddedPort(),
                        config.kafka().startTimeout()))
                : Optional.empty();
        broker.ifPresent(b -> readiness.register("kafka", b::isRunning));
    }

    /**
     * Starts everything and returns what it started.
     *
     * @throws io.cepheus.server.http.HttpStartException if the HTTP port is taken
     * @throws io.cepheus.server.kafka.KafkaStartException if Kafka does not start or answer, or a topic
     *     cannot be created
     * @throws io.cepheus.server.dataplane.DataPlaneStartException if the rules do not compile or Kafka
     *     Streams does not start
     * @throws UncheckedIOException if the data directory cannot be created
     * @throws IllegalStateException if closed or started before
     */
    public synchronized StartupReport start() {
        if (closed) {
            throw new IllegalStateException("the node is closed");
        }
        long t0 = System.nanoTime();
        createDataDir();
        dataPlane = DataPlane.plan(config, registry);
        dataPlane.ifPresent(d -> readiness.register("streams", d::isRunning));
        InetSocketAddress httpAddress = http.start();
        String bootstrap = broker.map(EmbeddedBroker::start).orElseGet(this::probeCluster);
        KafkaClients clients = new KafkaClients(bootstrap);
        List<TopicStatus> topics;
        try (Admin admin = Admin.create(clients.admin())) {
            List<TopicSpec> specs = new ArrayList<>(Topics.serverTopics(config.topics()));
            dataPlane.ifPresent(d -> specs.addAll(d.sourceTopics()));
            topics = new Topics(admin, config.kafka().startTimeout()).ensure(specs);
            dataPlane.ifPresent(d -> d.start(clients, admin, config.kafka().startTimeout(), httpAddress));
        }
        int ruleFiles = config.rules().map(d -> RuleFiles.ruleFilesUnder(d).size()).orElse(0);
        return new StartupReport(httpAddress, bootstrap,
                broker.map(b -> new StartupReport.EmbeddedLog(b.logDir(), b.formattedOnStart())), config.dataDir(),
                topics, config.rules(), ruleFiles, dataPlane.map(StartupReport.Rules::of),
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /** What {@code /health/ready} asks; components that start later register their checks here. */
    public Readiness readiness() {
        return readiness;
    }

    /** The one metrics registry of the node, served at {@code /metrics}. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** The data plane, once {@link #start()} found rules that read a stream. */
    public Optional<DataPlane> dataPlane() {
        return dataPlane;
    }

    /** Stops HTTP first, then the data plane (a last commit), then the broker (a clean shutdown). Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        try {
            http.close();
            dataPlane.ifPresent(DataPlane::close);
        } finally {
            broker.ifPresent(EmbeddedBroker::close);
        }
    }

    private String probeCluster() {
        String bootstrap = config.kafka().bootstrap().orElseThrow();
        new KafkaProbe(new KafkaClients(bootstrap)).awaitCluster(config.kafka().startTimeout());
        return bootstrap;
    }

    private void createDataDir() {
        Path dir = config.dataDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
