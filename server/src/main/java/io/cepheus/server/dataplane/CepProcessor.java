package io.cepheus.server.dataplane;

import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.server.control.Deployment;
import io.cepheus.server.control.Deployments;
import io.cepheus.server.runtime.CepRuntime;
import io.cepheus.server.runtime.PartialMatchCaps;
import io.cepheus.server.runtime.RuntimeAlert;
import io.cepheus.server.runtime.RuntimeListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyed CEP processor of one partition of the repartition topic: one {@link CepRuntime} (every
 * rule, one engine per key space) over the task's state store, fed keyed events and the source
 * partitions' watermarks ({@link StreamWatermarks}), writing alerts as JSON records ({@link
 * AlertRecords}) keyed {@code rule|key}.
 *
 * <p><b>The exactly-once contract.</b> All state — every engine's stores (keys, timers, event-time
 * buffer, meta), the suppression stores and the stream watermarks — is in one Kafka Streams
 * key-value store ({@link StreamsStateBackend}), and the runtime is flushed into it at the end of
 * every {@code process()} and every punctuation. So whenever Kafka Streams commits (between two
 * records, or after a punctuation) the store holds the complete state as of the records processed;
 * under {@code exactly_once_v2} its changelog, the input offsets and the alert records are committed
 * in one transaction. A task restored after a crash or a move reopens the runtime over the restored
 * store and continues as the uninterrupted run (the engines find their state by name), re-processing
 * only records after the last commit, whose alerts were aborted with it. Closing a task writes
 * nothing (the store is complete already; Kafka Streams takes no writes while closing). Kafka Streams' record cache
 * in the store stack keeps the per-record flush cheap: it writes the changelog once per commit.
 *
 * <p>Not thread-safe: Kafka Streams gives each task its own instance.
 */
final class CepProcessor implements Processor<String, Routed, String, String>, RuntimeListener {

    private static final Logger log = LoggerFactory.getLogger(CepProcessor.class);

    private final Deployments deployments;
    /** The generation of the deployment the runtime runs. */
    private long generation;
    private final List<SourceStream> sources;
    private final DataPlaneMetrics metrics;
    private final Duration punctuation;
    private final PartialMatchCaps caps;
    /** Whether this processor runs the {@link DirectPath}'s key spaces (else those behind the repartition topic). */
    private final boolean direct;
    private ProcessorContext<String, String> context;
    private StreamsStateBackend backend;
    private CepRuntime runtime;
    private StreamWatermarks watermarks;
    private String task;
    /** The record being processed; null in a punctuation. */
    private Record<String, Routed> current;

    CepProcessor(Deployments deployments, List<SourceStream> sources, DataPlaneMetrics metrics, Duration punctuation,
                 PartialMatchCaps caps, boolean direct) {
        this.deployments = deployments;
        this.direct = direct;
        this.sources = List.copyOf(sources);
        this.metrics = metrics;
        this.punctuation = punctuation;
        this.caps = caps;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.task = context.taskId().toString();
        KeyValueStore<Bytes, byte[]> store = context.getStateStore(direct ? DataPlaneTopology.DIRECT_STORE
                : DataPlaneTopology.CEP_STORE);
        this.backend = new StreamsStateBackend(store);
        Deployment d = deployments.current();
        this.runtime = new CepRuntime(DirectPath.rules(d.rules().rules(), direct), backend, this,
                e -> "event " + Long.toHexString(e.id()), caps, d.versions());
        this.generation = d.generation();
        this.watermarks = new StreamWatermarks(backend, sources, direct);
        context.schedule(punctuation, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, Routed> record) {
        current = record;
        try {
            follow();
            switch (record.value()) {
                case Routed.KeyedEvent e -> {
                    if (runtime.hasKeySpace(e.keySpace())) {
                        runtime.acceptKeyed(e.keySpace(), e.stream(), e.key(), e.event());
                    } else {
                        metrics.unrouted.labelValues(e.stream()).inc(); // keyed by a node that runs other rules
                    }
                }
                case Routed.Watermark w -> watermarks.onWatermark(w, runtime);
                case Routed.DeadLetter d -> throw new IllegalStateException("a dead letter on the repartition topic");
            }
            flush();
        } finally {
            current = null;
        }
    }

    /** Applies a newer deployment: rules added, changed (draining) or removed, before the next record. */
    private void follow() {
        Deployment d = deployments.current();
        if (d.generation() == generation) {
            return;
        }
        try {
            runtime.update(DirectPath.rules(d.rules().rules(), direct), d.versions());
            log.info("task {} runs the rules of control offset {}", task, d.generation());
        } catch (IllegalArgumentException e) {
            log.error("task {} cannot run the rules of control offset {}: {}", task, d.generation(), e.getMessage());
        }
        generation = d.generation();
    }

    private void punctuate(long now) {
        follow();
        watermarks.onWallClock(now, runtime);
        flush();
        watermarks.watermarks().forEach((stream, w) -> metrics.watermark(task, stream, w));
        metrics.partialMatches(task, runtime.partialMatches());
    }

    private void flush() {
        runtime.flush();
        watermarks.flush();
    }

    /**
     * Writes the alert record, unless its rule is snoozed for its key (then it is only counted): the
     * snoozes come with the deployment's catalog, so a snooze reaches every task with the next record.
     */
    @Override
    public void alert(RuntimeAlert alert) {
        long now = context.currentSystemTimeMs();
        if (deployments.current().catalog().snoozed(alert.rule().name(), alert.key(), now)) {
            metrics.snoozed.labelValues(alert.rule().name()).inc();
            return;
        }
        RecordHeaders headers = new RecordHeaders();
        Match match = alert.match();
        if (match != null && !match.allEvents().isEmpty()) {
            Event last = match.allEvents().getLast();
            String trace = AlertRecords.traceparent(alert.rule().stream(), last);
            if (trace != null) {
                headers.add(EventDeserializer.TRACEPARENT, trace.getBytes(StandardCharsets.UTF_8));
            }
        }
        long timestamp = current != null ? current.timestamp() : now;
        context.forward(new Record<>(AlertRecords.key(alert), AlertRecords.json(alert), timestamp, headers));
        metrics.alerts.labelValues(alert.rule().name()).inc();
        if (current != null) {
            metrics.latency.observe(Math.max(0, now - current.timestamp()) / 1000.0);
        }
    }

    @Override
    public void matched(String rule) {
        metrics.matches.labelValues(rule).inc();
    }

    @Override
    public void dropped(String rule, String key, int count) {
        metrics.partialMatchesDropped.labelValues(rule).inc(count);
        metrics.dropWarnings.dropped(rule, key, count, context.currentSystemTimeMs());
    }

    @Override
    public void ruleError(String rule, String key, String message) {
        metrics.ruleErrors.labelValues(rule).inc();
        log.debug("rule {} failed for key {}: {}", rule, key, message);
    }

    @Override
    public void late(Event event, long watermark) {
        if (current != null && current.value() instanceof Routed.KeyedEvent e) {
            metrics.late.labelValues(e.stream()).inc();
        }
    }

    /**
     * Releases the task's runtime without writing: the store is complete after every record and
     * punctuation, and Kafka Streams allows no store writes while it closes a task (and after a crash
     * nothing here would be committed anyway).
     */
    @Override
    public void close() {
        metrics.taskClosed(task);
        runtime = null;
        watermarks = null;
        backend = null;
    }
}
