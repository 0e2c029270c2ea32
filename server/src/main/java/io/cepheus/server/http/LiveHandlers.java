package io.cepheus.server.http;

import io.cepheus.server.api.ApiException;
import io.cepheus.server.api.LiveMatches;
import io.cepheus.server.api.NodeAddress;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.io.IOException;

/**
 * {@code GET /api/v1/rules/{id}/keys/{key}/partial-matches} — why hasn't this fired? The live partial
 * matches of a rule for a key, answered by the node that owns the key whichever node is asked: the
 * asked node forwards the request (with its bearer token) to the owner and relays the answer ({@link
 * Forwarder}).
 */
final class LiveHandlers {

    private final ApiAccess api;
    private final Exchanges io;
    private final Forwarder forwarder;

    LiveHandlers(ApiAccess api, Exchanges io, Forwarder forwarder) {
        this.api = api;
        this.io = io;
        this.forwarder = forwarder;
    }

    void partialMatches(HttpServerExchange ex) throws IOException, InterruptedException {
        String rule = Exchanges.path(ex, "id");
        String key = Exchanges.path(ex, "key");
        LiveMatches.Answer answer;
        try {
            answer = api.get().liveMatches().find(rule, key);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("no rule") ? ApiException.notFound(e.getMessage())
                    : ApiException.conflict(e.getMessage());
        }
        switch (answer) {
            case LiveMatches.Here h -> io.send(ex, StatusCodes.OK, h.view());
            case LiveMatches.Elsewhere e -> forwarder.forward(ex, new NodeAddress(e.host(), e.port()), "the key's owner");
            case LiveMatches.Unavailable u -> throw ApiException.unavailable(u.reason(), 1);
        }
    }
}
