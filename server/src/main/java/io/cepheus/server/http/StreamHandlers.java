package io.cepheus.server.http;

import io.cepheus.server.api.ApiException;
import io.cepheus.server.api.Ingest;
import io.cepheus.server.api.StreamView;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;

/** Thin handlers of {@code /api/v1/streams}: declarations and ingest. */
final class StreamHandlers {

    private final ApiAccess api;
    private final Exchanges io;

    StreamHandlers(ApiAccess api, Exchanges io) {
        this.api = api;
        this.io = io;
    }

    void create(HttpServerExchange ex) throws IOException {
        StreamView s = api.get().streams().create(Guard.principal(ex), text(ex));
        ex.getResponseHeaders().put(Headers.LOCATION, "/api/v1/streams/" + s.name());
        io.send(ex, StatusCodes.CREATED, s, s.version());
    }

    void list(HttpServerExchange ex) throws IOException {
        io.send(ex, StatusCodes.OK, api.get().streams().list(Exchanges.query(ex, "cursor"),
                Exchanges.queryNumber(ex, "limit")));
    }

    void get(HttpServerExchange ex) throws IOException {
        StreamView s = api.get().streams().get(Exchanges.path(ex, "name"));
        io.send(ex, StatusCodes.OK, s, s.version());
    }

    void update(HttpServerExchange ex) throws IOException {
        StreamView s = api.get().streams().update(Guard.principal(ex), Exchanges.path(ex, "name"), text(ex),
                Exchanges.ifMatch(ex));
        io.send(ex, StatusCodes.OK, s, s.version());
    }

    void delete(HttpServerExchange ex) {
        api.get().streams().delete(Guard.principal(ex), Exchanges.path(ex, "name"), Exchanges.ifMatch(ex));
        Exchanges.noContent(ex);
    }

    /** {@code POST /streams/{name}/events}: a JSON array, or NDJSON. */
    void events(HttpServerExchange ex) throws IOException {
        String type = Exchanges.mediaType(ex, Exchanges.JSON, Exchanges.NDJSON);
        io.send(ex, StatusCodes.OK, api.get().ingest().ingest(Exchanges.path(ex, "name"), () -> io.body(ex),
                type.equals(Exchanges.NDJSON) ? Ingest.Format.NDJSON : Ingest.Format.JSON_ARRAY));
    }

    /** {@code text/plain}: the declaration; {@code application/json}: {@code {"text": ...}}. */
    private String text(HttpServerExchange ex) throws IOException {
        if (Exchanges.mediaType(ex, Exchanges.JSON, Exchanges.TEXT).equals(Exchanges.TEXT)) {
            return io.text(ex);
        }
        return Exchanges.text(io.object(ex, "text"), "text").orElseThrow(
                () -> ApiException.invalid("field 'text' is required: the stream declaration in the rule language"));
    }
}
