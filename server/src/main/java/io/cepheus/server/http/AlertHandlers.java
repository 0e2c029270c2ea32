package io.cepheus.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cepheus.server.alerts.AlertFilter;
import io.cepheus.server.api.Alerts;
import io.cepheus.server.api.ApiException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Thin handlers of {@code /api/v1/alerts} (queries, lifecycle, the live feed) and of a rule's alert
 * statistics and snoozes.
 *
 * <p>The live feed is Server-Sent Events on a worker thread of its own for as long as the client
 * stays: each alert an {@code alert} event whose id is its position in this node's index, a comment
 * line as heartbeat when nothing was sent for the heartbeat interval. A client that reconnects with
 * {@code Last-Event-ID} (browsers' {@code EventSource} do it by themselves) gets every alert after
 * that position first. At most {@link #MAX_STREAMS} feeds at once per node (workers are few); more
 * are answered 429.
 */
final class AlertHandlers {

    /** Live feeds one node serves at once. */
    static final int MAX_STREAMS = 8;
    private static final int FEED_BATCH = 100;

    private final ApiAccess api;
    private final Exchanges io;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration heartbeat;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);

    AlertHandlers(ApiAccess api, Exchanges io, Duration heartbeat) {
        this.api = api;
        this.io = io;
        this.heartbeat = heartbeat;
    }

    void list(HttpServerExchange ex) throws IOException {
        io.send(ex, StatusCodes.OK, api.get().alerts().list(filter(ex), Exchanges.query(ex, "cursor"),
                Exchanges.queryNumber(ex, "limit")));
    }

    void get(HttpServerExchange ex) throws IOException {
        send(ex, StatusCodes.OK, api.get().alerts().get(Exchanges.path(ex, "id")));
    }

    void acknowledge(HttpServerExchange ex) throws IOException {
        send(ex, StatusCodes.OK, api.get().alerts().acknowledge(Guard.principal(ex), Exchanges.path(ex, "id"),
                Exchanges.ifMatch(ex)));
    }

    /** Answers with the alert's status revision as the entity tag. */
    private void send(HttpServerExchange ex, int status, Alerts.Tagged answer) throws IOException {
        io.send(ex, status, answer.body(), answer.revision());
    }

    void resolve(HttpServerExchange ex) throws IOException {
        Exchanges.mediaType(ex, Exchanges.JSON);
        JsonNode body = io.object(ex, "disposition", "comment");
        String disposition = Exchanges.text(body, "disposition").orElseThrow(() -> ApiException.invalid(
                "field 'disposition' is required: true_positive, false_positive, benign or duplicate"));
        send(ex, StatusCodes.OK, api.get().alerts().resolve(Guard.principal(ex), Exchanges.path(ex, "id"),
                Exchanges.ifMatch(ex), disposition, Exchanges.text(body, "comment")));
    }

    void comment(HttpServerExchange ex) throws IOException {
        Exchanges.mediaType(ex, Exchanges.JSON);
        JsonNode body = io.object(ex, "text");
        String text = Exchanges.text(body, "text").orElseThrow(() -> ApiException.invalid("field 'text' is required"));
        send(ex, StatusCodes.CREATED, api.get().alerts().comment(Guard.principal(ex), Exchanges.path(ex, "id"),
                Exchanges.ifMatch(ex), text));
    }

    void stats(HttpServerExchange ex) throws IOException {
        io.send(ex, StatusCodes.OK, api.get().alerts().stats(Exchanges.path(ex, "id")));
    }

    void snooze(HttpServerExchange ex) throws IOException {
        Exchanges.mediaType(ex, Exchanges.JSON);
        JsonNode body = io.object(ex, "key", "duration");
        String key = Exchanges.text(body, "key").orElseThrow(() -> ApiException.invalid("field 'key' is required"));
        String duration = Exchanges.text(body, "duration").orElseThrow(() -> ApiException.invalid(
                "field 'duration' is required: a whole number with ms, s, m, h or d, e.g. 2h"));
        Alerts.SnoozeView s = api.get().alerts().snooze(Guard.principal(ex), Exchanges.path(ex, "id"), key,
                Durations.parse("duration", duration));
        io.send(ex, StatusCodes.CREATED, s);
    }

    void snoozes(HttpServerExchange ex) throws IOException {
        io.send(ex, StatusCodes.OK, Map.of("items", api.get().alerts().snoozes(Exchanges.path(ex, "id"))));
    }

    void unsnooze(HttpServerExchange ex) {
        api.get().alerts().unsnooze(Guard.principal(ex), Exchanges.path(ex, "id"), Exchanges.path(ex, "key"));
        Exchanges.noContent(ex);
    }

    private static AlertFilter filter(HttpServerExchange ex) {
        return Alerts.filter(Exchanges.query(ex, "rule"), Exchanges.query(ex, "key"), Exchanges.query(ex, "severity"),
                Exchanges.query(ex, "status"), Exchanges.query(ex, "shadow"), Exchanges.query(ex, "from"),
                Exchanges.query(ex, "to"));
    }

    /** {@code GET /api/v1/alerts/stream}: see the class comment. */
    void stream(HttpServerExchange ex) throws IOException {
        Alerts alerts = api.get().alerts();
        AlertFilter filter = filter(ex);
        long at = lastEventId(ex).orElseGet(alerts::position);
        if (!streams.tryAcquire()) {
            throw new HttpProblem(new Problem(StatusCodes.TOO_MANY_REQUESTS,
                    StatusCodes.getReason(StatusCodes.TOO_MANY_REQUESTS), "this node serves " + MAX_STREAMS
                    + " live feeds already: retry later, or ask another node"), Map.of(Headers.RETRY_AFTER_STRING, "5"));
        }
        try {
            ex.setStatusCode(StatusCodes.OK);
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=UTF-8");
            ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            ex.getResponseHeaders().put(new HttpString("X-Accel-Buffering"), "no");
            ex.startBlocking();
            OutputStream out = ex.getOutputStream();
            write(out, "retry: 2000\n: alerts after position " + at + "\n\n");
            feed(alerts, filter, at, out);
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.release();
            ex.endExchange();
        }
    }

    private void feed(Alerts alerts, AlertFilter filter, long from, OutputStream out)
            throws IOException, InterruptedException {
        long at = from;
        long lastWrite = System.nanoTime();
        while (!alerts.stopping()) {
            Alerts.FeedBatch batch = alerts.after(at, filter, FEED_BATCH);
            for (ObjectNode a : batch.items()) {
                write(out, "id: " + a.get("position").asLong() + "\nevent: alert\ndata: " + json.writeValueAsString(a)
                        + "\n\n");
                lastWrite = System.nanoTime();
            }
            at = batch.last();
            if (at < alerts.position()) {
                continue; // more to send
            }
            Duration quiet = Duration.ofNanos(System.nanoTime() - lastWrite);
            if (quiet.compareTo(heartbeat) >= 0) {
                write(out, ": heartbeat\n\n");
                lastWrite = System.nanoTime();
            } else {
                alerts.awaitAfter(at, heartbeat.minus(quiet));
            }
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** {@code Last-Event-ID}, or the {@code lastEventId} query parameter. @throws ApiException (invalid) if not a position */
    private static Optional<Long> lastEventId(HttpServerExchange ex) {
        Optional<String> id = Optional.ofNullable(ex.getRequestHeaders().getFirst("Last-Event-ID"))
                .or(() -> Exchanges.query(ex, "lastEventId"));
        return id.map(v -> {
            if (!v.strip().matches("\\d{1,18}")) {
                throw ApiException.invalid("Last-Event-ID '" + v + "' is not an event id this feed gave (a position)");
            }
            return Long.parseLong(v.strip());
        });
    }
}
