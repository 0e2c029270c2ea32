package io.cepheus.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.cepheus.server.api.ApiException;
import io.cepheus.server.api.RuleFilter;
import io.cepheus.server.api.RuleView;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** Thin handlers of {@code /api/v1/rules}: parse, call {@link io.cepheus.server.api.Rules}, render. */
final class RuleHandlers {

    private static final String BASE = "/api/v1/rules/";

    /** A rule's text and state as a request gives them. */
    private record Input(Optional<String> text, Optional<String> state) {}

    private final ApiAccess api;
    private final Exchanges io;

    RuleHandlers(ApiAccess api, Exchanges io) {
        this.api = api;
        this.io = io;
    }

    void create(HttpServerExchange ex) throws IOException {
        Input in = input(ex);
        RuleView r = api.get().rules().create(Guard.principal(ex), in.text().orElseThrow(
                () -> ApiException.invalid("field 'text' is required: the rule in the rule language")), in.state());
        ex.getResponseHeaders().put(Headers.LOCATION, BASE + r.id());
        io.send(ex, StatusCodes.CREATED, r, r.version());
    }

    void list(HttpServerExchange ex) throws IOException {
        RuleFilter filter = RuleFilter.of(Exchanges.query(ex, "tag"), Exchanges.query(ex, "severity"),
                Exchanges.query(ex, "state"), Exchanges.query(ex, "stream"));
        io.send(ex, StatusCodes.OK, api.get().rules().list(filter, Exchanges.query(ex, "cursor"),
                Exchanges.queryNumber(ex, "limit"), Exchanges.query(ex, "include")));
    }

    void get(HttpServerExchange ex) throws IOException {
        RuleView r = api.get().rules().get(Exchanges.path(ex, "id"));
        io.send(ex, StatusCodes.OK, r, r.version());
    }

    void update(HttpServerExchange ex) throws IOException {
        Input in = input(ex);
        RuleView r = api.get().rules().update(Guard.principal(ex), Exchanges.path(ex, "id"), in.text(), in.state(),
                Exchanges.ifMatch(ex));
        io.send(ex, StatusCodes.OK, r, r.version());
    }

    void delete(HttpServerExchange ex) {
        api.get().rules().delete(Guard.principal(ex), Exchanges.path(ex, "id"), Exchanges.ifMatch(ex));
        Exchanges.noContent(ex);
    }

    void versions(HttpServerExchange ex) throws IOException {
        io.send(ex, StatusCodes.OK, Map.of("items", api.get().rules().versions(Exchanges.path(ex, "id"))));
    }

    void version(HttpServerExchange ex) throws IOException {
        RuleView r = api.get().rules().version(Exchanges.path(ex, "id"), Exchanges.pathNumber(ex, "n"));
        io.send(ex, StatusCodes.OK, r, r.version());
    }

    void rollback(HttpServerExchange ex) throws IOException {
        RuleView r = api.get().rules().rollback(Guard.principal(ex), Exchanges.path(ex, "id"),
                Exchanges.pathNumber(ex, "n"), Exchanges.ifMatch(ex));
        io.send(ex, StatusCodes.OK, r, r.version());
    }

    void validate(HttpServerExchange ex) throws IOException {
        Input in = input(ex);
        io.send(ex, StatusCodes.OK, api.get().rules().validate(in.text().orElseThrow(
                () -> ApiException.invalid("field 'text' is required: the rule text to check"))));
    }

    void format(HttpServerExchange ex) throws IOException {
        Input in = input(ex);
        io.send(ex, StatusCodes.OK, api.get().rules().format(in.text().orElseThrow(
                () -> ApiException.invalid("field 'text' is required: the rule text to format"))));
    }

    /** {@code text/plain}: the text; {@code application/json}: {@code {"text": ..., "state": ...}}. */
    private Input input(HttpServerExchange ex) throws IOException {
        if (Exchanges.mediaType(ex, Exchanges.JSON, Exchanges.TEXT).equals(Exchanges.TEXT)) {
            return new Input(Optional.of(io.text(ex)), Optional.empty());
        }
        JsonNode body = io.object(ex, "text", "state");
        return new Input(Exchanges.text(body, "text"), Exchanges.text(body, "state"));
    }
}
