package io.cepheus.server.http;

import io.cepheus.server.api.ApiException;
import io.cepheus.server.api.LiveMatches;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET /api/v1/rules/{id}/keys/{key}/partial-matches} — why hasn't this fired? The live partial
 * matches of a rule for a key, answered by the node that owns the key whichever node is asked: the
 * asked node forwards the request (with its bearer token) to the owner and relays the answer. A
 * forwarded request is never forwarded again (ownership that moves meanwhile gives 503, retry).
 */
final class LiveHandlers {

    /** Marks a request forwarded to the key's owner. */
    static final String FORWARDED = "X-Cepheus-Forwarded";
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

    private final ApiAccess api;
    private final Exchanges io;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(FORWARD_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    LiveHandlers(ApiAccess api, Exchanges io) {
        this.api = api;
        this.io = io;
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
            case LiveMatches.Elsewhere e -> forward(ex, e);
            case LiveMatches.Unavailable u -> throw ApiException.unavailable(u.reason(), 1);
        }
    }

    private void forward(HttpServerExchange ex, LiveMatches.Elsewhere owner) throws IOException, InterruptedException {
        if (ex.getRequestHeaders().contains(FORWARDED)) {
            throw ApiException.unavailable("the key's owner changed while the request was forwarded", 1);
        }
        String query = ex.getQueryString().isEmpty() ? "" : "?" + ex.getQueryString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + owner.host() + ":" + owner.port()
                        + ex.getRequestURI() + query))
                .timeout(FORWARD_TIMEOUT).header(FORWARDED, "1").GET();
        String auth = ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (auth != null) {
            request.header(Headers.AUTHORIZATION_STRING, auth);
        }
        HttpResponse<byte[]> relayed;
        try {
            relayed = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw ApiException.unavailable("the key's owner " + owner.host() + ":" + owner.port() + " does not answer: "
                    + e.getMessage(), 1);
        }
        ex.setStatusCode(relayed.statusCode());
        for (String header : List.of("Content-Type", "Retry-After", "Cache-Control")) {
            relayed.headers().firstValue(header).ifPresent(v -> ex.getResponseHeaders().put(new HttpString(header), v));
        }
        ex.getResponseSender().send(java.nio.ByteBuffer.wrap(relayed.body()));
    }
}
