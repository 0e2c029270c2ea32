package io.cepheus.server.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * The outermost handler: moves each request off the I/O thread onto a worker (handlers may block),
 * and turns anything a handler throws into a problem response through the one {@link ProblemMapper}.
 */
final class ErrorBoundary implements HttpHandler {

    private final HttpHandler next;
    private final ProblemMapper problems;

    ErrorBoundary(HttpHandler next, ProblemMapper problems) {
        this.next = next;
        this.problems = problems;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        try {
            next.handleRequest(exchange);
        } catch (Exception | LinkageError e) {
            problems.send(exchange, e);
        }
    }
}
