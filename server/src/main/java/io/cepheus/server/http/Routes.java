package io.cepheus.server.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.StatusCodes;

/** The routing table: every path the server answers, in one place. */
final class Routes {

    private Routes() {}

    /** Handlers that may throw; {@link ErrorBoundary} turns what they throw into a problem response. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpServerExchange exchange) throws Exception;
    }

    static RoutingHandler table(HealthHandlers health, MetricsHandler metrics, ProblemMapper problems) {
        return new RoutingHandler()
                .get("/health/live", adapt(health::live))
                .get("/health/ready", adapt(health::ready))
                .get("/metrics", adapt(metrics::scrape))
                .setFallbackHandler(e -> problems.send(e, StatusCodes.NOT_FOUND,
                        "no resource at " + e.getRequestPath()))
                .setInvalidMethodHandler(e -> problems.send(e, StatusCodes.METHOD_NOT_ALLOWED,
                        e.getRequestMethod() + " is not allowed on " + e.getRequestPath()));
    }

    private static HttpHandler adapt(Handler handler) {
        return handler::handle;
    }
}
