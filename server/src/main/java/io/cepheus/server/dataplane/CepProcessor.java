package io.cepheus.server.dataplane;

import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.state.CachingStateBackend;
import io.cepheus.server.control.Deployment;
import io.cepheus.server.control.Deployments;
import io.cepheus.server.runtime.CepRuntime;
import io.cepheus.server.runtime.ChainOutput;
import io.cepheus.server.runtime.PartialMatchCaps;
import io.cepheus.server.runtime.RuntimeAlert;
import io.cepheus.server.runtime.RuntimeListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p><b>Chained rules</b> ({@code from alerts(rule)}) over several partitions: the key an alert has
 * for the rule that reads it is in general another task's (another key space, perhaps another {@code
 * partition by}), so the runtime does not give it to that rule here; the processor writes it to the
 * chain topic keyed for that rule's task, as the decode stage writes events to the repartition topic,
 * and after it the watermark of the rule's alerts from this task, to every partition. Each task reads
 * the chain topic beside the repartition topic, and a rule's alerts input moves to the least
 * watermark over the tasks that make them ({@link StreamWatermarks}). With one partition the runtime
 * passes alerts on itself.
 *
 * <p><b>The exactly-once contract.</b> All state — every engine's stores (keys, timers, event-time
 * buffer, meta), the suppression stores and the stream watermarks — is in one Kafka Streams
 * key-value store ({@link StreamsStateBackend}), behind a write-back cache of live values ({@link
 * CachingStateBackend}, {@value #KEYS_CACHED} keys per logical store). Between commits the runtime
 * keeps its changes in memory (an evicted dirty value is written to the store at once); just before
 * Kafka Streams commits the task, the store's outermost layer ({@link PreCommitStore}) runs this
 * processor's hook, which flushes the runtime — everything dirty, the event-time buffer's changes,
 * the clocks — into the store. So at every commit the store holds the complete state as of the
 * records processed, and under {@code exactly_once_v2} its changelog, the input offsets and the alert
 * records are committed in one transaction. A task restored after a crash or a move reopens the
 * runtime over the restored store and continues as the uninterrupted run (the engines find their
 * state by name), re-processing only records after the last commit, whose alerts were aborted with
 * it. Closing the processor writes nothing: the hook, which outlives it, writes at the commit Kafka
 * Streams makes when it closes or suspends the task cleanly; after a dirty close the store is rolled
 * back to its last commit and the in-memory state dropped with the hook.
 *
 * <p>Not thread-safe: Kafka Streams gives each task its own instance.
 */
final class CepProcessor implements Processor<String, Routed, String, CepOutput>, RuntimeListener, ChainOutput {

    private static final Logger log = LoggerFactory.getLogger(CepProcessor.class);
    /** Live keys per logical store kept decoded in memory, written to the store at a commit or on eviction. */
    static final int KEYS_CACHED = 100_000;

    private final Deployments deployments;
    /** The generation of the deployment the runtime runs. */
    private long generation;
    private final List<SourceStream> sources;
    private final DataPlaneMetrics metrics;
    private final Duration punctuation;
    private final PartialMatchCaps caps;
    /** Whether this processor runs the {@link DirectPath}'s key spaces (else those behind the repartition topic). */
    private final boolean direct;
    private final PreCommitHooks hooks;
    /** The tasks that write the chain topic; 0: alerts read by other rules do not go through it. */
    private final int chainProducers;
    /** Per rule whose alerts go through the chain topic, the watermark last written for them. */
    private final Map<String, Long> chainWatermarks = new HashMap<>();
    private ProcessorContext<String, CepOutput> context;
    private CachingStateBackend backend;
    private CepRuntime runtime;
    private StreamWatermarks watermarks;
    private String task;
    /** The record being processed; null in a punctuation. */
    private Record<String, Routed> current;

    /**
     * @param direct whether it runs the {@link DirectPath}'s key spaces (else those behind the repartition topic)
     * @param chainProducers the tasks that write the chain topic — the partitions of the repartition
     *     topic — when alerts read by other rules go through it; 0 when the runtime passes them on
     */
    CepProcessor(Deployments deployments, List<SourceStream> sources, DataPlaneMetrics metrics, Duration punctuation,
                 PartialMatchCaps caps, boolean direct, int chainProducers, PreCommitHooks hooks) {
        this.deployments = deployments;
        this.chainProducers = chainProducers;
        this.hooks = hooks;
        this.direct = direct;
        this.sources = List.copyOf(sources);
        this.metrics = metrics;
        this.punctuation = punctuation;
        this.caps = caps;
    }

    @Override
    public void init(ProcessorContext<String, CepOutput> context) {
        this.context = context;
        this.task = context.taskId().toString();
        String storeName = direct ? DataPlaneTopology.DIRECT_STORE : DataPlaneTopology.CEP_STORE;
        KeyValueStore<Bytes, byte[]> store = context.getStateStore(storeName);
        this.backend = new CachingStateBackend(new StreamsStateBackend(store), KEYS_CACHED);
        Deployment d = deployments.current();
        this.runtime = new CepRuntime(DirectPath.rules(d.rules().rules(), direct), backend, this,
                e -> "event " + Long.toHexString(e.id()), caps, d.versions());
        this.generation = d.generation();
        if (chainProducers > 0) {
            runtime.routeChainsTo(this);
        }
        this.watermarks = new StreamWatermarks(backend, sources, direct, chainProducers);
        CepRuntime rt = runtime;
        StreamWatermarks wm = watermarks;
        Runnable beforeCommit = () -> {
            rt.flush();
            wm.flush();
        };
        beforeCommit.run(); // what opening wrote: stores take writes now, and may lack a record context at the next commit
        hooks.register(context.taskId(), storeName, beforeCommit);
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
        watermarks.watermarks().forEach((stream, w) -> metrics.watermark(task, stream, w));
        metrics.partialMatches(task, runtime.partialMatches());
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
        context.forward(new Record<>(AlertRecords.key(alert), new CepOutput.Alert(AlertRecords.json(alert)),
                timestamp(now), headers));
        metrics.alerts.labelValues(alert.rule().name()).inc();
        if (current != null) {
            metrics.latency.observe(Math.max(0, now - current.timestamp()) / 1000.0);
        }
    }

    private long timestamp(long now) {
        return current != null ? current.timestamp() : now;
    }

    @Override
    public void chained(String keySpace, String key, String input, Event event) {
        Routed.KeyedEvent chained = new Routed.KeyedEvent(keySpace, key, input, event, false);
        context.forward(new Record<>(chained.recordKey(), new CepOutput.Chained(chained),
                timestamp(context.currentSystemTimeMs())));
    }

    @Override
    public void chainWatermark(String rule, long watermark) {
        Long last = chainWatermarks.put(rule, watermark);
        if (last != null && last == watermark) {
            return;
        }
        Routed.Watermark w = new Routed.Watermark(CepRuntime.alertsInput(rule), context.taskId().partition(), watermark,
                false);
        context.forward(new Record<>(w.recordKey(), new CepOutput.Chained(w), timestamp(context.currentSystemTimeMs())));
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
            metrics.keys.lateInEngine(e.stream(), e.key());
        }
    }

    /**
     * Releases the task's runtime without writing: its pre-commit hook, registered with the store,
     * keeps it until the commit Kafka Streams makes when it closes or suspends the task cleanly (or
     * until the store closes).
     */
    @Override
    public void close() {
        metrics.taskClosed(task);
        runtime = null;
        watermarks = null;
        backend = null;
    }
}
