package io.cepheus.server.http;

import io.cepheus.server.api.Role;
import java.util.Objects;

/**
 * One route of the REST API.
 *
 * @param method the HTTP method
 * @param template the path template, e.g. {@code /api/v1/rules/{id}}
 * @param role the least role it needs; null for a public route
 * @param handler what answers it
 * @param queryToken whether the token may also come as the {@code access_token} query parameter
 *     (for a browser's {@code EventSource}, which cannot set headers)
 */
record Route(String method, String template, Role role, Routes.Handler handler, boolean queryToken) {
    Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(handler, "handler");
    }

    /** A route whose token comes only in the {@code Authorization} header. */
    Route(String method, String template, Role role, Routes.Handler handler) {
        this(method, template, role, handler, false);
    }
}
