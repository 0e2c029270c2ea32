package io.cepheus.server.dataplane;

import io.prometheus.metrics.core.metrics.Counter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' restore of the node's state stores from their changelogs, as metrics (records
 * restored, records still to restore per store) and one INFO line per store partition restored,
 * with its records and time.
 *
 * <p>Thread-safe: Kafka Streams calls it from its stream threads (or its state updater thread), the
 * metrics endpoint reads it.
 */
final class RestoreProgress implements StateRestoreListener {

    private static final Logger log = LoggerFactory.getLogger(RestoreProgress.class);

    private final Counter restored;
    private final Map<Key, Progress> active = new ConcurrentHashMap<>();

    private record Key(String store, TopicPartition changelog) {}

    /** One store partition being restored. */
    private static final class Progress {
        final long end;
        final long startNanos = System.nanoTime();
        volatile long position;

        Progress(long position, long end) {
            this.position = position;
            this.end = end;
        }
    }

    RestoreProgress(Counter restored) {
        this.restored = restored;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        active.put(new Key(store, partition), new Progress(startingOffset, endingOffset));
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        restored.labelValues(store).inc(numRestored);
        Progress p = active.get(new Key(store, partition));
        if (p != null) {
            p.position = batchEndOffset + 1;
        }
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        Progress p = active.remove(new Key(store, partition));
        long ms = p == null ? 0 : (System.nanoTime() - p.startNanos) / 1_000_000;
        log.info("restored {} of {} from {}: {} records in {} ms", store, partition.partition(), partition.topic(),
                totalRestored, ms);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        active.remove(new Key(store, partition));
    }

    /** Per store, the changelog records still to restore now (stores restoring nothing are absent). */
    Map<String, Long> remaining() {
        Map<String, Long> r = new TreeMap<>();
        active.forEach((k, p) -> r.merge(k.store(), Math.max(0, p.end - p.position), Long::sum));
        return r;
    }
}
