package io.cepheus.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.dsl.Source;
import io.cepheus.server.backtest.Alert;
import io.cepheus.server.backtest.AlertJson;
import io.cepheus.server.backtest.Backtest;
import io.cepheus.server.backtest.BacktestListener;
import io.cepheus.server.backtest.Input;
import io.cepheus.server.rules.RuleSet;
import io.cepheus.server.rules.RuleTools;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/backtests} over the real server: posted events (JSON array and NDJSON) and a time
 * range of a stream's topic give the alerts {@code cepheus backtest} gives on the same events (its
 * Backtest class run here on a file of them), with the events bound to each step; an existing rule's
 * version is compared with its deployed version; a job shows its progress and can be cancelled.
 */
class BacktestApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String STREAM = """
            stream payments {
              topic "bt-payments"
              time ts
              key card
              fields {
                card: string
                amount: decimal
                ts: timestamp
              }
            }
            """;
    static final String RULE = """
            rule small_then_big {
              from payments
              partition by card
              pattern small -> big
              where
                small: amount < 2
                big: amount > %s
              within 10m
              alert { summary "card ${card}: ${big.amount} after ${small.amount}" }
            }
            """;

    @TempDir
    static Path dir;
    static ApiNode api;
    static String author;
    static String viewer;

    @BeforeAll
    static void start() {
        api = new ApiNode(dir, Map.of());
        author = api.token("ci", "author");
        viewer = api.token("dashboard", "viewer");
        api.as(author).contentType("text/plain").body(STREAM).post("/api/v1/streams").then().statusCode(201);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static String event(String card, String amount, int second) {
        return "{\"card\":\"" + card + "\",\"amount\":" + amount + ",\"ts\":\"2026-03-01T10:" + (10 + second / 60) + ":"
                + String.format("%02d", second % 60) + "Z\"}";
    }

    /** c1 probes then buys 300, c2 probes then buys 750, and one line that is not an event. */
    static final List<String> LINES = List.of(event("c1", "1.00", 1), event("c2", "1.50", 2), "{\"card\":",
            event("c1", "300.00", 3), event("c2", "750.00", 4), event("tick", "0", 30));

    /** What {@code cepheus backtest} prints for {@code lines} (its Backtest class over a file of them). */
    static List<JsonNode> commandLine(String ruleText, List<String> lines) throws IOException {
        return commandLine(ruleText, 1, lines);
    }

    /** The same, with the rule as version {@code version} (as the server numbers an existing rule's versions). */
    static List<JsonNode> commandLine(String ruleText, long version, List<String> lines) throws IOException {
        RuleSet rules = RuleTools.compile(List.of(Source.of("payments.cep", STREAM), Source.of("rule.cep", ruleText)))
                .rules();
        Path file = Files.createTempFile(dir, "events", ".jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        List<JsonNode> alerts = new ArrayList<>();
        new Backtest(rules.rules().stream().map(r -> r.withVersion(version)).toList()).run(List.of(new Input(file, "events", rules.stream("payments").orElseThrow())),
                new BacktestListener() {
                    @Override
                    public void alert(Alert alert) {
                        try {
                            alerts.add(JSON.readTree(AlertJson.line(alert, false)));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
        return alerts;
    }

    static List<JsonNode> alertsOf(JsonNode result) {
        List<JsonNode> out = new ArrayList<>();
        result.get("alerts").forEach(a -> out.add(a.get("alert")));
        return out;
    }

    static JsonNode body(Response r) throws IOException {
        return JSON.readTree(r.asString());
    }

    @Test
    void ruleTextOverAPostedArrayGivesTheCommandLinesAlertsWithTheirEvents() throws IOException {
        String rule = RULE.formatted("100");
        String events = "[" + String.join(",\n", LINES.stream().filter(l -> !l.equals("{\"card\":")).toList()) + "]";

        JsonNode result = body(api.as(author).contentType("application/json")
                .body("{\"text\":" + JSON.writeValueAsString(rule) + ",\"events\":" + events + "}")
                .post("/api/v1/backtests").then().statusCode(200).extract().response());

        List<String> valid = LINES.stream().filter(l -> !l.equals("{\"card\":")).toList();
        assertThat(alertsOf(result)).hasSize(2).isEqualTo(commandLine(rule, valid));
        assertThat(result.get("eventsRead").asLong()).isEqualTo(5);
        JsonNode first = result.get("alerts").get(0);
        assertThat(first.get("alert").get("key").asText()).isEqualTo("c1");
        assertThat(first.get("events").get("small").get(0)).isEqualTo(JSON.readTree(event("c1", "1.00", 1)));
        assertThat(first.get("events").get("big").get(0)).isEqualTo(JSON.readTree(event("c1", "300.00", 3)));
        assertThat(result.has("diff")).as("rule text has no deployed version").isFalse();
    }

    @Test
    void anExistingRuleVersionOverNdjsonIsComparedWithTheDeployedVersion() throws IOException {
        api.as(author).contentType("text/plain").body(RULE.formatted("500").replace("small_then_big", "diffed"))
                .post("/api/v1/rules").then().statusCode(201);
        String v2 = RULE.formatted("100").replace("small_then_big", "diffed");
        api.as(author).header("If-Match", "\"1\"").contentType("application/json")
                .body(Map.of("text", v2, "state", "shadow")).put("/api/v1/rules/diffed").then().statusCode(200)
                .body("version", equalTo(2)).body("state", equalTo("shadow"));

        JsonNode result = body(api.as(author).contentType("application/x-ndjson").queryParam("rule", "diffed")
                .body(String.join("\n", LINES) + "\n").post("/api/v1/backtests").then().statusCode(200)
                .extract().response());

        assertThat(alertsOf(result)).hasSize(2).isEqualTo(commandLine(v2, 2, LINES));
        assertThat(result.get("rules").get(0).get("version").asLong()).isEqualTo(2);
        assertThat(result.get("problems").get(0).get("event").asLong()).as("the line that is not an event").isEqualTo(3);
        assertThat(result.get("problems").get(0).get("reason").asText()).isEqualTo("invalid_json");
        JsonNode diff = result.get("diff");
        assertThat(diff.get("deployedVersion").asLong()).isEqualTo(1);
        assertThat(diff.get("onlyNew")).extracting(a -> a.get("alert").get("key").asText()).containsExactly("c1");
        assertThat(diff.get("both")).extracting(a -> a.get("alert").get("key").asText()).containsExactly("c2");
        assertThat(diff.get("onlyOld")).isEmpty();

        JsonNode v1 = body(api.as(author).contentType("application/x-ndjson").queryParam("rule", "diffed")
                .queryParam("version", 1).body(String.join("\n", LINES) + "\n").post("/api/v1/backtests").then()
                .statusCode(200).extract().response());
        assertThat(v1.get("diff").get("both")).extracting(a -> a.get("alert").get("key").asText()).containsExactly("c2");
        assertThat(v1.get("diff").get("onlyNew")).isEmpty();
    }

    @Test
    void aTimeRangeOfTheStreamsTopicGivesWhatTheSameEventsPostedGive() throws IOException {
        Instant from = Instant.now().minusSeconds(1);
        api.as(author).contentType("application/x-ndjson").body(String.join("\n", LINES) + "\n")
                .post("/api/v1/streams/payments/events").then().statusCode(200).body("accepted", equalTo(5));
        Instant to = Instant.now().plusSeconds(1);
        String rule = RULE.formatted("100");

        JsonNode result = body(api.as(author).contentType("application/json")
                .body(Map.of("text", rule, "range", Map.of("from", from.toString(), "to", to.toString())))
                .post("/api/v1/backtests").then().statusCode(200).extract().response());

        List<String> valid = LINES.stream().filter(l -> !l.equals("{\"card\":")).toList();
        assertThat(result.get("eventsRead").asLong()).isEqualTo(5);
        assertThat(alertsOf(result)).hasSize(2).isEqualTo(commandLine(rule, valid));
        assertThat(result.get("alerts").get(1).get("events").get("big").get(0))
                .isEqualTo(JSON.readTree(event("c2", "750.00", 4)));
    }

    @Test
    void aJobShowsItsProgressAndEndsWithTheResultAndAQueuedJobCanBeCancelled() throws IOException {
        String rule = RULE.formatted("100");
        int n = 30_000;
        String many = String.join("\n", IntStream.range(0, n).mapToObj(i -> event("k" + i % 500, i % 7 == 0 ? "1" : "200",
                i / 10)).toList()) + "\n";

        Response started = api.as(author).contentType("application/x-ndjson").queryParam("text", rule)
                .body(many).post("/api/v1/backtests").then().statusCode(202)
                .header("Location", startsWith("/api/v1/backtests/")).body("state", equalTo("running"))
                .body("eventsTotal", equalTo(n)).extract().response();
        String location = started.header("Location");
        String queued = api.as(author).contentType("application/x-ndjson").queryParam("text", rule).queryParam("async", "true")
                .body(String.join("\n", LINES) + "\n").post("/api/v1/backtests").then().statusCode(202)
                .extract().header("Location");
        api.as(author).delete(queued).then().statusCode(204);

        await().atMost(ApiNode.DEADLINE).until(() -> !"running".equals(api.as(viewer).get(location).path("state")));
        JsonNode done = body(api.as(viewer).get(location).then().statusCode(200).extract().response());
        assertThat(done.get("state").asText()).isEqualTo("succeeded");
        assertThat(done.get("eventsRead").asLong()).isEqualTo(n);
        assertThat(done.get("result").get("eventsRead").asLong()).isEqualTo(n);
        assertThat(alertsOf(done.get("result"))).isEqualTo(commandLine(rule, List.of(many.split("\n"))));
        await().atMost(ApiNode.DEADLINE).until(() -> !"running".equals(api.as(viewer).get(queued).path("state")));
        api.as(viewer).get(queued).then().statusCode(200).body("state", equalTo("cancelled"));
        api.as(author).delete(queued).then().statusCode(204);
        api.as(viewer).get(queued).then().statusCode(404);
    }

    @Test
    void badRequestsAreProblems() {
        api.as(author).contentType("application/json").body(Map.of("text", "rule r {\n  from nowhere\n  pattern a\n}",
                "events", List.of())).post("/api/v1/backtests").then().statusCode(400)
                .body("errors[0].line", equalTo(2));
        api.as(author).contentType("application/json").body(Map.of("rule", "absent", "events", List.of()))
                .post("/api/v1/backtests").then().statusCode(404).body("detail", equalTo("no rule absent"));
        api.as(author).contentType("application/json").body(Map.of("text", RULE.formatted("1")))
                .post("/api/v1/backtests").then().statusCode(400)
                .body("detail", startsWith("give either 'events' (a JSON array of events) or 'range'"));
        api.as(author).contentType("application/json").body(Map.of("events", List.of()))
                .post("/api/v1/backtests").then().statusCode(400)
                .body("detail", equalTo("give either 'text' (rule text) or 'rule' (an existing rule's id), not neither"));
        api.as(author).contentType("application/json").body(Map.of("text", RULE.formatted("1"),
                "range", Map.of("from", "2026-03-02T00:00:00Z", "to", "2026-03-01T00:00:00Z")))
                .post("/api/v1/backtests").then().statusCode(400)
                .body("detail", equalTo("the range must end after it starts: from 2026-03-02T00:00:00Z, to 2026-03-01T00:00:00Z"));
        api.as(viewer).get("/api/v1/backtests/nope").then().statusCode(404)
                .body("detail", equalTo("no backtest job nope (a node keeps its newest 100 jobs, and forgets them when it restarts)"));
        api.as(viewer).contentType("application/json").body(Map.of("text", RULE.formatted("1"), "events", List.of()))
                .post("/api/v1/backtests").then().statusCode(403);
    }
}
