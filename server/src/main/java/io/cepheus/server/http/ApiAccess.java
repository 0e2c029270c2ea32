package io.cepheus.server.http;

import io.cepheus.server.api.Api;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Map;

/**
 * The API's services, once the node has them: HTTP answers before Kafka is up, and API requests get
 * 503 with {@code Retry-After} until then. Thread-safe.
 */
final class ApiAccess {

    private volatile Api api;

    void set(Api api) {
        this.api = api;
    }

    /** @throws HttpProblem 503 while the node starts */
    Api get() {
        Api a = api;
        if (a == null) {
            throw new HttpProblem(new Problem(StatusCodes.SERVICE_UNAVAILABLE,
                    StatusCodes.getReason(StatusCodes.SERVICE_UNAVAILABLE), "the node is starting: retry shortly"),
                    Map.of(Headers.RETRY_AFTER_STRING, "1"));
        }
        return a;
    }
}
