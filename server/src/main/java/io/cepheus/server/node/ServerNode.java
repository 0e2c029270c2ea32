package io.cepheus.server.node;

import io.cepheus.server.alerts.AlertIndex;
import io.cepheus.server.alerts.AlertReader;
import io.cepheus.server.alerts.StatusWriter;
import io.cepheus.server.api.Api;
import io.cepheus.server.api.Webhooks;
import io.cepheus.server.config.ServerConfig;
import io.cepheus.server.control.Catalog;
import io.cepheus.server.control.ControlTopic;
import io.cepheus.server.control.NodeRecord;
import io.cepheus.server.control.Deployments;
import io.cepheus.server.control.Registry;
import io.cepheus.server.control.RuleDirectory;
import io.cepheus.server.dataplane.DataPlane;
import io.cepheus.server.demo.Demo;
import io.cepheus.server.dataplane.PartialMatchQuery;
import io.cepheus.server.health.Readiness;
import io.cepheus.server.http.HttpServer;
import io.cepheus.server.kafka.EmbeddedBroker;
import io.cepheus.server.kafka.KafkaClients;
import io.cepheus.server.kafka.KafkaProbe;
import io.cepheus.server.kafka.TopicStatus;
import io.cepheus.server.kafka.Topics;
import io.cepheus.server.rules.RuleFiles;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.cepheus.server.webhooks.AddressGuard;
import io.cepheus.server.webhooks.DeliveryLog;
import io.cepheus.server.webhooks.DeliveryWriter;
import io.cepheus.server.webhooks.Dispatcher;
import io.cepheus.server.webhooks.SecretKeys;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * One Cepheus node, wired in one place: the metrics registry, readiness, the HTTP server, Kafka (an
 * embedded broker unless a cluster is configured), the server's topics, the control topic (read by
 * a {@link Registry} into the node's {@link Deployments}) and the data plane (the deployed rules run
 * by Kafka Streams). Start order: the rules directory, if any, and the demo's examples (demo mode)
 * are compiled, then HTTP (live at once, ready only later), Kafka, the server's topics, the control
 * topic read to its end, the rules directory and the demo's examples applied to it, the node's own
 * {@code node/HOST:PORT} record written (deleted again when it stops), the audit topic and the REST
 * API's services (the first admin token made if there is none), the data plane, the demo's
 * generator; {@link #close()} stops the demo's generator first, then HTTP, the data plane (a last
 * commit), the control and audit topics' readers and writers, and the broker last.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} any number of times, from any thread.
 */
public final class ServerNode implements AutoCloseable {

    private final ServerConfig config;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Readiness readiness = new Readiness();
    private final HttpServer http;
    private final Optional<EmbeddedBroker> broker;
    private final Deployments deployments = new Deployments();
    private final Clock demoClock;
    private Optional<Demo> demo = Optional.empty();
    private Optional<DataPlane> dataPlane = Optional.empty();
    private Registry controlRegistry;
    private ControlTopic controlTopic;
    private Registry auditRegistry;
    private ControlTopic auditTopic;
    private Api api;
    private AlertIndex alertIndex;
    private AlertReader alertReader;
    private StatusWriter statusWriter;
    /** This node's address as the others reach it, {@code host:port}; null before start. */
    private String address;
    private DeliveryLog deliveryLog;
    private DeliveryWriter deliveryWriter;
    private Dispatcher dispatcher;
    private boolean closed;

    public ServerNode(ServerConfig config) {
        this(config, Clock.systemUTC());
    }

    /**
     * A node whose demo generator (demo mode) times its events by {@code demoClock}: a test gives a
     * clock that runs faster than the wall clock, so that the demo's minutes pass in seconds.
     */
    public ServerNode(ServerConfig config, Clock demoClock) {
        this.config = Objects.requireNonNull(config, "config");
        this.demoClock = Objects.requireNonNull(demoClock, "demoClock");
        JvmMetrics.builder().register(registry);
        this.http = new HttpServer(config.http(), config.api(), readiness, registry);
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
     * @throws io.cepheus.server.control.InvalidRulesException if the rules directory does not compile (or,
     *     in demo mode, the demo's examples with it)
     * @throws io.cepheus.server.control.ControlException if the control topic cannot be read or written
     * @throws io.cepheus.server.dataplane.DataPlaneStartException if Kafka Streams does not start
     * @throws UncheckedIOException if the data directory cannot be created
     * @throws IllegalStateException if closed or started before
     */
    public synchronized StartupReport start() {
        if (closed) {
            throw new IllegalStateException("the node is closed");
        }
        long t0 = System.nanoTime();
        Optional<RuleDirectory> directory = config.rules().map(RuleDirectory::read); // bad rules fail before anything starts
        demo = config.demo().enabled() ? Optional.of(Demo.load(config.demo(), demoClock)) : Optional.empty();
        createDataDir();
        InetSocketAddress httpAddress = http.start();
        String bootstrap = broker.map(EmbeddedBroker::start).orElseGet(this::probeCluster);
        KafkaClients clients = new KafkaClients(bootstrap);
        Duration timeout = config.kafka().startTimeout();
        List<TopicStatus> topics;
        try (Admin admin = Admin.create(clients.admin())) {
            topics = new Topics(admin, timeout).ensure(Topics.serverTopics(config.topics()));
        }
        controlRegistry = new Registry(clients, config.topics().control());
        controlRegistry.onChange(deployments::update);
        controlRegistry.start();
        readiness.register("control", controlRegistry::isReading);
        controlTopic = new ControlTopic(clients, config.topics().control(), config.api().kafkaTimeout());
        Catalog catalog = controlRegistry.awaitCaughtUp(timeout);
        List<RuleDirectory.Change> applied = List.of();
        if (directory.isPresent()) {
            RuleDirectory.Applied a = directory.get().apply(catalog, controlTopic, Instant.now());
            catalog = controlRegistry.awaitOffset(a.offset(), timeout);
            applied = a.changes();
        }
        Optional<StartupReport.DemoMode> demoMode = Optional.empty();
        if (demo.isPresent()) {
            RuleDirectory.Applied a = demo.get().apply(catalog, controlTopic, Instant.now());
            catalog = controlRegistry.awaitOffset(a.offset(), timeout);
            demoMode = Optional.of(new StartupReport.DemoMode(a.changes(), demo.get().rate()));
        }
        address = PartialMatchQuery.Owner.of(httpAddress).toString();
        catalog = controlRegistry.awaitOffset(controlTopic.put(new NodeRecord(address, Instant.now())), timeout);
        deployments.update(catalog);
        String nodeId = NodeId.load(config.dataDir());
        SecretKeys.Loaded key = SecretKeys.load(config.webhooks().secretKey(), config.webhookKeyFile());
        int alertPartitions;
        try (Admin admin = Admin.create(clients.admin())) {
            alertPartitions = new Topics(admin, timeout).partitions(List.of(config.topics().alerts()))
                    .get(config.topics().alerts());
        }
        startDeliveryLog(clients, timeout);
        Optional<String> adminToken = startApi(clients, timeout, new Webhooks.Parts(deliveryLog, deliveryWriter,
                key.box(), new AddressGuard(config.webhooks().allowLoopback()), alertPartitions, nodeId));
        startDispatcher(clients, timeout, key, nodeId);
        DataPlane plane = new DataPlane(config, deployments, registry);
        readiness.register("streams", plane::isRunning);
        dataPlane = Optional.of(plane);
        plane.start(clients, timeout, httpAddress);
        api.liveMatches(new DataPlaneLiveMatches(plane));
        demo.ifPresent(d -> d.start(clients, plane.topics()));
        int ruleFiles = config.rules().map(d -> RuleFiles.ruleFilesUnder(d).size()).orElse(0);
        topics = java.util.stream.Stream.concat(topics.stream(), plane.streamTopics().stream()).toList();
        return new StartupReport(httpAddress, bootstrap,
                broker.map(b -> new StartupReport.EmbeddedLog(b.logDir(), b.formattedOnStart())), config.dataDir(),
                topics, config.rules(), ruleFiles, applied, deployments.current().problems(),
                plane.ruleNames().isEmpty() ? Optional.empty() : Optional.of(StartupReport.Rules.of(plane)),
                Duration.ofNanos(System.nanoTime() - t0), adminToken,
                demoMode, key.generated() ? key.file() : Optional.empty());
    }

    /**
     * The audit topic's reader and writer, the alert index and its reader, the API's services, the
     * first admin token; then HTTP serves the API.
     */
    private Optional<String> startApi(KafkaClients clients, Duration timeout, Webhooks.Parts webhookParts) {
        auditRegistry = new Registry(clients, config.topics().audit());
        auditRegistry.start();
        Duration writes = config.api().kafkaTimeout(); // the API's writes answer 503 after it
        auditTopic = new ControlTopic(clients, config.topics().audit(), writes);
        auditRegistry.awaitCaughtUp(timeout);
        alertIndex = AlertIndex.open(config.alertsDir());
        alertReader = new AlertReader(alertIndex, clients.reader("cepheus-alert-index"), config.topics().alerts(),
                config.topics().alertStatus(), config.api().alertRetention(), Clock.systemUTC());
        alertReader.start();
        readiness.register("alerts", alertReader::isReading);
        registerIndexMetrics(alertIndex, alertReader);
        statusWriter = new StatusWriter(clients.producer(), clients.admin(), config.topics().alertStatus(), writes);
        api = new Api(controlTopic, controlRegistry, auditTopic, auditRegistry, clients, alertIndex, statusWriter,
                new Api.Settings(writes, config.dataPlane().streamPartitions(), config.api().ingestConcurrency(),
                        config.topics().alerts(), address),
                webhookParts, Clock.systemUTC());
        Optional<String> generated = api.tokens().bootstrap(config.api().adminToken());
        http.serve(api);
        return generated;
    }

    /** {@code cepheus_alert_index_position} and {@code cepheus_alert_index_records_read_total{topic}}. */
    private void registerIndexMetrics(AlertIndex index, AlertReader reader) {
        GaugeWithCallback.builder().name("cepheus_alert_index_position")
                .help("The newest alert's position in this node's alert index (alerts indexed since it was created)")
                .callback(cb -> cb.call(index.position())).register(registry);
        CounterWithCallback.builder().name("cepheus_alert_index_records_read")
                .help("Records of the alerts and status topics this node's alert index read since the node started"
                        + " (a restarted node resumes from the offsets its index stored)")
                .labelNames("topic").callback(cb -> reader.recordsRead().forEach((topic, n) -> cb.call(n, topic)))
                .register(registry);
    }

    /** The deliveries topic read into this node's delivery log (to its end), and its writer. */
    private void startDeliveryLog(KafkaClients clients, Duration timeout) {
        String topic = config.topics().deliveries();
        deliveryLog = new DeliveryLog(clients.reader("cepheus-delivery-log"), clients.admin(), topic);
        deliveryLog.start();
        readiness.register("deliveries", deliveryLog::isReading);
        deliveryLog.awaitCaughtUp(timeout);
        deliveryWriter = new DeliveryWriter(clients.producer(), topic, timeout);
    }

    /**
     * The webhook dispatcher, a member of the deployment's {@code -webhooks} group under the node's id;
     * started before the data plane, so that a new group's start (the alerts topic's end) comes before
     * the first alert.
     */
    private void startDispatcher(KafkaClients clients, Duration timeout, SecretKeys.Loaded key, String nodeId) {
        String group = config.dataPlane().applicationId() + "-webhooks";
        dispatcher = new Dispatcher(new Dispatcher.Settings(config.topics().alerts(), group, nodeId, config.webhooks(),
                config.processing().sessionTimeout(), timeout), clients.consumer(group), deliveryLog, deliveryWriter,
                controlRegistry, controlTopic, deployments, key.box(), registry, Clock.systemUTC());
        dispatcher.start();
        readiness.register("webhooks", dispatcher::isRunning);
    }

    /** What runs now, following the control topic. */
    public Deployments deployments() {
        return deployments;
    }

    /** Writes streams and rules to the control topic; null before {@link #start()}. */
    public ControlTopic controlTopic() {
        return controlTopic;
    }

    /** The control topic as this node has read it; null before {@link #start()}. */
    public Registry controlRegistry() {
        return controlRegistry;
    }

    /** What {@code /health/ready} asks; components that start later register their checks here. */
    public Readiness readiness() {
        return readiness;
    }

    /** The one metrics registry of the node, served at {@code /metrics}. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** The demo (demo mode), once {@link #start()} ran. */
    public Optional<Demo> demo() {
        return demo;
    }

    /** The data plane, once {@link #start()} ran. */
    public Optional<DataPlane> dataPlane() {
        return dataPlane;
    }

    /** Stops HTTP first, then the data plane (a last commit), then the broker (a clean shutdown). Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        try {
            demo.ifPresent(Demo::close); // its last records reach the broker before anything stops
            if (alertIndex != null) {
                alertIndex.endWaits(); // the live feeds end, so that HTTP stops at once
            }
            http.close();
            if (dispatcher != null) {
                dispatcher.close();
            }
            dataPlane.ifPresent(DataPlane::close);
            if (controlRegistry != null) {
                controlRegistry.close();
            }
            if (controlTopic != null) {
                if (address != null) {
                    controlTopic.forgetNode(address);
                    address = null; // once: close is idempotent
                }
                controlTopic.close();
            }
            if (api != null) {
                api.close();
            }
            if (auditRegistry != null) {
                auditRegistry.close();
            }
            if (auditTopic != null) {
                auditTopic.close();
            }
            if (alertReader != null) {
                alertReader.close();
            }
            if (statusWriter != null) {
                statusWriter.close();
            }
            if (deliveryWriter != null) {
                deliveryWriter.close();
            }
            if (deliveryLog != null) {
                deliveryLog.close();
            }
            if (alertIndex != null) {
                alertIndex.close();
            }
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
