package io.cepheus.server.webhooks;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The webhooks' metrics, in base units, registered once per node:
 *
 * <ul>
 *   <li>{@code cepheus_webhook_deliveries_total{endpoint,outcome}} — attempts made by this node, by how
 *       they ended: {@code delivered} (2xx), {@code failed} (a retry is due) or {@code dead} (no more
 *       attempts; also a delivery dead-lettered without an attempt: its endpoint deleted or disabled,
 *       its retry window passed while the endpoint's breaker was open);
 *   <li>{@code cepheus_webhook_attempt_duration_seconds{endpoint}} — from connecting to the answer or
 *       the failure;
 *   <li>{@code cepheus_webhook_queue_depth{endpoint}} — deliveries this node dispatches that are not yet
 *       delivered or dead (waiting for an attempt, a retry, or in flight);
 *   <li>{@code cepheus_webhook_oldest_pending_age_seconds{endpoint}} — how long the oldest of them has
 *       waited since it was queued;
 *   <li>{@code cepheus_webhook_dead_letters{endpoint}} — dead deliveries in the delivery log (the same on
 *       every node: every node reads the whole log);
 *   <li>{@code cepheus_webhook_partitions} — the alerts partitions whose alerts this node dispatches.
 * </ul>
 *
 * Thread-safe.
 */
final class WebhookMetrics {

    final Counter outcomes;
    final Histogram latency;

    /**
     * @param active the deliveries this node dispatches, unfinished
     * @param dead the dead deliveries of the log, by endpoint
     * @param partitions how many alerts partitions this node dispatches
     */
    WebhookMetrics(PrometheusRegistry registry, Supplier<Collection<Delivery>> active, Supplier<Map<String, Long>> dead,
                   java.util.function.IntSupplier partitions) {
        outcomes = Counter.builder().name("cepheus_webhook_deliveries")
                .help("Webhook attempts by endpoint and outcome: delivered, failed (retry due) or dead (no more attempts)")
                .labelNames("endpoint", "outcome").register(registry);
        latency = Histogram.builder().name("cepheus_webhook_attempt_duration").unit(Unit.SECONDS)
                .help("Webhook attempts from connecting to the answer or the failure, by endpoint")
                .labelNames("endpoint").classicExponentialUpperBounds(0.001, 2, 16).register(registry);
        GaugeWithCallback.builder().name("cepheus_webhook_queue_depth")
                .help("Webhook deliveries this node dispatches that are not yet delivered or dead, by endpoint")
                .labelNames("endpoint")
                .callback(cb -> depths(active.get()).forEach((endpoint, n) -> cb.call(n, endpoint)))
                .register(registry);
        GaugeWithCallback.builder().name("cepheus_webhook_oldest_pending_age").unit(Unit.SECONDS)
                .help("How long the oldest unfinished webhook delivery this node dispatches has waited, by endpoint")
                .labelNames("endpoint")
                .callback(cb -> ages(active.get(), Instant.now()).forEach((endpoint, s) -> cb.call(s, endpoint)))
                .register(registry);
        GaugeWithCallback.builder().name("cepheus_webhook_dead_letters")
                .help("Dead webhook deliveries in the delivery log, by endpoint (the same on every node)")
                .labelNames("endpoint")
                .callback(cb -> dead.get().forEach((endpoint, n) -> cb.call(n, endpoint)))
                .register(registry);
        GaugeWithCallback.builder().name("cepheus_webhook_partitions")
                .help("Alerts partitions whose alerts this node dispatches to webhooks")
                .callback(cb -> cb.call(partitions.getAsInt()))
                .register(registry);
    }

    void attempt(String endpoint, Delivery.Status outcome, long latencyMs) {
        outcomes.labelValues(endpoint, outcome.label()).inc();
        latency.labelValues(endpoint).observe(latencyMs / 1000.0);
    }

    void deadWithoutAttempt(String endpoint) {
        outcomes.labelValues(endpoint, Delivery.Status.DEAD.label()).inc();
    }

    private static Map<String, Double> depths(Collection<Delivery> active) {
        Map<String, Double> n = new TreeMap<>();
        active.forEach(d -> n.merge(d.endpoint(), 1.0, Double::sum));
        return n;
    }

    private static Map<String, Double> ages(Collection<Delivery> active, Instant now) {
        Map<String, Double> age = new TreeMap<>();
        active.forEach(d -> age.merge(d.endpoint(), Math.max(0, now.toEpochMilli() - d.queued().toEpochMilli()) / 1000.0,
                Math::max));
        return age;
    }
}
