package io.cepheus.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors become responses: {@code application/problem+json} (RFC 9457) with the
 * status, its phrase and a detail for a person. Unexpected exceptions are logged here and answered
 * with a 500 that says nothing of the server's insides. Thread-safe.
 */
final class ProblemMapper {

    static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    private final ObjectMapper json;

    ProblemMapper(ObjectMapper json) {
        this.json = json;
    }

    /** Answers with {@code status} and {@code detail}. */
    void send(HttpServerExchange exchange, int status, String detail) {
        send(exchange, new Problem(status, StatusCodes.getReason(status), detail));
    }

    /** Answers with what {@code failure} stands for: its problem if it is an {@link HttpProblem}, else a 500. */
    void send(HttpServerExchange exchange, Throwable failure) {
        if (failure instanceof HttpProblem p) {
            send(exchange, p.problem());
            return;
        }
        LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), failure);
        send(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "the server failed to answer this request; its log says why");
    }

    private void send(HttpServerExchange exchange, Problem problem) {
        if (exchange.isResponseStarted()) {
            exchange.endExchange();
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem record always serializes", e);
        }
        exchange.setStatusCode(problem.status());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
        exchange.getResponseSender().send(body);
    }
}
