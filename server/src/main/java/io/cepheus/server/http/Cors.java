package io.cepheus.server.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.util.List;

/**
 * CORS for {@code /api}, off unless origins are configured ({@code http.cors.origins}): a request
 * from an allowed origin gets {@code Access-Control-Allow-Origin}, and its preflight ({@code OPTIONS}
 * with {@code Access-Control-Request-Method}) is answered 204 here. Requests from other origins get no
 * CORS header, so browsers keep their answers from the page.
 */
final class Cors implements HttpHandler {

    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
    private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    private static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");

    private final List<String> origins;
    private final HttpHandler next;

    Cors(List<String> origins, HttpHandler next) {
        this.origins = List.copyOf(origins);
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin == null || !exchange.getRequestPath().startsWith("/api/") || !allowed(origin)) {
            next.handleRequest(exchange);
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.put(ALLOW_ORIGIN, origins.contains("*") ? "*" : origin);
        headers.put(Headers.VARY, "Origin");
        headers.put(EXPOSE_HEADERS, "ETag, Location, Retry-After");
        if (exchange.getRequestMethod().equals(Methods.OPTIONS) && exchange.getRequestHeaders().contains(REQUEST_METHOD)) {
            headers.put(ALLOW_METHODS, "GET, POST, PUT, DELETE");
            headers.put(ALLOW_HEADERS, "Authorization, Content-Type, If-Match");
            headers.put(MAX_AGE, "600");
            exchange.setStatusCode(StatusCodes.NO_CONTENT);
            exchange.endExchange();
            return;
        }
        next.handleRequest(exchange);
    }

    private boolean allowed(String origin) {
        return origins.contains("*") || origins.contains(origin);
    }
}
