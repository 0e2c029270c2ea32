package io.cepheus.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cepheus.server.control.TokenRecord;

/**
 * A bearer token as the API shows it: never its hash; the token itself only once, in the answer that
 * created it.
 *
 * @param id its public identity
 * @param name what its holder called it
 * @param role {@code admin}, {@code author} or {@code viewer}
 * @param created when it was made (ISO-8601)
 * @param createdBy the id of the token that made it ({@code bootstrap} for the first admin token)
 * @param token the bearer token itself: only when it was just created; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenView(String id, String name, String role, String created, String createdBy, String token) {

    static TokenView of(TokenRecord t) {
        return new TokenView(t.id(), t.name(), t.role(), t.created().toString(), t.createdBy(), null);
    }

    TokenView withToken(String secret) {
        return new TokenView(id, name, role, created, createdBy, secret);
    }
}
