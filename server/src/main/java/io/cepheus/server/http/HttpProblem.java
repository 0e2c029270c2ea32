package io.cepheus.server.http;

/** Thrown by a handler to answer with an error status; {@link ProblemMapper} renders it. */
final class HttpProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    HttpProblem(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }
}
