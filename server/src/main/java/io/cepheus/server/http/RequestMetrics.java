package io.cepheus.server.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;

/**
 * Counts answered requests as {@code cepheus_http_requests_total{route, status}}; the route is the
 * routing table's template, {@code other} for paths it does not know (so that stray paths cannot
 * grow the label set).
 */
final class RequestMetrics implements HttpHandler {

    private final HttpHandler next;
    private final Counter requests;

    RequestMetrics(HttpHandler next, PrometheusRegistry registry) {
        this.next = next;
        this.requests = Counter.builder()
                .name("cepheus_http_requests")
                .help("HTTP requests answered, by route and status")
                .labelNames("route", "status")
                .register(registry);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            PathTemplateMatch match = done.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
            String route = match == null ? "other" : match.getMatchedTemplate();
            requests.labelValues(route, Integer.toString(done.getStatusCode())).inc();
            nextListener.proceed();
        });
        next.handleRequest(exchange);
    }
}
