package io.cepheus.server.dataplane;

import io.cepheus.core.Event;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.control.Deployment;
import io.cepheus.server.control.Deployments;
import io.cepheus.server.runtime.EventDecoder;
import io.cepheus.server.runtime.InputLimits;
import io.cepheus.server.runtime.KeyRouter;
import io.cepheus.server.runtime.RejectReason;
import io.cepheus.server.runtime.RejectedEventException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the dead-letter topic's records per stream and key into {@link KeyCounts}: a thread reads
 * every partition ({@code read_committed}, no consumer group) from its start, so every node counts
 * every node's dead letters — those the topic still holds when the node starts, and all after. A
 * record's stream and reason are its {@code cepheus.stream} and {@code cepheus.reason} headers
 * ({@link DeadLetters}); its keys are its Kafka record key and, when its value decodes as an event of
 * the stream (a late, too-far-ahead or mis-keyed record), the keys the current rules give it ({@link
 * KeyRouter}). A record that does not decode and has no record key counts under no key.
 *
 * <p>Thread-safe. Lifecycle: {@link #start} once, {@link #close} any number of times.
 */
final class DeadLetterCounter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterCounter.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Deployments deployments;
    private final KeyCounts counts;
    private final Thread thread;
    private volatile boolean closed;
    /** Keys and decodes for the rules of {@link #generation}; only the reader thread touches them. */
    private long generation = -1;
    private KeyRouter router;
    private final Map<String, EventDecoder> decoders = new HashMap<>();

    /** @param consumerConfig a groupless reader's configuration ({@code KafkaClients.reader}) */
    DeadLetterCounter(Map<String, Object> consumerConfig, String topic, Deployments deployments, KeyCounts counts) {
        this.topic = topic;
        this.deployments = deployments;
        this.counts = counts;
        this.consumer = new KafkaConsumer<>(consumerConfig);
        this.thread = new Thread(this::run, "cepheus-dead-letter-counts");
        thread.setDaemon(true);
    }

    /** Assigns every partition of the topic from its start and starts counting. */
    void start() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread.start();
    }

    private void run() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    count(r);
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                log.error("the dead-letter topic {} cannot be counted per key", topic, e);
            }
        } catch (RuntimeException e) {
            log.error("the dead-letter topic {} cannot be counted per key", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void count(ConsumerRecord<byte[], byte[]> r) {
        String stream = header(r, DeadLetters.STREAM);
        if (stream == null) {
            return; // not a dead letter of ours
        }
        counts.deadLettered(stream, keys(r, stream), RejectReason.LATE.code().equals(header(r, DeadLetters.REASON)));
    }

    /** The record's Kafka key, and the rules' keys of its value when it decodes as an event of {@code stream}. */
    private Set<String> keys(ConsumerRecord<byte[], byte[]> r, String stream) {
        Set<String> keys = new LinkedHashSet<>();
        if (r.key() != null) {
            keys.add(new String(r.key(), StandardCharsets.UTF_8));
        }
        follow();
        EventDecoder decoder = decoders.get(stream);
        if (decoder != null && r.value() != null && header(r, DeadLetters.TRUNCATED) == null) {
            try {
                Event event = decoder.decode(r.value(), 0, r.value().length);
                router.route(stream, event, (keySpace, key) -> keys.add(key));
            } catch (RejectedEventException e) {
                // not an event of the stream: its record key is all there is
            }
        }
        return keys;
    }

    private void follow() {
        Deployment d = deployments.current();
        if (d.generation() != generation) {
            router = new KeyRouter(d.rules().rules());
            decoders.clear();
            for (StreamLayout s : d.streamsRead()) {
                decoders.put(s.name(), new EventDecoder(s, InputLimits.DEFAULT.maxRecordBytes()));
            }
            generation = d.generation();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Stops counting. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
