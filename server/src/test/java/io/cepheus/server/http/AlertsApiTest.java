package io.cepheus.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts over the real server on a real broker: the data plane's alerts in the node's index, queried
 * by rule, key, severity, status and time with cursor pages, read with their events per step; the
 * lifecycle (acknowledge, resolve, comment) through the status topic, with the status's revision as
 * entity tag and an optional {@code If-Match} (412 when stale), and in the audit log; a rule's
 * statistics; a snooze that drops one key's alerts and counts them; the live feed with heartbeats,
 * {@code access_token} and {@code Last-Event-ID} resume.
 */
class AlertsApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ApiNode api;
    static String author;
    static String viewer;

    @BeforeAll
    static void start() {
        // event times are in the past: a stream idle for its timeout would follow the wall clock past them
        api = new ApiNode(dir, Map.of("CEPHEUS_ALERTS_HEARTBEAT", "300ms", "CEPHEUS_IDLE_TIMEOUT", "1h"));
        author = api.token("analyst", "author");
        viewer = api.token("console", "viewer");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static void declare(String stream, String rule, String severity) {
        declare(api, author, stream, rule, severity);
    }

    /** A stream on its own topic and a rule on it, {@code small} then {@code big} of one card, through {@code node}. */
    static void declare(ApiNode node, String author, String stream, String rule, String severity) {
        node.as(author).contentType("text/plain").body("""
                stream %s {
                  time ts
                  key card
                  fields {
                    card: string
                    amount: decimal
                    ts: timestamp
                  }
                }
                """.formatted(stream)).post("/api/v1/streams").then().statusCode(201);
        node.as(author).contentType("text/plain").body("""
                rule %s {
                  title "Small then big"
                  severity %s
                  from %s
                  partition by card
                  pattern small -> big
                  where
                    small: amount < 2
                    big: amount > 500
                  within 10m
                  alert { summary "card ${card}" }
                }
                """.formatted(rule, severity, stream)).post("/api/v1/rules").then().statusCode(201);
    }

    static String event(String card, String amount, int minute) {
        return "{\"card\":\"" + card + "\",\"amount\":" + amount + ",\"ts\":\""
                + java.time.Instant.parse("2026-03-01T10:10:00Z").plusSeconds(60L * minute) + "\"}";
    }

    static void pay(String stream, int minute, String... cards) {
        pay(api, author, stream, minute, cards);
    }

    /** Posts a small and a big payment for each card, minute by minute, and a later tick that moves the watermark. */
    static void pay(ApiNode node, String author, String stream, int minute, String... cards) {
        StringBuilder body = new StringBuilder();
        for (String card : cards) {
            body.append(event(card, "1.00", minute)).append('\n');
        }
        for (String card : cards) {
            body.append(event(card, "900.00", minute + 1)).append('\n'); // in event-time order: none is late
        }
        body.append(event("tick", "0", minute + 30)).append('\n');
        node.as(author).contentType("application/x-ndjson").body(body.toString())
                .post("/api/v1/streams/" + stream + "/events").then().statusCode(200);
    }

    static List<JsonNode> alerts(String query, int count) {
        await().atMost(ApiNode.DEADLINE).until(() -> api.as(viewer).get("/api/v1/alerts?" + query).then().statusCode(200)
                .extract().<List<?>>path("items").size() >= count);
        return api.as(viewer).get("/api/v1/alerts?" + query).then().extract().jsonPath().getList("items", Map.class)
                .stream().map(m -> JSON.<JsonNode>valueToTree(m)).toList();
    }

    @Test
    void alertsAreIndexedFilteredPagedAndReadWithTheirEvents() {
        declare("q_payments", "q_rule", "high");
        pay("q_payments", 0, "c1", "c2");
        assertThat(api.read("cepheus-alerts", seen -> seen.stream().filter(a -> a.contains("q_rule")).count() == 2))
                .as("the data plane wrote both alerts").filteredOn(a -> a.contains("q_rule")).hasSize(2);

        List<JsonNode> both = alerts("rule=q_rule", 2);
        assertThat(both).extracting(a -> a.get("key").asText()).containsExactly("c2", "c1");
        assertThat(both.get(0).get("position").asLong()).isGreaterThan(both.get(1).get("position").asLong());
        assertThat(both.get(0).get("severity").asText()).isEqualTo("high");
        assertThat(both.get(0).get("status").asText()).isEqualTo("open");
        assertThat(both.get(0).get("time").asText()).isEqualTo("2026-03-01T10:11:00Z");

        api.as(viewer).get("/api/v1/alerts?rule=q_rule&key=c1").then().statusCode(200).body("items.key", contains("c1"));
        api.as(viewer).get("/api/v1/alerts?rule=q_rule&severity=low").then().statusCode(200).body("items", empty());
        api.as(viewer).get("/api/v1/alerts?key=c2&severity=high").then().statusCode(200).body("items.rule", contains("q_rule"));
        api.as(viewer).get("/api/v1/alerts?rule=q_rule&from=2026-03-01T10:11:00Z&to=2026-03-01T10:11:01Z").then()
                .statusCode(200).body("items", hasSize(2));
        api.as(viewer).get("/api/v1/alerts?rule=q_rule&to=2026-03-01T10:11:00Z").then().statusCode(200).body("items", empty());

        String next = api.as(viewer).get("/api/v1/alerts?rule=q_rule&limit=1").then().statusCode(200)
                .body("items.key", contains("c2")).body("next", notNullValue()).extract().path("next");
        api.as(viewer).get("/api/v1/alerts?rule=q_rule&limit=1&cursor=" + next).then().statusCode(200)
                .body("items.key", contains("c1")).body("next", nullValue());

        String id = both.get(1).get("id").asText();
        api.as(viewer).get("/api/v1/alerts/" + id).then().statusCode(200)
                .body("rule", equalTo("q_rule")).body("key", equalTo("c1")).body("kind", equalTo("match"))
                .body("steps.small[0].amount", equalTo(1.0f)).body("steps.big[0].card", equalTo("c1"))
                .body("steps.big[0].ts", equalTo("2026-03-01T10:11:00Z"))
                .body("lifecycle.status", equalTo("open")).body("lifecycle.comments", empty());
    }

    @Test
    void badQueriesAndUnknownAlertsAreProblems() {
        api.as(viewer).get("/api/v1/alerts?status=closed").then().statusCode(400)
                .body("detail", equalTo("unknown status 'closed' (open, acknowledged or resolved)"));
        api.as(viewer).get("/api/v1/alerts?from=yesterday").then().statusCode(400)
                .body("detail", equalTo("from 'yesterday' is not an ISO-8601 instant (e.g. 2026-03-01T10:00:00Z)"));
        api.as(viewer).get("/api/v1/alerts?cursor=!!").then().statusCode(400);
        api.as(viewer).get("/api/v1/alerts/nothing").then().statusCode(404).body("detail", equalTo("no alert nothing in the index"));
        api.as(author).post("/api/v1/alerts/nothing/acknowledge").then().statusCode(404);
        api.as(viewer).get("/api/v1/rules/nothing/stats").then().statusCode(404).body("detail", equalTo("no rule nothing"));
    }

    @Test
    void theLifecycleGoesThroughKafkaIsAuditedAndMakesTheRulesStatistics() {
        declare("l_payments", "l_rule", "medium");
        pay("l_payments", 0, "a", "b");
        List<JsonNode> two = alerts("rule=l_rule", 2);
        String a = two.get(1).get("id").asText();
        String b = two.get(0).get("id").asText();
        api.as(viewer).get("/api/v1/rules/l_rule/stats").then().statusCode(200)
                .body("alerts", equalTo(2)).body("precision", nullValue())
                .body("perDay.day", contains("2026-03-01")).body("perDay.alerts", contains(2))
                .body("lastFired", equalTo("2026-03-01T10:11:00Z"));

        api.as(viewer).get("/api/v1/alerts/" + a).then().statusCode(200).header("ETag", "\"0\"")
                .body("lifecycle.revision", equalTo(0));
        api.as(author).header("If-Match", "\"0\"").post("/api/v1/alerts/" + a + "/acknowledge").then().statusCode(200)
                .header("ETag", "\"1\"").body("status", equalTo("acknowledged")).body("by", containsString("(analyst)"));
        api.as(viewer).get("/api/v1/alerts?rule=l_rule&status=acknowledged").then().statusCode(200)
                .body("items.id", contains(a));
        api.as(author).header("If-Match", "\"0\"").contentType("application/json")
                .body(Map.of("disposition", "benign")).post("/api/v1/alerts/" + a + "/resolve").then().statusCode(412)
                .body("detail", equalTo("the status of alert " + a + " is at revision 1, not 0: read it again and redo"
                        + " the change"));
        api.as(author).header("If-Match", "\"1\"").contentType("application/json")
                .body(Map.of("disposition", "true_positive", "comment", "card stolen"))
                .post("/api/v1/alerts/" + a + "/resolve").then().statusCode(200).header("ETag", "\"2\"")
                .body("status", equalTo("resolved")).body("disposition", equalTo("true_positive"))
                .body("comments.text", contains("card stolen"));
        api.as(author).contentType("application/json").body(Map.of("text", "customer called"))
                .post("/api/v1/alerts/" + a + "/comments").then().statusCode(201).header("ETag", "\"3\"")
                .body("status", equalTo("resolved")).body("comments.text", contains("card stolen", "customer called"));
        api.as(author).post("/api/v1/alerts/" + a + "/acknowledge").then().statusCode(409)
                .body("detail", equalTo("alert " + a + " is resolved (true_positive): it cannot be acknowledged"));
        api.as(author).contentType("application/json").body(Map.of("disposition", "fine"))
                .post("/api/v1/alerts/" + b + "/resolve").then().statusCode(400)
                .body("detail", equalTo("unknown disposition 'fine' (true_positive, false_positive, benign or duplicate)"));
        api.as(author).contentType("application/json").body(Map.of("disposition", "false_positive"))
                .post("/api/v1/alerts/" + b + "/resolve").then().statusCode(200);

        api.as(viewer).get("/api/v1/alerts/" + a).then().statusCode(200).body("lifecycle.status", equalTo("resolved"))
                .body("lifecycle.disposition", equalTo("true_positive")).body("lifecycle.comments", hasSize(2));
        api.as(viewer).get("/api/v1/alerts?rule=l_rule&status=resolved").then().statusCode(200).body("items", hasSize(2));
        api.as(viewer).get("/api/v1/rules/l_rule/stats").then().statusCode(200)
                .body("dispositions.true_positive", equalTo(1)).body("dispositions.false_positive", equalTo(1))
                .body("dispositions.benign", equalTo(0)).body("precision", equalTo(0.5f));
        api.admin().get("/api/v1/audit?target=alert/" + a).then().statusCode(200)
                .body("items.action", contains("alert.comment", "alert.resolve", "alert.acknowledge"))
                .body("items[1].before.status", equalTo("acknowledged")).body("items[1].after.status", equalTo("resolved"));
        assertThat(api.read("cepheus-alerts-status", seen -> seen.size() >= 4)).as("every change is a status record")
                .hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void aSnoozeDropsOneKeysAlertsCountsThemAndIsAudited() {
        declare("s_payments", "s_rule", "low");
        api.as(author).contentType("application/json").body(Map.of("key", "quiet", "duration", "1h"))
                .post("/api/v1/rules/s_rule/snoozes").then().statusCode(201)
                .body("rule", equalTo("s_rule")).body("key", equalTo("quiet")).body("by", containsString("(analyst)"));
        api.as(viewer).get("/api/v1/rules/s_rule/snoozes").then().statusCode(200).body("items.key", contains("quiet"));
        api.as(author).contentType("application/json").body(Map.of("key", "x", "duration", "soon"))
                .post("/api/v1/rules/s_rule/snoozes").then().statusCode(400)
                .body("detail", equalTo("duration 'soon' is not a whole number with ms, s, m, h or d, e.g. 2h"));
        api.as(author).contentType("application/json").body(Map.of("key", "x", "duration", "1h"))
                .post("/api/v1/rules/nothing/snoozes").then().statusCode(404);

        pay("s_payments", 0, "quiet", "loud");

        alerts("rule=s_rule&key=loud", 1);
        await().atMost(ApiNode.DEADLINE).until(() -> api.anonymous().get("/metrics").asString()
                .contains("cepheus_alerts_snoozed_total{rule=\"s_rule\"} 1.0"));
        api.as(viewer).get("/api/v1/alerts?rule=s_rule&key=quiet").then().statusCode(200).body("items", empty());
        api.admin().get("/api/v1/audit?target=rule/s_rule").then().statusCode(200)
                .body("items[0].action", equalTo("rule.snooze")).body("items[0].after.key", equalTo("quiet"));

        api.as(author).delete("/api/v1/rules/s_rule/snoozes/quiet").then().statusCode(204);
        api.as(author).delete("/api/v1/rules/s_rule/snoozes/quiet").then().statusCode(404);
        api.as(viewer).get("/api/v1/rules/s_rule/snoozes").then().statusCode(200).body("items", empty());
        assertThat(api.node.deployments().current().catalog().snoozed("s_rule", "quiet", System.currentTimeMillis()))
                .as("lifted on the data plane's side too").isFalse();
    }

    @Test
    void theLiveFeedSendsNewAlertsAndHeartbeatsAndResumesAfterTheLastEventId() throws Exception {
        declare("f_payments", "f_rule", "high");
        String url = api.base + "/api/v1/alerts/stream?rule=f_rule&shadow=false&access_token=" + viewer;
        String first;
        try (SseClient feed = new SseClient(url, null)) {
            assertThat(feed.status).isEqualTo(200);
            await().atMost(ApiNode.DEADLINE).until(() -> feed.lines.contains(": heartbeat"));
            pay("f_payments", 0, "f1");
            await().atMost(ApiNode.DEADLINE).until(() -> feed.ids().size() == 1);
            JsonNode alert = JSON.readTree(feed.data().getFirst());
            assertThat(alert.get("key").asText()).isEqualTo("f1");
            assertThat(alert.get("rule").asText()).isEqualTo("f_rule");
            assertThat(feed.lines).contains("event: alert");
            first = feed.ids().getFirst();
            assertThat(alert.get("position").asText()).isEqualTo(first);
        }

        pay("f_payments", 40, "f2", "f3");
        alerts("rule=f_rule", 3);

        try (SseClient resumed = new SseClient(url, first)) {
            await().atMost(ApiNode.DEADLINE).until(() -> resumed.ids().size() == 2);
            assertThat(resumed.data()).extracting(d -> JSON.readTree(d).get("key").asText()).containsExactly("f2", "f3");
            assertThat(Long.parseLong(resumed.ids().get(1))).isGreaterThan(Long.parseLong(resumed.ids().get(0)));
        }
    }

    @Test
    void theFeedTakesTheTokenAsAQueryParameterAndNoOtherRouteDoes() throws Exception {
        try (SseClient wrong = new SseClient(api.base + "/api/v1/alerts/stream?access_token=cph_wrong", null)) {
            assertThat(wrong.status).isEqualTo(401);
        }
        api.anonymous().get("/api/v1/alerts?access_token=" + viewer).then().statusCode(401)
                .body("detail", equalTo("this needs a bearer token (Authorization: Bearer TOKEN)"));
        api.anonymous().get("/api/v1/alerts/stream").then().statusCode(401)
                .body("detail", equalTo("this needs a bearer token (Authorization: Bearer TOKEN, or ?access_token=TOKEN)"));
        api.as(viewer).header("Last-Event-ID", "yesterday").get("/api/v1/alerts/stream").then().statusCode(400)
                .body("detail", equalTo("Last-Event-ID 'yesterday' is not an event id this feed gave (a position)"));
    }
}
