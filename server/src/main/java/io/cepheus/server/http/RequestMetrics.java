package io.cepheus.server.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;

/**
 * Counts answered requests as {@code cepheus_http_requests_total{method, route, status}} and times
 * them as {@code cepheus_http_request_duration_seconds{method, route}} (from the start of the
 * request to its last byte); the route is the routing table's template, {@code other} for paths it
 * does not know (so that stray paths cannot grow the label set).
 */
final class RequestMetrics implements HttpHandler {

    private static final java.util.Set<String> METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE",
            "PATCH", "OPTIONS");

    private final HttpHandler next;
    private final Counter requests;
    private final Histogram duration;

    RequestMetrics(HttpHandler next, PrometheusRegistry registry) {
        this.next = next;
        this.requests = Counter.builder()
                .name("cepheus_http_requests")
                .help("HTTP requests answered, by method, route and status")
                .labelNames("method", "route", "status")
                .register(registry);
        this.duration = Histogram.builder()
                .name("cepheus_http_request_duration_seconds")
                .help("Time from a request's start to its answer's end, by method and route")
                .classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .labelNames("method", "route")
                .register(registry);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long start = System.nanoTime();
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            PathTemplateMatch match = done.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
            String route = match == null ? "other" : match.getMatchedTemplate();
            String method = METHODS.contains(done.getRequestMethod().toString()) ? done.getRequestMethod().toString() : "other";
            requests.labelValues(method, route, Integer.toString(done.getStatusCode())).inc();
            duration.labelValues(method, route).observe((System.nanoTime() - start) / 1e9);
            nextListener.proceed();
        });
        next.handleRequest(exchange);
    }
}
