package io.cepheus.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;

/**
 * The OpenAPI document held against real answers: a REST Assured filter that, for every response
 * of every test, finds the documented operation of its method and path, checks that its status is
 * documented, that its documented headers are there, and validates its body against the
 * documented schema (JSON Schema 2020-12, as OpenAPI 3.1 says); and that no body shows a stack trace.
 */
final class OpenApiContract implements Filter {

    static final JsonNode DOCUMENT = read();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private static JsonNode read() {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream(OpenApiHandler.RESOURCE)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every documented operation as {@code METHOD template}. */
    static List<String> operations() {
        return StreamSupport.stream(((Iterable<Map.Entry<String, JsonNode>>) DOCUMENT.get("paths")::fields).spliterator(), false)
                .flatMap(p -> StreamSupport.stream(((Iterable<String>) p.getValue()::fieldNames).spliterator(), false)
                        .filter(m -> !m.equals("parameters"))
                        .map(m -> m.toUpperCase(Locale.ROOT) + " " + p.getKey()))
                .sorted().toList();
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
                           FilterContext ctx) {
        Response response = ctx.next(request, responseSpec);
        String path = URI.create(request.getURI()).getPath();
        String method = request.getMethod().toLowerCase(Locale.ROOT);
        String body = response.asString();
        assertThat(body).as("no stack trace in any answer").doesNotContain("Exception").doesNotContainPattern("\\tat ");
        Optional<String> template = template(method, path);
        if (template.isEmpty()) {
            return response; // health, metrics, unknown paths: not the API's
        }
        String where = method.toUpperCase(Locale.ROOT) + " " + template.get() + " → " + response.statusCode();
        JsonNode documented = DOCUMENT.get("paths").get(template.get()).get(method).get("responses")
                .get(Integer.toString(response.statusCode()));
        assertThat(documented).as(where + " is documented").isNotNull();
        String pointer = "#/paths/" + escape(template.get()) + "/" + method + "/responses/" + response.statusCode();
        if (documented.has("$ref")) {
            pointer = documented.get("$ref").asText();
            documented = resolve(pointer);
        }
        if (documented.has("headers")) {
            documented.get("headers").fieldNames().forEachRemaining(h ->
                    assertThat(response.header(h)).as(where + " has header " + h).isNotNull());
        }
        if (!documented.has("content")) {
            assertThat(body).as(where + " has no body").isEmpty();
            return response;
        }
        String type = response.contentType().split(";")[0].strip();
        assertThat(documented.get("content").has(type)).as(where + " is documented as " + type).isTrue();
        try {
            String at = pointer + "/content/" + escape(type) + "/schema";
            var errors = schema(at, resolve(at)).validate(JSON.readTree(body));
            assertThat(errors).as(where + " matches its schema; body: " + body).isEmpty();
        } catch (IOException e) {
            throw new AssertionError(where + " is not JSON: " + body, e);
        }
        return response;
    }

    /**
     * The problems of {@code body} against the document's schema {@code components/schemas/NAME} (for the
     * payloads of the {@code webhooks} section, which no answer carries); empty when it is valid.
     */
    List<String> problems(String name, JsonNode body) {
        String at = "#/components/schemas/" + name;
        return schema(at, resolve(at)).validate(body).stream().map(Object::toString).toList();
    }

    /** The documented template of {@code path} for {@code method}: the one with the fewest parameters. */
    static Optional<String> template(String method, String path) {
        Iterator<String> it = DOCUMENT.get("paths").fieldNames();
        List<String> matches = new java.util.ArrayList<>();
        it.forEachRemaining(t -> {
            if (path.matches(t.replaceAll("\\{[^}]+}", "[^/]+")) && DOCUMENT.get("paths").get(t).has(method)) {
                matches.add(t);
            }
        });
        return matches.stream().min(Comparator.comparingLong(t -> t.chars().filter(c -> c == '{').count()));
    }

    /** The schema at {@code pointer}, laid over the document's root so that its {@code #/components/...} refs resolve. */
    private Schema schema(String pointer, JsonNode schema) {
        return schemas.computeIfAbsent(pointer, p -> {
            ObjectNode root = DOCUMENT.deepCopy();
            root.setAll((ObjectNode) schema);
            return SCHEMAS.getSchema(root);
        });
    }

    private static JsonNode resolve(String pointer) {
        return DOCUMENT.at(pointer.substring(1));
    }

    private static String escape(String s) {
        return s.replace("~", "~0").replace("/", "~1");
    }
}
