package io.cepheus.server.http;

import io.cepheus.server.api.Role;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import io.undertow.util.StatusCodes;
import java.util.List;

/** The routing table: every path the server answers, in one place, with the role each API route needs. */
final class Routes {

    private Routes() {}

    /** Handlers that may throw; {@link ErrorBoundary} turns what they throw into a problem response. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpServerExchange exchange) throws Exception;
    }

    /** The REST API's routes under {@code /api}: the OpenAPI document and {@code /api/v1}. */
    static List<Route> api(RuleHandlers rules, StreamHandlers streams, AlertHandlers alerts, AdminHandlers admin,
                           LiveHandlers live, BacktestHandlers backtests, WebhookHandlers webhooks,
                           OpenApiHandler openApi) {
        String v1 = "/api/v1";
        return List.of(
                new Route("GET", "/api/openapi.json", null, openApi::serve),
                new Route("GET", v1 + "/rules", Role.VIEWER, rules::list),
                new Route("POST", v1 + "/rules", Role.AUTHOR, rules::create),
                new Route("POST", v1 + "/rules/validate", Role.VIEWER, rules::validate),
                new Route("POST", v1 + "/rules/format", Role.VIEWER, rules::format),
                new Route("GET", v1 + "/rules/{id}", Role.VIEWER, rules::get),
                new Route("PUT", v1 + "/rules/{id}", Role.AUTHOR, rules::update),
                new Route("DELETE", v1 + "/rules/{id}", Role.AUTHOR, rules::delete),
                new Route("GET", v1 + "/rules/{id}/versions", Role.VIEWER, rules::versions),
                new Route("GET", v1 + "/rules/{id}/versions/{n}", Role.VIEWER, rules::version),
                new Route("POST", v1 + "/rules/{id}/versions/{n}/rollback", Role.AUTHOR, rules::rollback),
                new Route("GET", v1 + "/rules/{id}/keys/{key}/partial-matches", Role.VIEWER, live::partialMatches),
                new Route("GET", v1 + "/rules/{id}/stats", Role.VIEWER, alerts::stats),
                new Route("GET", v1 + "/rules/{id}/snoozes", Role.VIEWER, alerts::snoozes),
                new Route("POST", v1 + "/rules/{id}/snoozes", Role.AUTHOR, alerts::snooze),
                new Route("DELETE", v1 + "/rules/{id}/snoozes/{key}", Role.AUTHOR, alerts::unsnooze),
                new Route("GET", v1 + "/alerts", Role.VIEWER, alerts::list),
                new Route("GET", v1 + "/alerts/stream", Role.VIEWER, alerts::stream, true),
                new Route("GET", v1 + "/alerts/{id}", Role.VIEWER, alerts::get),
                new Route("POST", v1 + "/alerts/{id}/acknowledge", Role.AUTHOR, alerts::acknowledge),
                new Route("POST", v1 + "/alerts/{id}/resolve", Role.AUTHOR, alerts::resolve),
                new Route("POST", v1 + "/alerts/{id}/comments", Role.AUTHOR, alerts::comment),
                new Route("GET", v1 + "/alerts/{id}/deliveries", Role.VIEWER, webhooks::ofAlert),
                new Route("GET", v1 + "/streams", Role.VIEWER, streams::list),
                new Route("POST", v1 + "/streams", Role.AUTHOR, streams::create),
                new Route("GET", v1 + "/streams/{name}", Role.VIEWER, streams::get),
                new Route("PUT", v1 + "/streams/{name}", Role.AUTHOR, streams::update),
                new Route("DELETE", v1 + "/streams/{name}", Role.AUTHOR, streams::delete),
                new Route("POST", v1 + "/streams/{name}/events", Role.AUTHOR, streams::events),
                new Route("GET", v1 + "/me", Role.VIEWER, admin::me),
                new Route("GET", v1 + "/tokens", Role.ADMIN, admin::tokens),
                new Route("POST", v1 + "/tokens", Role.ADMIN, admin::createToken),
                new Route("DELETE", v1 + "/tokens/{id}", Role.ADMIN, admin::revokeToken),
                new Route("GET", v1 + "/audit", Role.ADMIN, admin::audit),
                // backtests: authors run and cancel them, viewers read jobs and shadow reports
                new Route("POST", v1 + "/backtests", Role.AUTHOR, backtests::run),
                new Route("GET", v1 + "/backtests/{id}", Role.VIEWER, backtests::job),
                new Route("DELETE", v1 + "/backtests/{id}", Role.AUTHOR, backtests::cancel),
                new Route("GET", v1 + "/rules/{id}/shadow-report", Role.VIEWER, backtests::shadowReport),
                // webhooks: authors manage endpoints, test and replay; viewers read endpoints and deliveries
                new Route("GET", v1 + "/webhooks", Role.VIEWER, webhooks::list),
                new Route("POST", v1 + "/webhooks", Role.AUTHOR, webhooks::create),
                new Route("GET", v1 + "/webhooks/{name}", Role.VIEWER, webhooks::get),
                new Route("PUT", v1 + "/webhooks/{name}", Role.AUTHOR, webhooks::update),
                new Route("DELETE", v1 + "/webhooks/{name}", Role.AUTHOR, webhooks::delete),
                new Route("POST", v1 + "/webhooks/{name}/rotate-secret", Role.AUTHOR, webhooks::rotateSecret),
                new Route("POST", v1 + "/webhooks/{name}/test", Role.AUTHOR, webhooks::test),
                new Route("GET", v1 + "/webhooks/{name}/deliveries", Role.VIEWER, webhooks::deliveries),
                new Route("GET", v1 + "/webhooks/{name}/dead-letters", Role.VIEWER, webhooks::deadLetters),
                new Route("POST", v1 + "/webhooks/{name}/deliveries/{id}/replay", Role.AUTHOR, webhooks::replay),
                new Route("POST", v1 + "/webhooks/{name}/replay", Role.AUTHOR, webhooks::replaySince));
    }

    /**
     * The whole table: health, metrics, the API's routes behind the guard, and the web console for
     * every other GET (answered gzip-compressed when the client takes it).
     */
    static RoutingHandler table(HealthHandlers health, MetricsHandler metrics, List<Route> api, Guard guard,
                                ConsoleHandler console, ProblemMapper problems) {
        HttpHandler consoleFiles = new EncodingHandler(adapt(console::serve), new ContentEncodingRepository()
                .addEncodingHandler("gzip", new GzipEncodingProvider(), 50));
        RoutingHandler table = new RoutingHandler()
                .get("/health/live", adapt(health::live))
                .get("/health/ready", adapt(health::ready))
                .get("/metrics", adapt(metrics::scrape));
        for (Route r : api) {
            table.add(r.method(), r.template(), adapt(r.role() == null ? r.handler()
                    : guard.require(r.role(), r.queryToken(), r.handler())));
        }
        return table
                .setFallbackHandler(e -> {
                    if (ConsoleHandler.wants(e)) {
                        consoleFiles.handleRequest(e);
                    } else {
                        problems.send(e, StatusCodes.NOT_FOUND, "no resource at " + e.getRequestPath());
                    }
                })
                .setInvalidMethodHandler(e -> problems.send(e, StatusCodes.METHOD_NOT_ALLOWED,
                        e.getRequestMethod() + " is not allowed on " + e.getRequestPath()));
    }

    private static HttpHandler adapt(Handler handler) {
        return handler::handle;
    }
}
