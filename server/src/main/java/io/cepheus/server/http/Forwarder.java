package io.cepheus.server.http;

import io.cepheus.server.api.ApiException;
import io.cepheus.server.api.NodeAddress;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * Asks another node what this one cannot answer (a key it does not own, a job it does not run) and
 * relays the answer: the same method, path and query, the caller's bearer token, and the header
 * {@value #FORWARDED}. A forwarded request is never forwarded again (the owner moved meanwhile: 503,
 * retry). The services say where to forward, and only to nodes of the cluster. Thread-safe.
 */
final class Forwarder {

    /** Marks a request forwarded by another node. */
    static final String FORWARDED = "X-Cepheus-Forwarded";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> RELAYED = List.of("Content-Type", "Retry-After", "Cache-Control", "ETag",
            "Location");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * Forwards the request to {@code owner} and answers with its answer.
     *
     * @param what what the owner holds, for messages ("the key's owner")
     * @throws ApiException unavailable if the request was forwarded already, or the owner does not answer
     */
    void forward(HttpServerExchange ex, NodeAddress owner, String what) throws IOException, InterruptedException {
        if (ex.getRequestHeaders().contains(FORWARDED)) {
            throw ApiException.unavailable(what + " changed while the request was forwarded", 1);
        }
        String host = owner.host().indexOf(':') >= 0 ? "[" + owner.host() + "]" : owner.host();
        String query = ex.getQueryString().isEmpty() ? "" : "?" + ex.getQueryString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + owner.port()
                        + ex.getRequestURI() + query))
                .timeout(TIMEOUT).header(FORWARDED, "1")
                .method(ex.getRequestMethod().toString(), HttpRequest.BodyPublishers.noBody());
        String auth = ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (auth != null) {
            request.header(Headers.AUTHORIZATION_STRING, auth);
        }
        HttpResponse<byte[]> relayed;
        try {
            relayed = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw ApiException.unavailable(what + " " + owner.host() + ":" + owner.port() + " does not answer: "
                    + e.getMessage(), 1);
        }
        ex.setStatusCode(relayed.statusCode());
        for (String header : RELAYED) {
            relayed.headers().firstValue(header).ifPresent(v -> ex.getResponseHeaders().put(new HttpString(header), v));
        }
        ex.getResponseSender().send(ByteBuffer.wrap(relayed.body()));
    }
}
