package io.cepheus.server.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * {@code /api/openapi.json}: the OpenAPI 3.1 document of the REST API, written by hand beside this
 * class ({@code openapi.json}) and held against the routing table and the real responses by the tests.
 */
final class OpenApiHandler {

    static final String RESOURCE = "openapi.json";

    private final byte[] document;

    OpenApiHandler() {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + OpenApiHandler.class.getName());
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void serve(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, Exchanges.JSON);
        exchange.getResponseSender().send(ByteBuffer.wrap(document));
    }
}
