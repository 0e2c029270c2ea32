package io.cepheus.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.rules.Shadow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow mode on the real server and broker: a rule's new version in state {@code shadow} runs beside
 * its deployed version on live traffic with state of its own (a partial match the live version holds
 * is not the shadow's), its alerts marked {@code "shadow": true} with their own ids and told apart by
 * the alert index ({@code ?shadow=true|false}), and the shadow report compares the two over a time
 * range of the alerts topic.
 */
class ShadowApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ApiNode api;
    static String author;

    @BeforeAll
    static void start() {
        api = new ApiNode(dir, Map.of());
        author = api.token("ci", "author");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /**
     * An event {@code second}s after the wall clock when its batch is made: an idle stream's watermark
     * follows the wall clock, so each batch must be ahead of it.
     */
    static String event(Instant batch, String card, String amount, int second) {
        return "{\"card\":\"" + card + "\",\"amount\":" + amount + ",\"ts\":\"" + batch.plusSeconds(second) + "\"}";
    }

    static void post(String... events) {
        api.as(author).contentType("application/x-ndjson").body(String.join("\n", events) + "\n")
                .post("/api/v1/streams/payments/events").then().statusCode(200).body("accepted", equalTo(events.length));
    }

    @Test
    void theShadowRunsBesideTheLiveVersionWithItsOwnStateAndMarkedAlerts() throws IOException {
        Instant from = Instant.now().minusSeconds(1);
        api.as(author).contentType("text/plain").body(BacktestApiTest.STREAM.replace("bt-payments", "shadow-payments"))
                .post("/api/v1/streams").then().statusCode(201);
        api.as(author).contentType("text/plain").body(BacktestApiTest.RULE.formatted("500")).post("/api/v1/rules")
                .then().statusCode(201);
        // c3's probe is held by the live version before the shadow exists
        post(event(Instant.now(), "c3", "1.00", 1));
        await().atMost(ApiNode.DEADLINE).until(() -> {
            var answer = api.as(author).get("/api/v1/rules/small_then_big/keys/c3/partial-matches");
            return answer.statusCode() == 200 && !answer.jsonPath().getList("partialMatches").isEmpty();
        });
        api.as(author).header("If-Match", "\"1\"").contentType("application/json")
                .body(Map.of("text", BacktestApiTest.RULE.formatted("100"), "state", "shadow"))
                .put("/api/v1/rules/small_then_big").then().statusCode(200).body("state", equalTo("shadow"));
        await().atMost(ApiNode.DEADLINE).until(() -> api.node.deployments().current().rules().rules().stream()
                .map(OfflineRule::name).toList().equals(List.of("small_then_big", Shadow.nameOf("small_then_big"))));
        assertThat(api.node.deployments().current().rules().rule("small_then_big").orElseThrow().version())
                .as("the deployed version goes on running").isEqualTo(1);

        Instant now = Instant.now();
        post(event(now, "c1", "1.00", 2), event(now, "c2", "1.50", 3), event(now, "c1", "300.00", 4),
                event(now, "c2", "750.00", 5), event(now, "c3", "900.00", 6));

        List<JsonNode> alerts = new ArrayList<>();
        for (String a : api.read("cepheus-alerts", seen -> seen.size() >= 4)) {
            alerts.add(JSON.readTree(a));
        }
        assertThat(alerts).extracting(a -> a.get("key").asText() + " v" + a.get("version").asLong() + " shadow="
                        + a.path("shadow").asBoolean(false))
                .as("c1 only in the shadow (300 > 100), c2 in both, c3 only live: its probe came before the shadow")
                .containsExactlyInAnyOrder("c1 v2 shadow=true", "c2 v1 shadow=false", "c2 v2 shadow=true",
                        "c3 v1 shadow=false");
        assertThat(alerts).allSatisfy(a -> assertThat(a.get("rule").asText()).isEqualTo("small_then_big"));
        assertThat(alerts.stream().filter(a -> !a.has("shadow"))).as("live alerts have no shadow member").hasSize(2);
        assertThat(alerts.stream().map(a -> a.get("id").asText()).distinct()).hasSize(4);

        Instant to = Instant.now().plusSeconds(1);
        JsonNode report = JSON.readTree(api.as(author).queryParam("from", from.toString()).queryParam("to", to.toString())
                .get("/api/v1/rules/small_then_big/shadow-report").then().statusCode(200).extract().asString());
        assertThat(report.get("shadowVersion").asLong()).isEqualTo(2);
        assertThat(report.get("liveVersion").asLong()).isEqualTo(1);
        assertThat(report.get("counts")).isEqualTo(JSON.readTree("{\"onlyShadow\":1,\"onlyLive\":1,\"both\":1}"));
        assertThat(report.get("onlyShadow").get(0).get("key").asText()).isEqualTo("c1");
        assertThat(report.get("onlyLive").get(0).get("key").asText()).isEqualTo("c3");
        assertThat(report.get("both").get(0).get("shadow").get("key").asText()).isEqualTo("c2");
        assertThat(report.get("both").get(0).get("live").get("version").asLong()).isEqualTo(1);

        // the alert index tells them apart too
        await().atMost(ApiNode.DEADLINE).until(() -> api.as(author).get("/api/v1/alerts?rule=small_then_big").then()
                .extract().<List<?>>path("items").size() == 4);
        assertThat(api.as(author).get("/api/v1/alerts?rule=small_then_big&shadow=true").then().statusCode(200)
                .extract().<List<String>>path("items.key")).containsExactlyInAnyOrder("c1", "c2");
        api.as(author).get("/api/v1/alerts?rule=small_then_big&shadow=false").then().statusCode(200)
                .body("items.key", containsInAnyOrder("c2", "c3")).body("items.shadow", everyItem(equalTo(false)))
                .body("items.version", everyItem(equalTo(1)));
        api.as(author).get("/api/v1/alerts?shadow=maybe").then().statusCode(400)
                .body("detail", equalTo("shadow 'maybe' is not true or false"));

        // promoted: the shadow goes, the version runs live
        api.as(author).header("If-Match", "\"2\"").contentType("application/json").body(Map.of("state", "enabled"))
                .put("/api/v1/rules/small_then_big").then().statusCode(200).body("version", equalTo(3));
        await().atMost(ApiNode.DEADLINE).until(() -> api.node.deployments().current().rules().rules().stream()
                .map(r -> r.name() + "@" + r.version()).toList().equals(List.of("small_then_big@3")));
    }

    @Test
    void aReportNeedsARangeAndAKnownRule() {
        api.as(author).get("/api/v1/rules/none/shadow-report?from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z").then()
                .statusCode(404).body("detail", equalTo("no rule none"));
        api.as(author).get("/api/v1/rules/none/shadow-report?from=yesterday").then().statusCode(400)
                .body("detail", equalTo("'from' must be an ISO-8601 time such as 2026-03-01T10:00:00Z, was 'yesterday'"));
    }
}
