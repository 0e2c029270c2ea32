package io.cepheus.server.dataplane;

import io.cepheus.core.Event;
import io.cepheus.server.control.Deployment;
import io.cepheus.server.control.Deployments;
import io.cepheus.server.runtime.KeyRouter;
import io.cepheus.server.runtime.RejectReason;
import io.cepheus.server.runtime.RejectedEventException;
import io.cepheus.server.runtime.TimeHorizon;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decode stage of one stream, in one task: takes the decoded records of the stream's topic
 * (decoding happened in {@link EventDeserializer}), refuses late and too-far-ahead events to the
 * dead-letter topic, keys each event once per key space that reads the stream ({@link KeyRouter}
 * over the current deployment's rules),
 * and keeps the stream's watermark per source partition.
 *
 * <p>Design: the watermark of a source partition is bounded out-of-orderness over the events it
 * accepted (newest time minus the stream's lateness minus 1 ms, as {@code backtest} keeps it), kept
 * in a store so that a restarted task decides lateness as the uninterrupted one would. Each advance
 * goes out as a {@link Routed.Watermark} after the events of the record, to every partition of the
 * repartition topic ({@link KeyedPartitioner}), so every CEP task learns every source partition's
 * watermark in order with its events. A wall-clock punctuator marks a partition idle when it had no
 * record for the idle timeout (also sent as a watermark record); its next record marks it active.
 *
 * <p>Not thread-safe: Kafka Streams gives each task its own instance.
 */
final class DecodeProcessor implements Processor<byte[], Decoded, String, Routed> {

    private static final Logger log = LoggerFactory.getLogger(DecodeProcessor.class);

    private final SourceStream source;
    private final Deployments deployments;
    /** Keys events for the rules of {@link #generation}. */
    private KeyRouter router;
    private long generation = -1;
    /** The key spaces of {@link #generation} that run in the source partition's task. */
    private Set<String> direct = Set.of();
    private final TimeHorizon horizon;
    private final DataPlaneMetrics metrics;
    private final long lateness;
    private final Map<Integer, PartitionClock> clocks = new HashMap<>();
    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, Long> newest;

    /**
     * Watermark records to the repartition topic: at most one per source partition in this many
     * milliseconds of wall-clock time, the latest when its time comes (the direct path's CEP processor,
     * in this task, gets every step). A stream whose event times are in milliseconds moves its
     * watermark at nearly every record; each broadcast step is a record to every partition of the
     * repartition topic, read by every CEP task. Under exactly-once they become readable at the next
     * commit anyway (100 ms by default).
     */
    static final long BROADCAST_INTERVAL_MS = 10;

    /** One source partition: the newest accepted event time (stored) and its idleness (not stored). */
    private static final class PartitionClock {
        final String storeKey;
        long newest = TimeHorizon.NONE;
        long lastRecord;
        boolean announced;
        boolean idle;
        /** Wall-clock time of the last watermark broadcast; whether a newer step waits for the next. */
        long broadcastAt;
        boolean broadcastPending;
        long pendingTimestamp;

        PartitionClock(String storeKey) {
            this.storeKey = storeKey;
        }
    }

    DecodeProcessor(SourceStream source, Deployments deployments, TimeHorizon horizon, DataPlaneMetrics metrics) {
        this.source = source;
        this.deployments = deployments;
        this.horizon = horizon;
        this.metrics = metrics;
        this.lateness = source.layout().lateness().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.newest = context.getStateStore(DataPlaneTopology.DECODE_STORE);
        context.schedule(source.punctuation(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
        context.schedule(Duration.ofMillis(BROADCAST_INTERVAL_MS), PunctuationType.WALL_CLOCK_TIME,
                this::broadcastPending);
    }

    private PartitionClock clock(int partition) {
        return clocks.computeIfAbsent(partition, p -> {
            PartitionClock c = new PartitionClock(storeKey(p));
            Long stored = newest.get(c.storeKey);
            c.newest = stored == null ? TimeHorizon.NONE : stored;
            c.lastRecord = context.currentSystemTimeMs();
            return c;
        });
    }

    private String storeKey(int partition) {
        return source.name() + "|" + partition;
    }

    private long watermark(PartitionClock c) {
        return c.newest == TimeHorizon.NONE ? Long.MIN_VALUE : c.newest - lateness - 1;
    }

    @Override
    public void process(Record<byte[], Decoded> record) {
        RecordMetadata origin = context.recordMetadata().orElseThrow();
        int partition = origin.partition();
        metrics.recordsIn.labelValues(source.name()).inc();
        PartitionClock clock = clock(partition);
        clock.lastRecord = context.currentSystemTimeMs();
        Event event = record.value().event();
        long time = event.timestamp();
        long before = watermark(clock);
        if (time <= before) {
            metrics.late.labelValues(source.name()).inc();
            deadLetter(record, origin, RejectReason.LATE, "late: its time " + Instant.ofEpochMilli(time)
                    + " is at or behind the watermark " + Instant.ofEpochMilli(before) + " of partition " + partition);
        } else {
            try {
                horizon.check(time, clock.newest);
                route(record, event);
                if (time > clock.newest) { // events mostly come in time order: most share their predecessor's time
                    clock.newest = time;
                    newest.put(clock.storeKey, time);
                }
            } catch (RejectedEventException e) {
                deadLetter(record, origin, e.reason(), e.getMessage());
            }
        }
        long after = watermark(clock);
        if (after > before || clock.idle || !clock.announced) {
            boolean broadcast = clock.idle || !clock.announced
                    || context.currentSystemTimeMs() - clock.broadcastAt >= BROADCAST_INTERVAL_MS;
            clock.idle = false;
            clock.announced = true;
            if (broadcast) {
                sendWatermark(clock, partition, after, false, record.timestamp());
            } else {
                forward(new Routed.Watermark(source.name(), partition, after, false, false), record.timestamp());
                clock.broadcastPending = true;
                clock.pendingTimestamp = record.timestamp();
            }
        }
    }

    /** Broadcasts the watermark steps held back since the last broadcast of their partition. */
    private void broadcastPending(long now) {
        clocks.forEach((partition, clock) -> {
            if (clock.broadcastPending && now - clock.broadcastAt >= BROADCAST_INTERVAL_MS) {
                sendWatermark(clock, partition, watermark(clock), clock.idle, clock.pendingTimestamp);
            }
        });
    }

    /**
     * Keys the event for every key space that reads the stream and forwards it, once it is sure the
     * record is used: on a topic of several partitions, a record whose Kafka key breaks its stream's
     * {@code key} promise for a key space on the {@link DirectPath} is refused whole.
     *
     * @throws RejectedEventException ({@code key_mismatch}) if so; nothing is forwarded then
     */
    private void route(Record<byte[], Decoded> record, Event event) throws RejectedEventException {
        Deployment d = deployments.current();
        if (d.generation() != generation) {
            router = new KeyRouter(d.rules().rules());
            direct = DirectPath.keySpaces(d.rules().rules());
            generation = d.generation();
        }
        List<Routed.KeyedEvent> keyed = new ArrayList<>(2);
        router.route(source.name(), event, new KeyRouter.Routes() {
            @Override
            public void keyed(String keySpace, String key) {
                keyed.add(new Routed.KeyedEvent(keySpace, key, source.name(), event, direct.contains(keySpace)));
            }

            @Override
            public void failed(String keySpace, List<String> rules, RuntimeException error) {
                rules.forEach(r -> metrics.ruleErrors.labelValues(r).inc());
                log.debug("partition key of an event of {} for {}: {}", source.name(), rules, error.getMessage());
            }
        });
        for (Routed.KeyedEvent e : keyed) {
            if (e.direct() && source.partitions() > 1) { // with one partition every record is where its key's are
                checkRecordKey(record.key(), e.key());
            }
        }
        for (Routed.KeyedEvent e : keyed) {
            context.forward(new Record<>(e.recordKey(), e, record.timestamp(), new RecordHeaders()));
        }
    }

    private void checkRecordKey(byte[] recordKey, String key) throws RejectedEventException {
        if (recordKey == null || !key.equals(new String(recordKey, StandardCharsets.UTF_8))) {
            throw new RejectedEventException(RejectReason.KEY_MISMATCH, "stream " + source.name() + " declares key "
                    + source.layout().keyField() + ": the record's key must be its " + source.layout().keyField() + " '"
                    + key + "', was " + (recordKey == null ? "none" : "'" + new String(recordKey, StandardCharsets.UTF_8)
                    + "'"));
        }
    }

    private void deadLetter(Record<byte[], Decoded> record, RecordMetadata origin, RejectReason reason, String message) {
        metrics.deadLettered.labelValues(source.name(), reason.code()).inc();
        Headers headers = DeadLetters.headers(record.headers(), source.name(), reason.code(), message, origin.topic(),
                origin.partition(), origin.offset());
        byte[] value = DeadLetters.value(record.value().value(), headers);
        context.forward(new Record<>(null, new Routed.DeadLetter(record.key(), value), record.timestamp(), headers));
    }

    /** Sends a watermark to this task's CEP processor and to every partition of the repartition topic. */
    private void sendWatermark(PartitionClock clock, int partition, long watermark, boolean idle, long timestamp) {
        forward(new Routed.Watermark(source.name(), partition, watermark, idle, true), timestamp);
        clock.broadcastAt = context.currentSystemTimeMs();
        clock.broadcastPending = false;
    }

    private void forward(Routed.Watermark w, long timestamp) {
        context.forward(new Record<>(w.recordKey(), w, timestamp, new RecordHeaders()));
    }

    /** Marks this task's partition of the stream idle when it had no record for the idle timeout. */
    private void punctuate(long now) {
        int partition = context.taskId().partition();
        if (partition >= source.partitions()) {
            return;
        }
        PartitionClock clock = clock(partition);
        if (!clock.idle && now - clock.lastRecord >= source.idleTimeout().toMillis()) {
            clock.idle = true;
            clock.announced = true;
            sendWatermark(clock, partition, watermark(clock), true, now);
        }
    }
}
