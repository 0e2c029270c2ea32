package io.cepheus.server.dataplane;

import io.cepheus.core.state.KeyedStore;
import io.cepheus.core.state.StateCodec;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.runtime.LivePartialMatches;
import io.cepheus.server.runtime.PartialMatchReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads one rule and key's live partial matches where they live — an interactive query. A key's state
 * is in the CEP task of the partition of the repartition topic its record key ({@code keySpace|key})
 * goes to ({@link KeyedPartitioner}), or — for a key space on the {@link DirectPath} — in the task of
 * the source partition the key itself goes to (Kafka's default partitioner, as the producers'); Kafka
 * Streams' metadata names the node that owns that task ({@code queryMetadataForKey} on {@value
 * DataPlaneTopology#CEP_STORE} or {@value DataPlaneTopology#DIRECT_STORE}, each node's {@code
 * application.server} being its HTTP address). On the owner the key's state is read from the task's
 * store through Kafka Streams' read-only view ({@code KafkaStreams.store}) and decoded with the rules'
 * programs by cep-core's read-only {@link io.cepheus.core.EngineView} ({@link PartialMatchReader}),
 * which writes nothing; elsewhere the result names the owner, to which the REST layer forwards the
 * question.
 *
 * <p>What is read is the store as Kafka Streams' view shows it: the task's state as the runtime wrote
 * it before the task's last commit ({@link PreCommitStore}; between commits the runtime keeps its
 * changes in memory), so up to a commit interval behind the records processed. Only the active task is read (no standby, so never stale state). A rule that reads
 * alerts only ({@code from alerts(r)}) keeps its state in the task of its upstream alert's key, so its
 * keys are found here only with one partition of the repartition topic (the data plane's limit for
 * such rules).
 *
 * <p>Thread-safe: a query may come from any thread (an HTTP worker); each reads through its own view.
 */
public final class PartialMatchQuery {

    /**
     * A node, as Kafka Streams' metadata names it: its HTTP address ({@code application.server}).
     *
     * @param host the host name or address
     * @param port the HTTP port
     */
    public record Owner(String host, int port) {
        public Owner {
            Objects.requireNonNull(host, "host");
        }

        /** The address other nodes reach a node's HTTP server at: a wildcard bind address becomes the host's name. */
        public static Owner of(InetSocketAddress http) {
            String host = http.getHostString();
            boolean wildcard = http.getAddress() != null ? http.getAddress().isAnyLocalAddress()
                    : host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
            if (!wildcard) {
                return new Owner(host, http.getPort());
            }
            try {
                return new Owner(InetAddress.getLocalHost().getCanonicalHostName(), http.getPort());
            } catch (UnknownHostException e) {
                return new Owner("localhost", http.getPort());
            }
        }

        /** {@code host:port}, as {@code application.server} takes it. */
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * One source partition's clock, as the CEP task holding the key sees it.
     *
     * @param partition the partition of the stream's topic
     * @param watermark its watermark, epoch millis; {@code Long.MIN_VALUE} before any event
     * @param idle whether it is idle (no record for the idle timeout)
     */
    public record PartitionTime(int partition, long watermark, boolean idle) {}

    /**
     * A stream's clock, as the CEP task holding the key sees it.
     *
     * @param stream the declared stream
     * @param watermark the watermark given to the engines, epoch millis; {@code Long.MIN_VALUE} before any
     * @param idle whether every partition is idle (the wall clock then moves the watermark)
     * @param partitions each source partition's clock
     */
    public record StreamTime(String stream, long watermark, boolean idle, List<PartitionTime> partitions) {
        public StreamTime {
            Objects.requireNonNull(stream, "stream");
            partitions = List.copyOf(partitions);
        }
    }

    /** The answer: read here, owned elsewhere, or not known now. */
    public sealed interface Result permits Local, Remote, Unavailable {}

    /**
     * This node owns the key: its live partial matches and the clocks of the streams the rule reads.
     *
     * @param owner this node
     * @param partition the partition of the repartition topic (the CEP task) that holds the key
     * @param matches the rule and key's partial matches, the rule's version and the key space's watermark
     * @param streams the clocks of the declared streams the rule reads (a stream the task has heard
     *     nothing of yet has watermark {@code Long.MIN_VALUE}, not idle, and no partitions)
     */
    public record Local(Owner owner, int partition, LivePartialMatches matches, List<StreamTime> streams)
            implements Result {
        public Local {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(matches, "matches");
            streams = List.copyOf(streams);
        }
    }

    /**
     * Another node owns the key: ask it.
     *
     * @param owner the node whose task holds the key
     * @param partition the partition of the repartition topic that holds the key
     */
    public record Remote(Owner owner, int partition) implements Result {
        public Remote {
            Objects.requireNonNull(owner, "owner");
        }
    }

    /**
     * No node can answer now: Kafka Streams is not running, is rebalancing, or the task is restoring.
     * Worth asking again shortly.
     *
     * @param reason why, for people
     */
    public record Unavailable(String reason) implements Result {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    private final KafkaStreams streams;
    private final Owner self;
    private final List<OfflineRule> rules;
    private final PartialMatchReader reader;

    /**
     * @param streams the running data plane's Kafka Streams
     * @param self this node's {@code application.server}
     * @param rules the rules the CEP tasks run
     */
    PartialMatchQuery(KafkaStreams streams, Owner self, List<OfflineRule> rules) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.self = Objects.requireNonNull(self, "self");
        this.rules = List.copyOf(rules);
        this.reader = new PartialMatchReader(this.rules);
    }

    /** This node, as the metadata names it. */
    public Owner self() {
        return self;
    }

    /**
     * The live partial matches of {@code rule} for {@code key}, if this node owns the key; else who does.
     *
     * @throws IllegalArgumentException if there is no such rule, or it is an aggregate rule
     * @throws NullPointerException if {@code rule} or {@code key} is null
     */
    public Result query(String rule, String key) {
        Objects.requireNonNull(key, "key");
        String keySpace = reader.keySpace(rule);
        boolean direct = DirectPath.keySpaces(rules).contains(keySpace);
        String storeName = direct ? DataPlaneTopology.DIRECT_STORE : DataPlaneTopology.CEP_STORE;
        KeyQueryMetadata metadata;
        try {
            metadata = direct
                    ? streams.queryMetadataForKey(storeName, key, Serdes.String().serializer()) // the source partition
                    : streams.queryMetadataForKey(storeName, Routed.KeyedEvent.recordKey(keySpace, key),
                            new KeyedPartitioner());
        } catch (StreamsException | IllegalStateException e) {
            return new Unavailable("no metadata for the key now: " + e.getMessage());
        }
        HostInfo active = metadata == null ? null : metadata.activeHost();
        if (active == null || active.port() < 0) {
            return new Unavailable("no node owns the key's partition now (Kafka Streams is rebalancing)");
        }
        Owner owner = new Owner(active.host(), active.port());
        if (!owner.equals(self)) {
            return new Remote(owner, metadata.partition());
        }
        try {
            ReadOnlyKeyValueStore<Bytes, byte[]> store = streams.store(StoreQueryParameters
                    .fromNameAndType(storeName, QueryableStoreTypes.<Bytes, byte[]>keyValueStore())
                    .withPartition(metadata.partition()));
            ReadOnlyStateBackend backend = new ReadOnlyStateBackend(store);
            LivePartialMatches matches = reader.read(backend, rule, key);
            return new Local(self, metadata.partition(), matches, streamTimes(backend, rule));
        } catch (InvalidStateStoreException e) {
            return new Unavailable("the key's partition " + metadata.partition() + " cannot be read here now: "
                    + e.getMessage());
        }
    }

    private List<StreamTime> streamTimes(ReadOnlyStateBackend backend, String rule) {
        List<StreamTime> times = new ArrayList<>();
        KeyedStore<byte[]> store = backend.open(StreamWatermarks.STORE, StateCodec.bytes());
        try {
            for (OfflineRule r : rules) {
                if (r.name().equals(rule)) {
                    for (StreamLayout s : r.inputs()) {
                        StreamTime t = StreamWatermarks.read(s.name(), store.get(s.name()));
                        times.add(t != null ? t : new StreamTime(s.name(), Long.MIN_VALUE, false, List.of()));
                    }
                }
            }
        } finally {
            store.close();
        }
        return times;
    }
}
