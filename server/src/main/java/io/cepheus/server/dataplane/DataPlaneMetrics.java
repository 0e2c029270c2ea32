package io.cepheus.server.dataplane;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data plane's metrics, in base units, registered once per node:
 *
 * <ul>
 *   <li>{@code cepheus_records_in_total{stream}} — records read from a stream's topic;
 *   <li>{@code cepheus_records_dead_lettered_total{stream,reason}} — records sent to the dead-letter
 *       topic, by reason code;
 *   <li>{@code cepheus_records_late_total{stream}} — events behind their stream's watermark (also
 *       counted as dead letters with reason {@code late} when the decode stage refused them);
 *   <li>{@code cepheus_alerts_total{rule}} — alerts written;
 *   <li>{@code cepheus_alerts_snoozed_total{rule}} — alerts not written because their rule was snoozed
 *       for their key;
 *   <li>{@code cepheus_processing_latency_seconds} — from the timestamp of the record being processed
 *       to the alert it completed being written;
 *   <li>{@code cepheus_watermark_lag_seconds{stream}} — wall clock minus the stream's watermark, the
 *       largest over the CEP tasks of this node;
 *   <li>{@code cepheus_partial_matches{rule}} — partial matches held by this node's tasks;
 *   <li>{@code cepheus_matches_total{rule}} — matches, absences, timeouts and aggregate results whose
 *       condition held, before suppression;
 *   <li>{@code cepheus_partial_matches_dropped_total{rule}} — partial matches dropped at a cap ({@code
 *       max.partial.matches}, {@code max.partial.matches.per.rule}); also a WARN line per rule at most
 *       once a minute ({@link DropWarnings});
 *   <li>{@code cepheus_state_restored_records_total{store}} and {@code
 *       cepheus_state_restore_remaining_records{store}} — changelog records restored into this node's
 *       stores, and still to restore ({@link RestoreProgress});
 *   <li>{@code cepheus_stream_thread_failures_total{response}} — stream threads that died on an error,
 *       replaced or, after too many, the client stopped ({@link ThreadFailures});
 *   <li>{@code cepheus_commit_duration_seconds{stat}} — Kafka Streams' commit latency, {@code avg} and
 *       {@code max} over its metrics window (30 s) and this node's stream threads.
 * </ul>
 *
 * Thread-safe: stream threads update it, the HTTP thread reads it.
 */
final class DataPlaneMetrics {

    private static final Logger log = LoggerFactory.getLogger(DataPlaneMetrics.class);

    final Counter recordsIn;
    final Counter deadLettered;
    final Counter late;
    final Counter alerts;
    final Counter ruleErrors;
    final Histogram latency;
    final Counter matches;
    final Counter partialMatchesDropped;
    final Counter restored;
    final Counter unrouted;
    final Counter snoozed;
    final Counter threadFailures;
    final DropWarnings dropWarnings = new DropWarnings(60_000, log::warn);
    final RestoreProgress restore;
    /** Per stream and key: late and dead-lettered records, for "why hasn't it fired?" (not exported). */
    final KeyCounts keys = new KeyCounts();
    /** Kafka Streams' metrics, once it is started. */
    private volatile Supplier<Map<MetricName, ? extends Metric>> streamsMetrics = Map::of;
    /** Per CEP task: the stream watermarks it last applied. */
    private final Map<String, Map<String, Long>> watermarks = new ConcurrentHashMap<>();
    /** Per CEP task: partial matches per rule at its last punctuation. */
    private final Map<String, Map<String, Long>> partialMatches = new ConcurrentHashMap<>();

    DataPlaneMetrics(PrometheusRegistry registry) {
        recordsIn = Counter.builder().name("cepheus_records_in").help("Records read from the topics of streams")
                .labelNames("stream").register(registry);
        deadLettered = Counter.builder().name("cepheus_records_dead_lettered")
                .help("Records sent to the dead-letter topic, by stream and reason").labelNames("stream", "reason")
                .register(registry);
        late = Counter.builder().name("cepheus_records_late").help("Events behind their stream's watermark")
                .labelNames("stream").register(registry);
        snoozed = Counter.builder().name("cepheus_alerts_snoozed")
                .help("Alerts not written because their rule is snoozed for their key").labelNames("rule")
                .register(registry);
        unrouted = Counter.builder().name("cepheus_events_unrouted")
                .help("Events keyed for rules this node does not run (yet, or any more) while a rule change spreads, by stream")
                .labelNames("stream").register(registry);
        alerts = Counter.builder().name("cepheus_alerts").help("Alerts written to the alerts topic, by rule")
                .labelNames("rule").register(registry);
        ruleErrors = Counter.builder().name("cepheus_rule_errors")
                .help("Rule failures on an event (a condition, a partition key, an alert's text), by rule")
                .labelNames("rule").register(registry);
        latency = Histogram.builder().name("cepheus_processing_latency").unit(Unit.SECONDS)
                .help("From the timestamp of the record being processed to the alert it completed")
                .classicExponentialUpperBounds(0.001, 2, 16).register(registry);
        matches = Counter.builder().name("cepheus_matches")
                .help("Matches, absences, timeouts and aggregate results whose condition held, by rule (before suppression)")
                .labelNames("rule").register(registry);
        partialMatchesDropped = Counter.builder().name("cepheus_partial_matches_dropped")
                .help("Partial matches dropped at a cap (max.partial.matches, max.partial.matches.per.rule), by rule")
                .labelNames("rule").register(registry);
        threadFailures = Counter.builder().name("cepheus_stream_thread_failures")
                .help("Stream threads that died on an error, by what followed: replace (a new thread) or shutdown")
                .labelNames("response").register(registry);
        restored = Counter.builder().name("cepheus_state_restored_records")
                .help("Changelog records restored into this node's state stores").labelNames("store").register(registry);
        restore = new RestoreProgress(restored);
        GaugeWithCallback.builder().name("cepheus_state_restore_remaining_records")
                .help("Changelog records still to restore into this node's state stores (0 when none restores)")
                .labelNames("store")
                .callback(cb -> restore.remaining().forEach((store, n) -> cb.call(n, store)))
                .register(registry);
        GaugeWithCallback.builder().name("cepheus_commit_duration").unit(Unit.SECONDS)
                .help("Kafka Streams' commit latency over its metrics window (30 s): avg and max over the stream threads")
                .labelNames("stat")
                .callback(cb -> commitLatency().forEach((stat, seconds) -> cb.call(seconds, stat)))
                .register(registry);
        GaugeWithCallback.builder().name("cepheus_watermark_lag").unit(Unit.SECONDS)
                .help("Wall clock minus the stream's watermark (the most behind of this node's tasks)")
                .labelNames("stream")
                .callback(cb -> lags().forEach((stream, lag) -> cb.call(lag, stream)))
                .register(registry);
        GaugeWithCallback.builder().name("cepheus_partial_matches")
                .help("Partial matches held by this node, by rule (as of the last punctuation)")
                .labelNames("rule")
                .callback(cb -> totals(partialMatches).forEach((rule, n) -> cb.call(n, rule)))
                .register(registry);
    }

    /** From now on, the commit latency is read from {@code streams}' metrics. */
    void streams(KafkaStreams streams) {
        this.streamsMetrics = streams::metrics;
    }

    /** {@code avg} and {@code max} of {@code commit-latency-*} of the stream threads, in seconds; empty before a commit. */
    private Map<String, Double> commitLatency() {
        Map<String, Double> latency = new java.util.TreeMap<>();
        streamsMetrics.get().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && name.name().startsWith("commit-latency-")
                    && metric.metricValue() instanceof Double ms && !ms.isNaN()) {
                latency.merge(name.name().substring("commit-latency-".length()), ms / 1000.0, Math::max);
            }
        });
        return latency;
    }

    void watermark(String task, String stream, long watermark) {
        watermarks.computeIfAbsent(task, t -> new ConcurrentHashMap<>()).put(stream, watermark);
    }

    void partialMatches(String task, Map<String, Long> byRule) {
        partialMatches.put(task, Map.copyOf(byRule));
    }

    /** Partial matches per rule held by this node's tasks, as of their last punctuation. */
    Map<String, Long> partialMatches() {
        return totals(partialMatches);
    }

    /** A task closed on this node: its gauges go. */
    void taskClosed(String task) {
        watermarks.remove(task);
        partialMatches.remove(task);
    }

    private Map<String, Double> lags() {
        long now = System.currentTimeMillis();
        Map<String, Double> lag = new java.util.TreeMap<>();
        watermarks.values().forEach(byStream -> byStream.forEach((stream, w) -> {
            if (w > Long.MIN_VALUE) {
                lag.merge(stream, (now - w) / 1000.0, Math::max);
            }
        }));
        return lag;
    }

    private static Map<String, Long> totals(Map<String, Map<String, Long>> perTask) {
        Map<String, Long> sum = new java.util.TreeMap<>();
        perTask.values().forEach(m -> m.forEach((k, v) -> sum.merge(k, v, Long::sum)));
        return sum;
    }
}
