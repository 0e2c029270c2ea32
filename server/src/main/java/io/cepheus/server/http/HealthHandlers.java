package io.cepheus.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.server.health.Readiness;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /health/live}: 200 while the process answers at all. {@code /health/ready}: 200 when every
 * registered readiness check says ready, else 503 naming the checks that do not, e.g.
 * {@code {"status":"not ready","waitingFor":["kafka"]}}.
 */
final class HealthHandlers {

    private static final String JSON = "application/json";

    private final Readiness readiness;
    private final ObjectMapper json;

    HealthHandlers(Readiness readiness, ObjectMapper json) {
        this.readiness = readiness;
        this.json = json;
    }

    void live(HttpServerExchange exchange) throws JsonProcessingException {
        send(exchange, StatusCodes.OK, Map.of("status", "live"));
    }

    void ready(HttpServerExchange exchange) throws JsonProcessingException {
        List<String> waiting = readiness.notReady();
        if (waiting.isEmpty()) {
            send(exchange, StatusCodes.OK, Map.of("status", "ready"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "not ready");
        body.put("waitingFor", waiting);
        send(exchange, StatusCodes.SERVICE_UNAVAILABLE, body);
    }

    private void send(HttpServerExchange exchange, int status, Map<String, ?> body) throws JsonProcessingException {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(json.writeValueAsString(body));
    }
}
