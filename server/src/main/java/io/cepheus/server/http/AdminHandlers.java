package io.cepheus.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.cepheus.server.api.ApiException;
import io.cepheus.server.api.Role;
import io.cepheus.server.api.TokenView;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.util.Map;

/** Thin handlers of {@code /api/v1/me}, {@code /api/v1/tokens} and {@code /api/v1/audit}. */
final class AdminHandlers {

    private final ApiAccess api;
    private final Exchanges io;

    AdminHandlers(ApiAccess api, Exchanges io) {
        this.api = api;
        this.io = io;
    }

    void createToken(HttpServerExchange ex) throws IOException {
        Exchanges.mediaType(ex, Exchanges.JSON);
        JsonNode body = io.object(ex, "name", "role");
        String name = Exchanges.text(body, "name").orElseThrow(() -> ApiException.invalid("field 'name' is required"));
        Role role = Role.ofLabel(Exchanges.text(body, "role")
                .orElseThrow(() -> ApiException.invalid("field 'role' is required: admin, author or viewer")));
        TokenView t = api.get().tokens().create(Guard.principal(ex), name, role);
        ex.getResponseHeaders().put(Headers.LOCATION, "/api/v1/tokens/" + t.id());
        io.send(ex, StatusCodes.CREATED, t);
    }

    /** The caller's own token: its id, name and role (a console adapts to the role). */
    void me(HttpServerExchange ex) throws IOException {
        io.send(ex, StatusCodes.OK, api.get().tokens().of(Guard.principal(ex)));
    }

    void tokens(HttpServerExchange ex) throws IOException {
        io.send(ex, StatusCodes.OK, Map.of("items", api.get().tokens().list()));
    }

    void revokeToken(HttpServerExchange ex) {
        api.get().tokens().revoke(Guard.principal(ex), Exchanges.path(ex, "id"));
        Exchanges.noContent(ex);
    }

    void audit(HttpServerExchange ex) throws IOException {
        io.send(ex, StatusCodes.OK, api.get().audit().list(Exchanges.query(ex, "target"), Exchanges.query(ex, "cursor"),
                Exchanges.queryNumber(ex, "limit")));
    }
}
