package io.cepheus.server.http;

import io.undertow.util.StatusCodes;
import java.util.Map;

/**
 * Thrown by a handler to answer with an error status; {@link ProblemMapper} renders it.
 */
final class HttpProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    HttpProblem(Problem problem) {
        this(problem, Map.of());
    }

    /** @param headers response headers that go with it, e.g. {@code WWW-Authenticate} */
    HttpProblem(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    /** A problem with {@code status}'s phrase as title. */
    static HttpProblem of(int status, String detail) {
        return new HttpProblem(new Problem(status, StatusCodes.getReason(status), detail));
    }

    Problem problem() {
        return problem;
    }

    Map<String, String> headers() {
        return headers;
    }
}
