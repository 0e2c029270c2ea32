package io.cepheus.server.http;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the web console needs of the server, over real HTTP on a real broker: who the token is
 * ({@code /me}), the formatter, the pattern graph in validations and rule reads, and the console's
 * files at {@code /} (content types, caching, the SPA's routes, the content security policy).
 */
class ConsoleSupportTest {

    @TempDir
    static Path dir;
    static ApiNode api;
    static String viewer;

    @BeforeAll
    static void start() {
        api = new ApiNode(dir, Map.of());
        viewer = api.token("wall screen", "viewer");
        api.admin().contentType("text/plain").body(RulesApiTest.stream("taps")).post("/api/v1/streams").then()
                .statusCode(201);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void meIsTheCallersTokenWithItsRole() {
        api.as(viewer).get("/api/v1/me").then().statusCode(200)
                .body("name", equalTo("wall screen")).body("role", equalTo("viewer")).body("token", nullValue());
        api.admin().get("/api/v1/me").then().statusCode(200)
                .body("id", equalTo("bootstrap")).body("role", equalTo("admin"));
        api.anonymous().get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void formatAnswersTheCanonicalTextOrTheSyntaxErrors() {
        api.as(viewer).contentType("application/json")
                .body(Map.of("text", "rule r {from taps   pattern a->b where a: amount<2 b: amount>5 within 10m}"))
                .post("/api/v1/rules/format").then().statusCode(200)
                .body("text", equalTo("""
                        rule r {
                          from taps
                          pattern a -> b
                          where
                            a: amount < 2
                            b: amount > 5
                          within 10m
                        }
                        """));
        api.as(viewer).contentType("text/plain").body("rule r {\n  from taps\n  pattern a ->\n}")
                .post("/api/v1/rules/format").then().statusCode(400)
                .body("detail", equalTo("the text has syntax errors"))
                .body("errors[0].line", equalTo(4)).body("errors[0].column", equalTo(1));
    }

    @Test
    void validationAndRuleReadsCarryThePatternGraph() {
        String text = RulesApiTest.rule("graphed", "taps", "500", "high", "x");

        api.as(viewer).contentType("text/plain").body(text).post("/api/v1/rules/validate").then().statusCode(200)
                .body("rules.graphed.pattern.steps", hasSize(2))
                .body("rules.graphed.pattern.steps[0].name", equalTo("small"))
                .body("rules.graphed.pattern.steps[0].condition", equalTo("amount < 2"))
                .body("rules.graphed.pattern.steps[0].span.line", equalTo(6))
                .body("rules.graphed.pattern.steps[0].span.column", equalTo(11))
                .body("rules.graphed.pattern.steps[1].contiguity", equalTo("relaxed"))
                .body("rules.graphed.pattern.edges[0].from", equalTo("small"))
                .body("rules.graphed.pattern.edges[0].to", equalTo("big"))
                .body("rules.graphed.pattern.window", equalTo("10m"))
                .body("rules.graphed.pattern.skip.strategy", equalTo("no_skip"));
        api.admin().contentType("text/plain").body(text).post("/api/v1/rules").then().statusCode(201);
        api.as(viewer).get("/api/v1/rules/graphed").then().statusCode(200)
                .body("summary.pattern.steps[1].name", equalTo("big"))
                .body("summary.pattern.steps[1].definition.line", equalTo(9));
    }

    @Test
    void theConsoleIsServedAtTheRootWithItsRoutesAndCaching() {
        String index = browser().get("/").then().statusCode(200)
                .contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", startsWith("default-src 'self'"))
                .header("Referrer-Policy", "no-referrer")
                .body(containsString("<div id=\"app\">")).extract().asString();
        String script = index.replaceAll("(?s).*<script type=\"module\" crossorigin src=\"([^\"]+)\".*", "$1");

        files().get(script).then().statusCode(200).contentType("text/javascript; charset=utf-8")
                .header("Cache-Control", "public, max-age=31536000, immutable");
        files().header("Accept-Encoding", "gzip").get(script).then().statusCode(200).header("Content-Encoding", "gzip");
        browser().get("/rules/graphed/edit").then().statusCode(200).body(equalTo(index));
        files().get("/favicon.svg").then().statusCode(200).contentType("image/svg+xml");
        files().get("/assets/missing-0000.js").then().statusCode(404).contentType("application/problem+json");
        browser().get("/assets/../../pom.xml").then().statusCode(404);
        files().get("/rules/graphed/edit").then().statusCode(404).contentType("application/problem+json");
        api.anonymous().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    /** Requests for the console's files (not the API's: the OpenAPI contract does not apply to them). */
    static RequestSpecification files() {
        return RestAssured.given().baseUri(api.base);
    }

    /** A browser opening a page. */
    static RequestSpecification browser() {
        return files().header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    }
}
