package io.cepheus.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.cepheus.server.api.Role;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API's conventions over the real server on a real broker: the OpenAPI document against the
 * routing table, every route × role (401, 403), tokens, problem+json for every error (400 with
 * positions, 404, 405, 413, 415), CORS only for the configured origin, and per-route metrics.
 */
class ApiConventionsTest {

    static final String ORIGIN = "https://console.example.com";

    @TempDir
    static Path dir;
    static ApiNode api;
    static Map<Role, String> tokens;

    @BeforeAll
    static void start() {
        api = new ApiNode(dir, Map.of("CEPHEUS_HTTP_MAX_REQUEST_BYTES", "65536", "CEPHEUS_HTTP_CORS_ORIGINS", ORIGIN));
        tokens = Map.of(Role.ADMIN, ApiNode.ADMIN_TOKEN, Role.AUTHOR, api.token("ci", "author"),
                Role.VIEWER, api.token("dashboard", "viewer"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** The routing table's API routes, as {@code METHOD template}. */
    static List<Route> routes() {
        ApiAccess none = new ApiAccess();
        Exchanges io = new Exchanges(new com.fasterxml.jackson.databind.ObjectMapper(), 1);
        return Routes.api(new RuleHandlers(none, io), new StreamHandlers(none, io),
                new AlertHandlers(none, io, java.time.Duration.ofSeconds(1)), new AdminHandlers(none, io),
                new LiveHandlers(none, io, new Forwarder()), new BacktestHandlers(none, io, new Forwarder()),
                new WebhookHandlers(none, io),
                new OpenApiHandler());
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
        List<String> real = routes().stream().map(r -> r.method() + " " + r.template()).sorted().toList();

        assertThat(OpenApiContract.operations()).isEqualTo(real);
        assertThat(OpenApiContract.DOCUMENT.get("openapi").asText()).isEqualTo("3.1.0");
        api.anonymous().get("/api/openapi.json").then().statusCode(200).body("openapi", equalTo("3.1.0"));
    }

    @Test
    void everyRouteChecksTheTokenAndItsRole() {
        List<String> failures = new ArrayList<>();
        for (Route r : routes()) {
            if (r.role() == null) {
                continue;
            }
            String path = r.template().replace("{n}", "1").replaceAll("\\{[^}]+}", "nothing");
            expect(failures, r, "no token", call(api.anonymous(), r.method(), path), 401);
            expect(failures, r, "a wrong token", call(api.as("cph_not-a-token"), r.method(), path), 401);
            for (Role role : Role.values()) {
                Response answer = call(api.as(tokens.get(role)), r.method(), path);
                if (role.includes(r.role())) {
                    if (answer.statusCode() == 401 || answer.statusCode() == 403) {
                        failures.add(r.method() + " " + path + " as " + role + ": " + answer.statusCode());
                    }
                } else {
                    expect(failures, r, role.label(), answer, 403);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    private static void expect(List<String> failures, Route r, String who, Response answer, int status) {
        if (answer.statusCode() != status) {
            failures.add(r.method() + " " + r.template() + " with " + who + ": " + answer.statusCode() + ", expected " + status);
        }
        if (status == 401 && answer.header("WWW-Authenticate") == null) {
            failures.add(r.method() + " " + r.template() + " with " + who + ": no WWW-Authenticate");
        }
    }

    private static Response call(io.restassured.specification.RequestSpecification request, String method, String path) {
        // an unknown Last-Event-ID: the live feed answers 400 at once instead of streaming
        return request.contentType("application/json").header("If-Match", "\"1\"").header("Last-Event-ID", "nothing")
                .body("{}")
                .request(method.toLowerCase(Locale.ROOT), path);
    }

    @Test
    void anAdminMakesListsAndRevokesTokensAndOnlyItsHashIsKept() {
        String token = api.token("temporary", "viewer");
        api.as(token).get("/api/v1/rules").then().statusCode(200);
        String id = api.admin().get("/api/v1/tokens").then().statusCode(200)
                .body("items.name", hasItem("temporary")).body("items.token", not(hasItem(token)))
                .extract().path("items.find { it.name == 'temporary' }.id");
        assertThat(api.node.controlRegistry().catalog().tokens().get(id).hash()).doesNotContain(token).hasSize(64);

        api.admin().delete("/api/v1/tokens/" + id).then().statusCode(204);

        api.as(token).get("/api/v1/rules").then().statusCode(401)
                .body("detail", equalTo("the bearer token is not valid (unknown or revoked)"));
        api.admin().delete("/api/v1/tokens/" + id).then().statusCode(404);
        api.admin().get("/api/v1/audit?target=token/" + id).then().statusCode(200)
                .body("items.action", equalTo(List.of("token.revoke", "token.create")))
                .body("items[0].actor", equalTo("bootstrap (CEPHEUS_ADMIN_TOKEN)"))
                .body("items[1].after.name", equalTo("temporary"))
                .body("items[1].after.token", nullValue());
    }

    @Test
    void theLastAdminTokenCannotBeRevoked() {
        api.admin().delete("/api/v1/tokens/bootstrap").then().statusCode(409)
                .body("detail", equalTo("token bootstrap is the last admin token: create another admin token first"));
    }

    @Test
    void aTokenNeedsANameAndAKnownRole() {
        api.admin().contentType("application/json").body(Map.of("name", "x", "role", "root"))
                .post("/api/v1/tokens").then().statusCode(400)
                .body("detail", equalTo("unknown role 'root' (admin, author or viewer)"));
        api.admin().contentType("application/json").body(Map.of("role", "viewer"))
                .post("/api/v1/tokens").then().statusCode(400).body("detail", equalTo("field 'name' is required"));
    }

    @Test
    void malformedJsonIsA400WithItsPosition() {
        api.admin().contentType("application/json").body("{\n  \"text\": \"x\",\n  oops\n}")
                .post("/api/v1/rules/validate").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].line", equalTo(3)).body("errors[0].column", equalTo(3))
                .body("detail", containsString("the body is not JSON: Unexpected character ('o'"));
    }

    @Test
    void anUnknownFieldIsNamed() {
        api.admin().contentType("application/json").body(Map.of("text", "", "stat", "enabled"))
                .post("/api/v1/rules").then().statusCode(400)
                .body("detail", equalTo("unknown field 'stat' (expected text, state)"));
    }

    @Test
    void aWrongMediaTypeIsA415() {
        api.admin().contentType("application/xml").body("<rule/>").post("/api/v1/rules").then().statusCode(415)
                .body("detail", equalTo("Content-Type application/xml: send application/json or text/plain"));
    }

    @Test
    void aBodyOverTheLimitIsA413() {
        String big = "x".repeat(70_000);

        api.admin().contentType("text/plain").body(big).post("/api/v1/rules/validate").then().statusCode(413)
                .body("detail", equalTo("the body has more than 65536 bytes (70000), the limit (http.max.request.bytes):"
                        + " send it in smaller parts"));
        api.admin().get("/api/v1/rules").then().statusCode(200);
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        api.admin().get("/api/v1/nothing").then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("no resource at /api/v1/nothing"));
        api.admin().patch("/api/v1/rules").then().statusCode(405).contentType("application/problem+json");
        api.admin().get("/api/v1/rules/nothing").then().statusCode(404).body("detail", equalTo("no rule nothing"));
    }

    @Test
    void corsAnswersTheConfiguredOriginOnly() {
        api.anonymous().header("Origin", ORIGIN).header("Access-Control-Request-Method", "PUT")
                .options("/api/v1/rules/x").then().statusCode(204)
                .header("Access-Control-Allow-Origin", ORIGIN)
                .header("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match");
        api.admin().header("Origin", ORIGIN).get("/api/v1/rules").then().statusCode(200)
                .header("Access-Control-Allow-Origin", ORIGIN).header("Access-Control-Expose-Headers", containsString("ETag"));
        api.admin().header("Origin", "https://evil.example.com").get("/api/v1/rules").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void metricsCountAndTimeRequestsPerRoute() {
        api.admin().get("/api/v1/rules/nothing").then().statusCode(404);

        String metrics = api.anonymous().get("/metrics").asString();

        assertThat(metrics).contains(
                "cepheus_http_requests_total{method=\"GET\",route=\"/api/v1/rules/{id}\",status=\"404\"} ",
                "cepheus_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/rules/{id}\"} ");
    }
}
