package io.cepheus.server.http;

import io.cepheus.server.api.Principal;
import io.cepheus.server.api.Role;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Map;
import java.util.Optional;

/**
 * The auth filter: every API route names the least role it needs; a request without a bearer token,
 * or with one that is unknown or revoked, is answered 401 (RFC 6750's {@code WWW-Authenticate}), one
 * whose role is too low 403. The principal is attached to the exchange for the handler. Thread-safe.
 */
final class Guard {

    private static final AttachmentKey<Principal> PRINCIPAL = AttachmentKey.create(Principal.class);
    private static final String BEARER = "Bearer ";

    private final ApiAccess api;

    Guard(ApiAccess api) {
        this.api = api;
    }

    /** Checks the request's token against {@code required}, then runs {@code next}. */
    Routes.Handler require(Role required, Routes.Handler next) {
        return exchange -> {
            Principal p = authenticate(exchange);
            if (!p.role().includes(required)) {
                throw HttpProblem.of(StatusCodes.FORBIDDEN, "token " + p.tokenId() + " has role " + p.role().label()
                        + "; this needs " + required.label() + (required == Role.ADMIN ? "" : " or above"));
            }
            exchange.putAttachment(PRINCIPAL, p);
            next.handle(exchange);
        };
    }

    /** Who makes the request; set by {@link #require}. */
    static Principal principal(HttpServerExchange exchange) {
        return exchange.getAttachment(PRINCIPAL);
    }

    private Principal authenticate(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw unauthorized("this needs a bearer token (Authorization: Bearer TOKEN)", "Bearer realm=\"cepheus\"");
        }
        Optional<Principal> p = api.get().tokens().authenticate(header.substring(BEARER.length()).strip());
        return p.orElseThrow(() -> unauthorized("the bearer token is not valid (unknown or revoked)",
                "Bearer realm=\"cepheus\", error=\"invalid_token\""));
    }

    private static HttpProblem unauthorized(String detail, String challenge) {
        return new HttpProblem(new Problem(StatusCodes.UNAUTHORIZED, StatusCodes.getReason(StatusCodes.UNAUTHORIZED),
                detail), Map.of(Headers.WWW_AUTHENTICATE_STRING, challenge));
    }
}
