package io.cepheus.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.server.api.ApiException;
import io.cepheus.server.api.Finding;
import io.cepheus.server.api.IfMatch;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import io.undertow.util.StatusCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reading requests and writing JSON answers, for the API's thin handlers: bodies within the size
 * limit (413 beyond it), media types (415), JSON with the position of a syntax error (400), path
 * and query parameters, {@code If-Match}, {@code ETag}. Stateless apart from its settings; thread-safe.
 */
final class Exchanges {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain";
    static final String NDJSON = "application/x-ndjson";

    /** What a too-large body is read and dropped up to, so the client reads the 413; beyond, the connection closes. */
    private static final long DRAIN_LIMIT = 64L << 20;

    private final ObjectMapper json;
    private final int maxRequestBytes;

    Exchanges(ObjectMapper json, int maxRequestBytes) {
        this.json = json;
        this.maxRequestBytes = maxRequestBytes;
    }

    /**
     * The request's media type, which must be one of {@code accepted}.
     *
     * @throws HttpProblem 415 naming the accepted types
     */
    static String mediaType(HttpServerExchange exchange, String... accepted) {
        String header = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        String type = header == null ? "" : header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        for (String a : accepted) {
            if (a.equals(type)) {
                return type;
            }
        }
        throw HttpProblem.of(StatusCodes.UNSUPPORTED_MEDIA_TYPE, (header == null ? "no Content-Type" : "Content-Type "
                + type) + ": send " + String.join(" or ", accepted));
    }

    /**
     * The request body.
     *
     * @throws HttpProblem 413 if it is longer than the limit
     */
    byte[] body(HttpServerExchange exchange) throws IOException {
        exchange.startBlocking();
        InputStream in = exchange.getInputStream();
        if (exchange.getRequestContentLength() > maxRequestBytes) {
            throw tooLarge(exchange, in, exchange.getRequestContentLength());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > maxRequestBytes) {
                throw tooLarge(exchange, in, out.size() + n);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private HttpProblem tooLarge(HttpServerExchange exchange, InputStream in, long seen) throws IOException {
        long drained = 0;
        byte[] buf = new byte[16 * 1024];
        int n;
        while (drained < DRAIN_LIMIT && (n = in.read(buf)) > 0) {
            drained += n;
        }
        if (drained >= DRAIN_LIMIT) {
            exchange.setPersistent(false);
        }
        return HttpProblem.of(StatusCodes.REQUEST_ENTITY_TOO_LARGE, "the body has more than " + maxRequestBytes
                + " bytes" + (seen > maxRequestBytes + 1 ? " (" + seen + ")" : "")
                + ", the limit (http.max.request.bytes): send it in smaller parts");
    }

    /**
     * The body as a JSON object.
     *
     * @param fields the members it may have
     * @throws HttpProblem 413 if too long
     * @throws ApiException (invalid) with the position if it is not JSON, not an object, or has another member
     */
    JsonNode object(HttpServerExchange exchange, String... fields) throws IOException {
        return object(body(exchange), fields);
    }

    /** {@code body}, read already, as a JSON object. @see #object(HttpServerExchange, String...) */
    JsonNode object(byte[] body, String... fields) throws IOException {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            int column = at == null ? 1 : Math.max(1, at.getColumnNr());
            throw ApiException.invalid("the body is not JSON: " + e.getOriginalMessage(),
                    List.of(Finding.error(line, column, e.getOriginalMessage())));
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalid("the body must be a JSON object", List.of(Finding.error(1, 1, "expected '{'")));
        }
        Set<String> allowed = new HashSet<>(List.of(fields));
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ApiException.invalid("unknown field '" + f + "' (expected " + String.join(", ", fields) + ")");
            }
        }
        return node;
    }

    /**
     * A text member of a JSON object.
     *
     * @throws ApiException (invalid) naming the field if it is there but not text
     */
    static Optional<String> text(JsonNode object, String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw ApiException.invalid("field '" + field + "' must be a string, was " + v.getNodeType().name()
                    .toLowerCase(Locale.ROOT));
        }
        return Optional.of(v.asText());
    }

    /**
     * A member of a JSON object that is a list of strings.
     *
     * @throws ApiException (invalid) naming the field if it is there but not such a list
     */
    static Optional<List<String>> texts(JsonNode object, String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        List<String> texts = new java.util.ArrayList<>();
        if (v.isArray()) {
            v.forEach(e -> texts.add(e.isTextual() ? e.asText() : null));
        }
        if (!v.isArray() || texts.contains(null)) {
            throw ApiException.invalid("field '" + field + "' must be an array of strings");
        }
        return Optional.of(texts);
    }

    /**
     * A boolean member of a JSON object.
     *
     * @throws ApiException (invalid) naming the field if it is there but not a boolean
     */
    static Optional<Boolean> bool(JsonNode object, String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw ApiException.invalid("field '" + field + "' must be true or false");
        }
        return Optional.of(v.asBoolean());
    }

    /** The body as UTF-8 text. */
    String text(HttpServerExchange exchange) throws IOException {
        return new String(body(exchange), StandardCharsets.UTF_8);
    }

    /** A path parameter of the route's template. */
    static String path(HttpServerExchange exchange, String name) {
        return exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get(name);
    }

    /** A path parameter that must be a whole number. @throws HttpProblem 404 if it is not */
    static long pathNumber(HttpServerExchange exchange, String name) {
        String v = path(exchange, name);
        if (!v.matches("\\d{1,18}")) {
            throw HttpProblem.of(StatusCodes.NOT_FOUND, "no resource at " + exchange.getRequestPath() + " ('" + v
                    + "' is not a " + name + ")");
        }
        return Long.parseLong(v);
    }

    /** A query parameter, if given (the first, when given twice). */
    static Optional<String> query(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** A query parameter that must be a whole number. @throws ApiException (invalid) naming it */
    static Optional<Integer> queryNumber(HttpServerExchange exchange, String name) {
        return query(exchange, name).map(v -> {
            if (!v.matches("\\d{1,9}")) {
                throw ApiException.invalid("query parameter '" + name + "' must be a whole number, was '" + v + "'");
            }
            return Integer.parseInt(v);
        });
    }

    /** The request's {@code If-Match}: absent, {@code *}, or entity tags {@code "N"} (weak ones too). */
    static IfMatch ifMatch(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.IF_MATCH);
        if (header == null) {
            return IfMatch.ABSENT;
        }
        if (header.strip().equals("*")) {
            return new IfMatch(true, true, Set.of());
        }
        Set<Long> versions = new HashSet<>();
        for (String tag : header.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.matches("\"\\d{1,18}\"")) {
                versions.add(Long.parseLong(t.substring(1, t.length() - 1)));
            }
        }
        return new IfMatch(true, false, versions);
    }

    /** Answers {@code status} with {@code body} as JSON. */
    void send(HttpServerExchange exchange, int status, Object body) throws JsonProcessingException {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(json.writeValueAsString(body));
    }

    /** Answers {@code status} with {@code body} as JSON and its entity tag {@code "version"}. */
    void send(HttpServerExchange exchange, int status, Object body, long version) throws JsonProcessingException {
        exchange.getResponseHeaders().put(Headers.ETAG, "\"" + version + "\"");
        send(exchange, status, body);
    }

    /** Answers 204. */
    static void noContent(HttpServerExchange exchange) {
        exchange.setStatusCode(StatusCodes.NO_CONTENT);
        exchange.endExchange();
    }
}
