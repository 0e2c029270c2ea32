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
 * whose role is too low 403. The principal is attached to the exchange for the handler. Routes that
 * a browser's {@code EventSource} opens (it cannot set headers) also take the token as the {@code
 * access_token} query parameter (RFC 6750 section 2.3), and only those. Thread-safe.
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
        return require(required, false, next);
    }

    /**
     * Checks the request's token against {@code required}, then runs {@code next}.
     *
     * @param queryToken whether the token may come as the {@code access_token} query parameter
     */
    Routes.Handler require(Role required, boolean queryToken, Routes.Handler next) {
        return exchange -> {
            Principal p = authenticate(exchange, queryToken);
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

    private Principal authenticate(HttpServerExchange exchange, boolean queryToken) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        Optional<String> query = queryToken ? Exchanges.query(exchange, "access_token") : Optional.empty();
        String token;
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            token = header.substring(BEARER.length()).strip();
        } else if (query.isPresent()) {
            token = query.get().strip();
        } else {
            throw unauthorized("this needs a bearer token (Authorization: Bearer TOKEN"
                    + (queryToken ? ", or ?access_token=TOKEN" : "") + ")", "Bearer realm=\"cepheus\"");
        }
        Optional<Principal> p = api.get().tokens().authenticate(token);
        return p.orElseThrow(() -> unauthorized("the bearer token is not valid (unknown or revoked)",
                "Bearer realm=\"cepheus\", error=\"invalid_token\""));
    }

    private static HttpProblem unauthorized(String detail, String challenge) {
        return new HttpProblem(new Problem(StatusCodes.UNAUTHORIZED, StatusCodes.getReason(StatusCodes.UNAUTHORIZED),
                detail), Map.of(Headers.WWW_AUTHENTICATE_STRING, challenge));
    }
}
