package io.cepheus.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * An error response body as RFC 9457 defines it ({@code application/problem+json}); {@code type}
 * is always {@code about:blank}, so {@code title} is the status's phrase.
 *
 * @param status the HTTP status
 * @param title the status's reason phrase, e.g. {@code Not Found}
 * @param detail what went wrong with this request, for a person; never a stack trace
 * @param errors an extension member: the positioned problems of the request (rule diagnostics, JSON
 *     syntax errors), each with line and column; null when there are none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, List<?> errors) {

    Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    }

    Problem(int status, String title, String detail) {
        this("about:blank", title, status, detail, null);
    }
}
