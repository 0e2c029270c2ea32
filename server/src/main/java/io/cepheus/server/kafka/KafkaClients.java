package io.cepheus.server.kafka;

import io.cepheus.server.config.DataPlaneSettings;
import io.cepheus.server.config.ProcessingSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The client configurations the rest of the server uses, all for one cluster. Each call returns a
 * new mutable map that the caller may extend. Immutable itself; thread-safe.
 */
public final class KafkaClients {

    private final String bootstrap;

    /** @param bootstrap the cluster's bootstrap servers, {@code host:port,...} */
    public KafkaClients(String bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    /** The bootstrap servers. */
    public String bootstrap() {
        return bootstrap;
    }

    /** For an {@code Admin} client. */
    public Map<String, Object> admin() {
        Map<String, Object> c = common();
        c.put(CommonClientConfigs.CLIENT_ID_CONFIG, "cepheus-admin");
        return c;
    }

    /** A producer of bytes that waits for every in-sync replica and never writes a record twice. */
    public Map<String, Object> producer() {
        Map<String, Object> c = common();
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return c;
    }

    /** A consumer of bytes in {@code groupId} that reads only committed records, from the start of a new group. */
    public Map<String, Object> consumer(String groupId) {
        Map<String, Object> c = common();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return c;
    }

    /**
     * A consumer of bytes in no group (it assigns itself partitions and commits nothing), reading only
     * committed records: for the readers that every node runs over whole topics.
     *
     * @param clientId its client id, as the broker's logs and metrics name it
     */
    public Map<String, Object> reader(String clientId) {
        Map<String, Object> c = consumer("unused");
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return c;
    }

    /**
     * Kafka Streams for the data plane.
     *
     * @param dataPlane the Streams application (consumer group, prefix of internal topics) and whether
     *     its state stores are transactional (KIP-892)
     * @param stateDir where the local state stores live
     */
    public Map<String, Object> streams(DataPlaneSettings dataPlane, Path stateDir, ProcessingSettings processing) {
        return streams(dataPlane, stateDir, processing, null);
    }

    /**
     * Kafka Streams for the data plane, on a node that other nodes reach at {@code applicationServer}:
     * Kafka Streams' metadata then names this node as the owner of its tasks' keys, for interactive
     * queries.
     *
     * @param applicationServer the node's HTTP address, {@code host:port}; null to advertise none
     */
    public Map<String, Object> streams(DataPlaneSettings dataPlane, Path stateDir, ProcessingSettings processing,
                                       String applicationServer) {
        Map<String, Object> c = common();
        if (applicationServer != null) {
            c.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        c.put(StreamsConfig.APPLICATION_ID_CONFIG, dataPlane.applicationId());
        c.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        c.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processing.guarantee().configValue());
        c.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, processing.standbyReplicas());
        long session = processing.sessionTimeout().toMillis();
        c.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) Math.min(Integer.MAX_VALUE, session));
        // a heartbeat a third of the session (Kafka's rule of thumb), never less often than its default 3 s
        c.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), (int) Math.min(3_000, session / 3));
        c.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, dataPlane.transactionalStateStores());
        c.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, dataPlane.streamThreads());
        dataPlane.commitInterval().ifPresent(d -> c.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, d.toMillis()));
        dataPlane.producerLinger()
                .ifPresent(d -> c.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), d.toMillis()));
        c.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), dataPlane.producerBatchBytes());
        // the data plane orders events by its own watermarks (the least over a stream's partitions), not by
        // Kafka Streams' choice among a task's partitions: no waiting for empty ones, and none of the
        // per-record bookkeeping (and, in 4.4, log text) that waiting costs
        c.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // no global stores; set only to opt in to Kafka 5's default now (else Streams warns at every start), and
        // for the main consumer too: its partition assignor reads a StreamsConfig of the consumer's settings
        c.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        c.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        return c;
    }

    private Map<String, Object> common() {
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return c;
    }
}
