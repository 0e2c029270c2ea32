package io.cepheus.server.dataplane;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Map;
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
 *   <li>{@code cepheus_processing_latency_seconds} — from the timestamp of the record being processed
 *       to the alert it completed being written;
 *   <li>{@code cepheus_watermark_lag_seconds{stream}} — wall clock minus the stream's watermark, the
 *       largest over the CEP tasks of this node;
 *   <li>{@code cepheus_partial_matches{rule}} — partial matches held by this node's tasks.
 * </ul>
 *
 * Thread-safe: stream threads update it, the HTTP thread reads it.
 */
final class DataPlaneMetrics {

    final Counter recordsIn;
    final Counter deadLettered;
    final Counter late;
    final Counter alerts;
    final Counter ruleErrors;
    final Histogram latency;
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
        alerts = Counter.builder().name("cepheus_alerts").help("Alerts written to the alerts topic, by rule")
                .labelNames("rule").register(registry);
        ruleErrors = Counter.builder().name("cepheus_rule_errors")
                .help("Rule failures on an event (a condition, a partition key, an alert's text), by rule")
                .labelNames("rule").register(registry);
        latency = Histogram.builder().name("cepheus_processing_latency").unit(Unit.SECONDS)
                .help("From the timestamp of the record being processed to the alert it completed")
                .classicExponentialUpperBounds(0.001, 2, 16).register(registry);
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

    void watermark(String task, String stream, long watermark) {
        watermarks.computeIfAbsent(task, t -> new ConcurrentHashMap<>()).put(stream, watermark);
    }

    void partialMatches(String task, Map<String, Long> byRule) {
        partialMatches.put(task, Map.copyOf(byRule));
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
