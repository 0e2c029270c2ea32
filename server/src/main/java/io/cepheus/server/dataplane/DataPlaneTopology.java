package io.cepheus.server.dataplane;

import io.cepheus.server.config.TopicNames;
import io.cepheus.server.control.Deployments;
import io.cepheus.server.runtime.EventDecoder;
import io.cepheus.server.runtime.InputLimits;
import io.cepheus.server.runtime.PartialMatchCaps;
import io.cepheus.server.runtime.TimeHorizon;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The data plane's Kafka Streams topology, fixed for a set of streams; the rules over them change
 * without rebuilding it (the processors follow the node's {@link Deployments}). One straight walk:
 *
 * <pre>
 * stream topic ─ read (EventDeserializer; undecodable → DeadLetterHandler → dead-letter topic)
 *   └ decode-STREAM (DecodeProcessor: late / too far ahead / key mismatch → dead-letter topic; key
 *        │           per key space; watermarks per source partition)
 *        ├─► cep-direct (CepProcessor over the key spaces keyed by the record key, DirectPath) ─► alerts
 *        ▼
 *   ID-keyed-repartition (events by keySpace|key; watermarks to every partition)
 *        ▼                                   ┌──────────────────────────────┐
 *   cep (CepProcessor: CepRuntime over the task's store) ─► alerts topic (JSON, key rule|key)
 *        ▲                                   └► alerts that other rules read, keyed for them, and
 *        └──────── ID-chained ◄─────────────────  their watermarks (several partitions only)
 * </pre>
 *
 * Stores: {@value #DECODE_STORE} (per source partition, the newest accepted event time) and {@value
 * #CEP_STORE} / {@value #DIRECT_STORE} (every engine's state and the stream watermarks, written
 * before each commit through {@link PreCommitStore}), all RocksDB with a changelog.
 */
final class DataPlaneTopology {

    static final String DECODE_STORE = "cepheus-decode";
    static final String CEP_STORE = "cepheus-state";
    static final String DIRECT_STORE = "cepheus-direct-state";
    static final String REPARTITION = "keyed";

    private DataPlaneTopology() {}

    /**
     * @param sources the streams rules read, with their topics' partitions
     * @param deployments what runs: the processors apply each new deployment before their next record
     * @param topics the alerts and dead-letter topics
     * @param keyedPartitions partitions of the repartition topic
     * @param chainTopic the chain topic ({@link #chainTopic}, as many partitions as the repartition
     *     topic) when there are several; null when there is one and the runtime passes alerts on itself
     * @param caps the caps on partial matches of the CEP processors' engines
     */
    static Topology build(List<SourceStream> sources, Deployments deployments, TopicNames topics, int keyedPartitions,
                          String chainTopic, InputLimits limits, PartialMatchCaps caps, DataPlaneMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DECODE_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        PreCommitHooks hooks = new PreCommitHooks();
        builder.addStateStore(cepStore(CEP_STORE, hooks));
        builder.addStateStore(cepStore(DIRECT_STORE, hooks));
        TimeHorizon horizon = new TimeHorizon(limits.maxAhead());
        KStream<String, Routed> routed = null;
        for (SourceStream s : sources) {
            EventDeserializer deserializer = new EventDeserializer(new EventDecoder(s.layout(), limits.maxRecordBytes()));
            Serde<Decoded> values = Serdes.serdeFrom((topic, d) -> {
                throw new UnsupportedOperationException("decoded records are not written");
            }, deserializer);
            KStream<String, Routed> decoded = builder
                    .stream(s.topic(), Consumed.with(Serdes.ByteArray(), values).withName("read-" + s.name()))
                    .process(() -> new DecodeProcessor(s, deployments, horizon, metrics), Named.as("decode-" + s.name()),
                            DECODE_STORE);
            routed = routed == null ? decoded : routed.merge(decoded, Named.as("merge-" + s.name()));
        }
        if (routed == null) {
            throw new IllegalArgumentException("no stream to read");
        }
        routed.filter((k, v) -> v instanceof Routed.DeadLetter, Named.as("dead-letters"))
                .map((k, v) -> {
                    Routed.DeadLetter d = (Routed.DeadLetter) v;
                    return KeyValue.pair(d.key(), d.value());
                }, Named.as("dead-letter-bytes"))
                .to(topics.deadLetter(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("write-dead-letters"));
        Duration punctuation = sources.stream().map(SourceStream::punctuation).min(Duration::compareTo).orElseThrow();
        KStream<String, CepOutput> direct = routed
                .filter((k, v) -> v instanceof Routed.Watermark || v instanceof Routed.KeyedEvent e && e.direct(),
                        Named.as("direct-and-watermarks"))
                .process(() -> new CepProcessor(deployments, sources, metrics, punctuation, caps, true, 0, hooks),
                        Named.as("cep-direct"), DIRECT_STORE);
        writeAlerts(direct, topics, "direct-alerts");
        KStream<String, Routed> keyed = routed
                .filter((k, v) -> v instanceof Routed.Watermark w && w.broadcast()
                                || v instanceof Routed.KeyedEvent e && !e.direct(),
                        Named.as("keyed-and-watermarks"))
                .repartition(Repartitioned.<String, Routed>as(REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new KeyedSerde())
                        .withNumberOfPartitions(keyedPartitions)
                        .withStreamPartitioner(new KeyedPartitioner()));
        if (chainTopic != null) {
            keyed = keyed.merge(builder.stream(chainTopic, Consumed.with(Serdes.String(), new KeyedSerde())
                    .withName("read-chained")), Named.as("merge-chained"));
        }
        int chainProducers = chainTopic == null ? 0 : keyedPartitions;
        KStream<String, CepOutput> out = keyed.process(() -> new CepProcessor(deployments, sources, metrics, punctuation,
                caps, false, chainProducers, hooks), Named.as("cep"), CEP_STORE);
        writeAlerts(out, topics, "alerts");
        if (chainTopic != null) {
            out.filter((k, v) -> v instanceof CepOutput.Chained, Named.as("chained"))
                    .mapValues(v -> ((CepOutput.Chained) v).routed(), Named.as("chained-records"))
                    .to(chainTopic, Produced.with(Serdes.String(), new KeyedSerde())
                            .withStreamPartitioner(new KeyedPartitioner()).withName("write-chained"));
        }
        return builder.build();
    }

    /** Writes the alert records of {@code out} to the alerts topic. */
    private static void writeAlerts(KStream<String, CepOutput> out, TopicNames topics, String name) {
        out.filter((k, v) -> v instanceof CepOutput.Alert, Named.as(name))
                .mapValues(v -> ((CepOutput.Alert) v).json(), Named.as(name + "-json"))
                .to(topics.alerts(), Produced.with(Serdes.String(), Serdes.String()).withName("write-" + name));
    }

    /** The chain topic of the application {@code applicationId}. */
    static String chainTopic(String applicationId) {
        return applicationId + "-chained";
    }

    /**
     * A CEP processor's store: RocksDB, changelogged, with no record cache of Kafka Streams' (the
     * runtime caches live values itself and writes each dirty one once per commit) and {@link
     * PreCommitStore} outside, which has the runtime write its state before each commit.
     */
    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> cepStore(String name, PreCommitHooks hooks) {
        return PreCommitStore.builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled(), hooks);
    }
}
