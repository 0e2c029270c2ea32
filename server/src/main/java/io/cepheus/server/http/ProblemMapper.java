package io.cepheus.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.server.api.ApiException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors become responses: {@code application/problem+json} (RFC 9457) with the
 * status, its phrase, a detail for a person and, for requests with positioned problems, their
 * {@code errors}. An {@link ApiException}'s kind gives its status (and {@code Retry-After} when it
 * has one). Unexpected exceptions are logged here and answered with a 500 that says nothing of the
 * server's insides. Thread-safe.
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
        send(exchange, new Problem(status, StatusCodes.getReason(status), detail), Map.of());
    }

    /** Answers with what {@code failure} stands for: its problem if it is an {@link HttpProblem} or {@link ApiException}, else a 500. */
    void send(HttpServerExchange exchange, Throwable failure) {
        switch (failure) {
            case HttpProblem p -> send(exchange, p.problem(), p.headers());
            case ApiException e -> {
                int status = status(e.kind());
                send(exchange, new Problem("about:blank", StatusCodes.getReason(status), status, e.getMessage(),
                        e.findings()), e.retryAfterSeconds() > 0
                        ? Map.of(Headers.RETRY_AFTER_STRING, Integer.toString(e.retryAfterSeconds())) : Map.of());
            }
            default -> {
                LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), failure);
                send(exchange, StatusCodes.INTERNAL_SERVER_ERROR,
                        "the server failed to answer this request; its log says why");
            }
        }
    }

    /** The status of each kind of API failure. */
    static int status(ApiException.Kind kind) {
        return switch (kind) {
            case INVALID -> StatusCodes.BAD_REQUEST;
            case FORBIDDEN -> StatusCodes.FORBIDDEN;
            case NOT_FOUND -> StatusCodes.NOT_FOUND;
            case CONFLICT -> StatusCodes.CONFLICT;
            case STALE -> StatusCodes.PRECONDITION_FAILED;
            case PRECONDITION_REQUIRED -> 428;
            case BUSY -> 429;
            case UNAVAILABLE -> StatusCodes.SERVICE_UNAVAILABLE;
        };
    }

    private void send(HttpServerExchange exchange, Problem problem, Map<String, String> headers) {
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
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        headers.forEach((name, value) -> exchange.getResponseHeaders().put(HttpString.tryFromString(name), value));
        exchange.getResponseSender().send(body);
    }
}
