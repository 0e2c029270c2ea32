package io.cepheus.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cepheus.server.control.RuleState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams and rules over the REST API on the real server: create with the compiled summary, read with
 * an ETag, update and delete only with a current If-Match (428, 412), versions and rollback,
 * filtered and paged listings, validation with every diagnostic's position, and the audit log of
 * every change. Each test uses streams and rules of its own.
 */
class RulesApiTest {

    @TempDir
    static Path dir;
    static ApiNode api;
    static String author;
    static String viewer;

    @BeforeAll
    static void start() {
        api = new ApiNode(dir, Map.of());
        author = api.token("author", "author");
        viewer = api.token("viewer", "viewer");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static String stream(String name) {
        return """
                stream %s {
                  time ts
                  key card
                  fields {
                    card: string
                    amount: decimal
                    ts: timestamp
                  }
                }
                """.formatted(name);
    }

    static String rule(String name, String stream, String threshold, String severity, String tags) {
        return """
                rule %s {
                  severity %s
                  tags %s
                  from %s
                  partition by card
                  pattern small -> big
                  where
                    small: amount < 2
                    big: amount > %s
                  within 10m
                  alert { summary "card ${card}" }
                }
                """.formatted(name, severity, tags, stream, threshold);
    }

    static void declare(String streamName) {
        api.as(author).contentType("text/plain").body(stream(streamName)).post("/api/v1/streams").then().statusCode(201);
    }

    static void create(String rule) {
        api.as(author).contentType("text/plain").body(rule).post("/api/v1/rules").then().statusCode(201);
    }

    @Test
    void aRuleIsCreatedWithItsSummaryAndReadWithItsETag() {
        declare("cards");

        api.as(author).contentType("application/json")
                .body(Map.of("text", rule("big_after_small", "cards", "500", "high", "fraud, cards")))
                .post("/api/v1/rules").then().statusCode(201)
                .header("Location", "/api/v1/rules/big_after_small").header("ETag", "\"1\"")
                .body("id", equalTo("big_after_small")).body("version", equalTo(1)).body("state", equalTo("enabled"))
                .body("origin", equalTo("api"))
                .body("summary.kind", equalTo("pattern")).body("summary.severity", equalTo("high"))
                .body("summary.tags", contains("fraud", "cards")).body("summary.streams", contains("cards"))
                .body("summary.partitionBy", contains("card")).body("summary.window", equalTo("10m"));

        api.as(viewer).get("/api/v1/rules/big_after_small").then().statusCode(200).header("ETag", "\"1\"")
                .body("text", containsString("big: amount > 500"));
        assertThat(api.node.controlRegistry().catalog().rule("big_after_small")).hasValueSatisfying(
                r -> assertThat(r.state()).isEqualTo(RuleState.ENABLED));
        api.as(author).contentType("text/plain").body(rule("big_after_small", "cards", "1", "high", "x"))
                .post("/api/v1/rules").then().statusCode(409)
                .body("detail", equalTo("rule big_after_small exists (version 1): change it with PUT"
                        + " /api/v1/rules/big_after_small"));
    }

    @Test
    void aRuleThatDoesNotCompileIsA400WithEveryDiagnosticsPosition() {
        declare("typos");
        String text = rule("typo", "typos", "500", "high", "x").replace("small: amount < 2", "small: amout < 2");

        api.as(author).contentType("text/plain").body(text).post("/api/v1/rules").then().statusCode(400)
                .body("detail", equalTo("the rule does not compile"))
                .body("errors[0].line", equalTo(8)).body("errors[0].column", equalTo(12))
                .body("errors[0].endLine", equalTo(8)).body("errors[0].endColumn", equalTo(17))
                .body("errors[0].severity", equalTo("error"))
                .body("errors[0].message", containsString("unknown field 'amout'"))
                .body("errors[0].suggestion", equalTo("amount"));
        api.as(author).get("/api/v1/rules/typo").then().statusCode(404);
    }

    @Test
    void validateReturnsTheDiagnosticsOfTheTextWithoutDeployingIt() {
        declare("checked");
        String text = rule("checked_rule", "checked", "500", "low", "x").replace("from checked", "from chekced");

        api.as(viewer).contentType("text/plain").body(text).post("/api/v1/rules/validate").then().statusCode(200)
                .body("valid", equalTo(false))
                .body("diagnostics[0].line", equalTo(4)).body("diagnostics[0].column", equalTo(8))
                .body("diagnostics[0].suggestion", equalTo("checked"));
        api.as(viewer).contentType("application/json")
                .body(Map.of("text", rule("checked_rule", "checked", "500", "low", "x"))).post("/api/v1/rules/validate")
                .then().statusCode(200).body("valid", equalTo(true)).body("rules.checked_rule.severity", equalTo("low"));
        assertThat(api.node.controlRegistry().catalog().rule("checked_rule")).isEmpty();
    }

    @Test
    void changesNeedTheCurrentVersionInIfMatch() {
        declare("guarded");
        create(rule("guarded_rule", "guarded", "500", "high", "x"));
        String v2 = rule("guarded_rule", "guarded", "900", "high", "x");

        api.as(author).contentType("text/plain").body(v2).put("/api/v1/rules/guarded_rule").then().statusCode(428)
                .body("detail", equalTo("changing rule guarded_rule needs If-Match with its entity tag (the ETag of a"
                        + " GET, here \"1\")"));
        api.as(author).contentType("text/plain").header("If-Match", "\"7\"").body(v2).put("/api/v1/rules/guarded_rule")
                .then().statusCode(412)
                .body("detail", equalTo("rule guarded_rule is at version 1, not 7: read it again and redo the change"));
        api.as(author).contentType("text/plain").header("If-Match", "\"1\"").body(v2).put("/api/v1/rules/guarded_rule")
                .then().statusCode(200).header("ETag", "\"2\"").body("version", equalTo(2));
        api.as(author).contentType("text/plain").header("If-Match", "\"1\"").body(v2).put("/api/v1/rules/guarded_rule")
                .then().statusCode(412);
        api.as(author).header("If-Match", "\"1\"").delete("/api/v1/rules/guarded_rule").then().statusCode(412);
        api.as(author).delete("/api/v1/rules/guarded_rule").then().statusCode(428);
        api.as(author).header("If-Match", "\"2\"").delete("/api/v1/rules/guarded_rule").then().statusCode(204);
        api.as(viewer).get("/api/v1/rules/guarded_rule").then().statusCode(404);
        api.as(viewer).get("/api/v1/rules/guarded_rule/versions").then().statusCode(404);
    }

    @Test
    void aRuleCannotBeRenamedByItsText() {
        declare("named");
        create(rule("named_rule", "named", "500", "high", "x"));

        api.as(author).contentType("text/plain").header("If-Match", "\"1\"")
                .body(rule("other_name", "named", "500", "high", "x")).put("/api/v1/rules/named_rule").then()
                .statusCode(400).body("detail", equalTo("the text declares rule other_name, not named_rule (a rule's name"
                        + " is its id: create other_name with POST /api/v1/rules)"));
    }

    @Test
    void everyChangeIsAVersionAndRollbackMakesANewOneFromAnOldOne() {
        declare("versioned");
        create(rule("versioned_rule", "versioned", "100", "high", "x"));
        api.as(author).contentType("text/plain").header("If-Match", "\"1\"")
                .body(rule("versioned_rule", "versioned", "200", "high", "x")).put("/api/v1/rules/versioned_rule")
                .then().statusCode(200);
        api.as(author).contentType("application/json").header("If-Match", "\"2\"").body(Map.of("state", "disabled"))
                .put("/api/v1/rules/versioned_rule").then().statusCode(200).body("version", equalTo(3))
                .body("state", equalTo("disabled"));

        api.as(author).header("If-Match", "\"3\"").post("/api/v1/rules/versioned_rule/versions/1/rollback").then()
                .statusCode(200).header("ETag", "\"4\"").body("version", equalTo(4)).body("state", equalTo("disabled"))
                .body("text", containsString("big: amount > 100"));

        api.as(viewer).get("/api/v1/rules/versioned_rule/versions").then().statusCode(200)
                .body("items.version", contains(1, 2, 3, 4))
                .body("items.state", contains("enabled", "enabled", "disabled", "disabled"));
        api.as(viewer).get("/api/v1/rules/versioned_rule/versions/2").then().statusCode(200)
                .body("text", containsString("big: amount > 200"));
        api.as(viewer).get("/api/v1/rules/versioned_rule/versions/9").then().statusCode(404)
                .body("detail", equalTo("rule versioned_rule has no version 9 (it has [1, 2, 3, 4])"));
        api.admin().get("/api/v1/audit?target=rule/versioned_rule").then().statusCode(200)
                .body("items.action", contains("rule.rollback", "rule.update", "rule.update", "rule.create"))
                .body("items[0].actor", containsString("(author)"))
                .body("items[0].before.version", equalTo(3)).body("items[0].after.version", equalTo(4))
                .body("items[3].before", nullValue());
    }

    @Test
    void listingsFilterAndPage() {
        declare("listed");
        declare("other_listed");
        create(rule("list_a", "listed", "100", "high", "listing"));
        create(rule("list_b", "listed", "100", "low", "listing"));
        create(rule("list_c", "other_listed", "100", "high", "ops"));
        create(rule("list_d", "listed", "100", "high", "listing"));

        api.as(viewer).get("/api/v1/rules?stream=listed&severity=high").then().statusCode(200)
                .body("items.id", contains("list_a", "list_d")).body("next", nullValue());
        api.as(viewer).get("/api/v1/rules?tag=ops").then().body("items.id", contains("list_c"));
        String next = api.as(viewer).get("/api/v1/rules?tag=listing&limit=2").then().statusCode(200)
                .body("items.id", contains("list_a", "list_b")).extract().path("next");
        api.as(viewer).get("/api/v1/rules?tag=listing&limit=2&cursor=" + next).then().statusCode(200)
                .body("items.id", contains("list_d")).body("next", nullValue());
        api.as(viewer).get("/api/v1/rules?limit=0").then().statusCode(400)
                .body("detail", equalTo("limit must be 1 to 500, was 0"));
        api.as(viewer).get("/api/v1/rules?state=on").then().statusCode(400)
                .body("detail", equalTo("state: unknown rule state 'on' (enabled, disabled or shadow)"));
    }

    @Test
    void streamsAreDeclaredChangedAndDeletedButNotUnderARule() {
        declare("streamed");
        api.as(viewer).get("/api/v1/streams/streamed").then().statusCode(200).header("ETag", "\"1\"")
                .body("topic", equalTo("streamed")).body("time", equalTo("ts")).body("key", equalTo("card"))
                .body("fields.name", contains("card", "amount", "ts"))
                .body("fields.type", contains("string", "decimal", "timestamp"));
        create(rule("streamed_rule", "streamed", "100", "high", "x"));

        api.as(author).contentType("text/plain").header("If-Match", "\"1\"")
                .body(stream("streamed").replace("amount: decimal", "total: decimal"))
                .put("/api/v1/streams/streamed").then().statusCode(409)
                .body("detail", containsString("changing stream streamed would break rule streamed_rule (unknown field"));
        api.as(author).header("If-Match", "\"1\"").delete("/api/v1/streams/streamed").then().statusCode(409)
                .body("detail", equalTo("stream streamed is read by rule streamed_rule: delete or change it first"));
        api.as(author).contentType("text/plain").header("If-Match", "\"1\"")
                .body(stream("streamed").replace("ts: timestamp", "ts: timestamp\n    note: string"))
                .put("/api/v1/streams/streamed").then().statusCode(200).body("version", equalTo(2))
                .body("fields.name", contains("card", "amount", "ts", "note"));
        api.as(author).header("If-Match", "\"1\"").delete("/api/v1/rules/streamed_rule").then().statusCode(204);
        api.as(author).header("If-Match", "\"2\"").delete("/api/v1/streams/streamed").then().statusCode(204);
        api.as(viewer).get("/api/v1/streams/streamed").then().statusCode(404);
        api.as(author).contentType("text/plain").body("stream broken {").post("/api/v1/streams").then().statusCode(400)
                .body("errors[0].line", equalTo(1));
        api.as(author).contentType("text/plain").body(rule("not_a_stream", "x", "1", "high", "x"))
                .post("/api/v1/streams").then().statusCode(400)
                .body("detail", equalTo("the text must declare exactly one stream, and nothing else; it declares rule"
                        + " not_a_stream"));
    }

    @Test
    void aViewerReadsButDoesNotWrite() {
        api.as(viewer).get("/api/v1/streams").then().statusCode(200);
        api.as(viewer).contentType("text/plain").body(stream("viewer_stream")).post("/api/v1/streams").then()
                .statusCode(403).body("detail", equalTo("token " + tokenId("viewer") + " has role viewer; this needs"
                        + " author or above"));
        assertThat(api.node.controlRegistry().catalog().stream("viewer_stream")).isEmpty();
    }

    private static String tokenId(String name) {
        List<String> ids = api.admin().get("/api/v1/tokens").then().extract()
                .path("items.findAll { it.name == '" + name + "' }.id");
        return ids.getFirst();
    }
}
