package io.cepheus.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.cepheus.server.api.ApiException;
import io.cepheus.server.api.BacktestRequest;
import io.cepheus.server.api.Backtests;
import io.cepheus.server.api.NodeAddress;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Thin handlers of how a rule version would do: {@code /api/v1/backtests} (run, job, cancel) and
 * {@code /api/v1/rules/{id}/shadow-report}. Parse, call {@link Backtests} or {@link
 * io.cepheus.server.api.ShadowReports}, render. A job runs on the node that started it; asked for a
 * job of another node, a node forwards the request there ({@link Forwarder}).
 */
final class BacktestHandlers {

    private static final String BASE = "/api/v1/backtests/";
    private static final JsonFactory SPANS = new JsonFactory();

    private final ApiAccess api;
    private final Exchanges io;
    private final Forwarder forwarder;

    BacktestHandlers(ApiAccess api, Exchanges io, Forwarder forwarder) {
        this.api = api;
        this.io = io;
        this.forwarder = forwarder;
    }

    /**
     * {@code application/json}: {@code {"text"|"rule", "version", "stream", "events": [...] | "range":
     * {"from", "to"}, "async"}}; {@code application/x-ndjson}: the events, the rest as query parameters.
     */
    void run(HttpServerExchange ex) throws IOException {
        BacktestRequest request = Exchanges.mediaType(ex, Exchanges.JSON, Exchanges.NDJSON).equals(Exchanges.NDJSON)
                ? ndjson(ex) : json(ex);
        switch (api.get().backtests().run(request)) {
            case Backtests.Done d -> io.send(ex, StatusCodes.OK, d.result());
            case Backtests.Started s -> {
                ex.getResponseHeaders().put(Headers.LOCATION, BASE + s.job().id());
                io.send(ex, StatusCodes.ACCEPTED, s.job());
            }
        }
    }

    void job(HttpServerExchange ex) throws IOException, InterruptedException {
        String id = Exchanges.path(ex, "id");
        if (!forwarded(ex, id)) {
            io.send(ex, StatusCodes.OK, api.get().backtests().job(id));
        }
    }

    void cancel(HttpServerExchange ex) throws IOException, InterruptedException {
        String id = Exchanges.path(ex, "id");
        if (!forwarded(ex, id)) {
            api.get().backtests().cancel(id);
            Exchanges.noContent(ex);
        }
    }

    /** Whether another node runs job {@code id}: then the request went there, and its answer is relayed. */
    private boolean forwarded(HttpServerExchange ex, String id) throws IOException, InterruptedException {
        Optional<NodeAddress> owner = api.get().backtests().elsewhere(id);
        if (owner.isPresent()) {
            forwarder.forward(ex, owner.get(), "the job's node");
        }
        return owner.isPresent();
    }

    void shadowReport(HttpServerExchange ex) throws IOException {
        io.send(ex, StatusCodes.OK, api.get().shadowReports().report(Exchanges.path(ex, "id"),
                instant(Exchanges.query(ex, "from"), "from"), instant(Exchanges.query(ex, "to"), "to")));
    }

    private BacktestRequest ndjson(HttpServerExchange ex) throws IOException {
        byte[] body = io.body(ex);
        return new BacktestRequest(Exchanges.query(ex, "text"), Exchanges.query(ex, "rule"),
                Exchanges.queryNumber(ex, "version").map(Integer::longValue), Exchanges.query(ex, "stream"),
                new BacktestRequest.Posted(body, true), Exchanges.query(ex, "async").map("true"::equals).orElse(false));
    }

    private BacktestRequest json(HttpServerExchange ex) throws IOException {
        byte[] body = io.body(ex);
        JsonNode o = io.object(body, "text", "rule", "version", "stream", "events", "range", "async");
        JsonNode events = o.get("events");
        JsonNode range = o.get("range");
        if ((events == null) == (range == null)) {
            throw ApiException.invalid("give either 'events' (a JSON array of events) or 'range' ({\"from\", \"to\"}"
                    + " of the stream's topic), not " + (events == null ? "neither" : "both"));
        }
        BacktestRequest.Events source;
        if (events != null) {
            if (!events.isArray()) {
                throw ApiException.invalid("field 'events' must be an array of events");
            }
            source = new BacktestRequest.Posted(span(body, "events"), false);
        } else {
            if (!range.isObject()) {
                throw ApiException.invalid("field 'range' must be an object {\"from\": TIME, \"to\": TIME}");
            }
            source = new BacktestRequest.Range(instant(Exchanges.text(range, "from"), "range.from"),
                    instant(Exchanges.text(range, "to"), "range.to"));
        }
        JsonNode version = o.get("version");
        if (version != null && !version.isNull() && !version.canConvertToExactIntegral()) {
            throw ApiException.invalid("field 'version' must be a whole number");
        }
        JsonNode async = o.get("async");
        if (async != null && !async.isBoolean()) {
            throw ApiException.invalid("field 'async' must be true or false");
        }
        return new BacktestRequest(Exchanges.text(o, "text"), Exchanges.text(o, "rule"),
                version == null || version.isNull() ? Optional.empty() : Optional.of(version.asLong()),
                Exchanges.text(o, "stream"), source, async != null && async.asBoolean());
    }

    /** The bytes of top-level member {@code field}'s value as sent (an array's elements keep their digits). */
    private static byte[] span(byte[] body, String field) throws IOException {
        try (JsonParser p = SPANS.createParser(body)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                long start = p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                if (name.equals(field)) {
                    return Arrays.copyOfRange(body, (int) start, (int) p.currentLocation().getByteOffset());
                }
            }
        }
        throw new IllegalStateException("no member " + field);
    }

    private static Instant instant(Optional<String> value, String name) {
        String v = value.orElseThrow(() -> ApiException.invalid("'" + name + "' is required: an ISO-8601 time such as"
                + " 2026-03-01T10:00:00Z"));
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("'" + name + "' must be an ISO-8601 time such as 2026-03-01T10:00:00Z, was '"
                    + v + "'");
        }
    }
}
