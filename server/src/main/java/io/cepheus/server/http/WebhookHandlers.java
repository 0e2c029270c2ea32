package io.cepheus.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.cepheus.server.api.ApiException;
import io.cepheus.server.api.DeliveryView;
import io.cepheus.server.api.WebhookInput;
import io.cepheus.server.api.WebhookView;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Thin handlers of {@code /api/v1/webhooks} and of an alert's deliveries: parse, call {@link
 * io.cepheus.server.api.Webhooks}, render.
 */
final class WebhookHandlers {

    private static final String BASE = "/api/v1/webhooks/";
    private static final String[] FIELDS = {"name", "url", "description", "rules", "tags", "minSeverity", "format",
        "enabled"};

    private final ApiAccess api;
    private final Exchanges io;

    WebhookHandlers(ApiAccess api, Exchanges io) {
        this.api = api;
        this.io = io;
    }

    void create(HttpServerExchange ex) throws IOException {
        WebhookView w = api.get().webhooks().create(Guard.principal(ex), input(ex));
        ex.getResponseHeaders().put(Headers.LOCATION, BASE + w.name());
        io.send(ex, StatusCodes.CREATED, w, w.version());
    }

    void list(HttpServerExchange ex) throws IOException {
        io.send(ex, StatusCodes.OK, api.get().webhooks().list(Exchanges.query(ex, "cursor"),
                Exchanges.queryNumber(ex, "limit")));
    }

    void get(HttpServerExchange ex) throws IOException {
        WebhookView w = api.get().webhooks().get(Exchanges.path(ex, "name"));
        io.send(ex, StatusCodes.OK, w, w.version());
    }

    void update(HttpServerExchange ex) throws IOException {
        WebhookView w = api.get().webhooks().update(Guard.principal(ex), Exchanges.path(ex, "name"), input(ex),
                Exchanges.ifMatch(ex));
        io.send(ex, StatusCodes.OK, w, w.version());
    }

    void delete(HttpServerExchange ex) {
        api.get().webhooks().delete(Guard.principal(ex), Exchanges.path(ex, "name"), Exchanges.ifMatch(ex));
        Exchanges.noContent(ex);
    }

    void rotateSecret(HttpServerExchange ex) throws IOException {
        Exchanges.mediaType(ex, Exchanges.JSON);
        JsonNode body = io.object(ex, "overlap");
        String overlap = Exchanges.text(body, "overlap").orElse("24h");
        io.send(ex, StatusCodes.OK, api.get().webhooks().rotateSecret(Guard.principal(ex), Exchanges.path(ex, "name"),
                Durations.parse("overlap", overlap)));
    }

    void test(HttpServerExchange ex) throws IOException {
        DeliveryView d = api.get().webhooks().test(Guard.principal(ex), Exchanges.path(ex, "name"));
        io.send(ex, StatusCodes.ACCEPTED, Map.of("delivery", d));
    }

    void deliveries(HttpServerExchange ex) throws IOException {
        io.send(ex, StatusCodes.OK, api.get().webhooks().deliveries(Exchanges.path(ex, "name"),
                Exchanges.query(ex, "status"), Exchanges.query(ex, "cursor"), Exchanges.queryNumber(ex, "limit")));
    }

    void deadLetters(HttpServerExchange ex) throws IOException {
        io.send(ex, StatusCodes.OK, api.get().webhooks().deliveries(Exchanges.path(ex, "name"), Optional.of("dead"),
                Exchanges.query(ex, "cursor"), Exchanges.queryNumber(ex, "limit")));
    }

    void replay(HttpServerExchange ex) throws IOException {
        DeliveryView d = api.get().webhooks().replay(Guard.principal(ex), Exchanges.path(ex, "name"),
                Exchanges.path(ex, "id"));
        io.send(ex, StatusCodes.ACCEPTED, Map.of("delivery", d));
    }

    void replaySince(HttpServerExchange ex) throws IOException {
        Exchanges.mediaType(ex, Exchanges.JSON);
        JsonNode body = io.object(ex, "since");
        String since = Exchanges.text(body, "since").orElseThrow(() -> ApiException.invalid(
                "field 'since' is required: the dead deliveries made at or after this time are queued again"));
        Instant from;
        try {
            from = Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("since '" + since + "' is not an ISO-8601 instant (e.g. 2026-03-01T10:00:00Z)");
        }
        io.send(ex, StatusCodes.ACCEPTED, Map.of("queued", api.get().webhooks().replaySince(Guard.principal(ex),
                Exchanges.path(ex, "name"), from)));
    }

    void ofAlert(HttpServerExchange ex) throws IOException {
        io.send(ex, StatusCodes.OK, Map.of("items", api.get().webhooks().ofAlert(Exchanges.path(ex, "id"))));
    }

    /** The body's settings; {@code "minSeverity": null} clears it (the empty string for the service). */
    private WebhookInput input(HttpServerExchange ex) throws IOException {
        Exchanges.mediaType(ex, Exchanges.JSON);
        JsonNode body = io.object(ex, FIELDS);
        Optional<String> minSeverity = body.has("minSeverity") && body.get("minSeverity").isNull() ? Optional.of("")
                : Exchanges.text(body, "minSeverity");
        return new WebhookInput(Exchanges.text(body, "name"), Exchanges.text(body, "url"),
                Exchanges.text(body, "description"), Exchanges.texts(body, "rules"), Exchanges.texts(body, "tags"),
                minSeverity, Exchanges.text(body, "format"), Exchanges.bool(body, "enabled"));
    }
}
