package io.cepheus.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.server.webhooks.Delivery;
import io.cepheus.server.webhooks.Receiver;
import io.cepheus.server.webhooks.StandardWebhooksVerifier;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks end to end over the real server on a real broker, against real HTTP receivers: endpoints
 * made, read, changed and deleted through the API with their secret shown once; alerts signed as
 * Standard Webhooks sign (checked by an independent verifier), also during a secret rotation, in each
 * format; receivers that fail, time out, answer slowly, ask to wait (429 with Retry-After) or are gone
 * (410), each treated as documented; a healthy receiver beside a dead one; dead letters replayed one
 * by one and since a time; a test alert; the SSRF guard. Retries on a millisecond schedule.
 */
class WebhooksApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration DEADLINE = ApiNode.DEADLINE;

    @TempDir
    static Path dir;
    static ApiNode api;
    static String author;
    static String viewer;
    static WebhookFixtures fixtures;
    static final List<Receiver> receivers = new ArrayList<>();

    @BeforeAll
    static void start() {
        api = new ApiNode(dir, Map.of("CEPHEUS_WEBHOOK_ALLOW_LOOPBACK", "true",
                "CEPHEUS_WEBHOOK_RETRY_SCHEDULE", "100ms,200ms,1s", "CEPHEUS_WEBHOOK_TIMEOUT", "1s",
                "CEPHEUS_WEBHOOK_CIRCUIT_OPEN", "500ms"));
        author = api.token("integration", "author");
        viewer = api.token("console", "viewer");
        fixtures = new WebhookFixtures(api, author);
    }

    @AfterAll
    static void stop() {
        receivers.forEach(Receiver::close);
        api.close();
    }

    static String endpoint(String name, String url, Map<String, Object> more) {
        return fixtures.endpoint(name, url, more);
    }

    static void rule(String name, String clauses) {
        fixtures.rule(name, clauses);
    }

    static void fire(String rule, String... cards) {
        fixtures.fire(rule, cards);
    }

    static Receiver receiver() {
        Receiver r = new Receiver();
        receivers.add(r);
        return r;
    }

    static JsonNode json(Receiver.Request r) {
        try {
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.text(), e);
        }
    }

    static boolean verifies(String secret, Receiver.Request r) {
        return new StandardWebhooksVerifier(secret).verify(r.header("webhook-id"), r.header("webhook-timestamp"),
                r.header("webhook-signature"), r.body(), Instant.now());
    }

    static JsonPath deliveries(String endpoint, String query) {
        return api.as(viewer).get("/api/v1/webhooks/" + endpoint + "/deliveries" + query).then().statusCode(200)
                .extract().jsonPath();
    }

    /** Waits until every delivery of {@code endpoint} is in {@code status} and there are {@code n}. */
    static JsonPath awaitDeliveries(String endpoint, int n, String status) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<String> s = deliveries(endpoint, "").getList("items.status");
            return s.size() == n && s.stream().allMatch(status::equals);
        });
        return deliveries(endpoint, "");
    }

    @Test
    void anEndpointIsMadeReadChangedAndDeletedAndItsSecretIsShownOnce() {
        Receiver rx = receiver();
        var created = api.as(author).contentType("application/json")
                .body(Map.of("name", "crud-hook", "url", rx.url("/a"), "description", "the team's pager",
                        "rules", List.of("r1", "r1"), "tags", List.of("fraud"), "minSeverity", "high"))
                .post("/api/v1/webhooks").then().statusCode(201)
                .header("Location", "/api/v1/webhooks/crud-hook").header("ETag", "\"1\"")
                .body("secret", startsWith("whsec_")).body("format", equalTo("standard")).body("enabled", equalTo(true))
                .body("rules", equalTo(List.of("r1"))).body("stats.delivered", equalTo(0))
                .extract().jsonPath();

        api.as(viewer).get("/api/v1/webhooks/crud-hook").then().statusCode(200).header("ETag", "\"1\"")
                .body("secret", nullValue()).body("description", equalTo("the team's pager"));
        api.as(viewer).get("/api/v1/webhooks").then().statusCode(200).body("items.name", hasItem("crud-hook"))
                .body("items.secret", not(hasItem(created.getString("secret"))));
        assertThat(api.node.controlRegistry().catalog().webhook("crud-hook").orElseThrow().secret())
                .as("stored encrypted").startsWith("v1:").doesNotContain(created.getString("secret").substring(6));
        api.as(author).contentType("application/json").body(Map.of("name", "crud-hook", "url", rx.url("/b")))
                .post("/api/v1/webhooks").then().statusCode(409)
                .body("detail", equalTo("webhook endpoint crud-hook exists: change it with PUT /api/v1/webhooks/crud-hook"));

        api.as(author).contentType("application/json").body(Map.of("format", "cloudevents"))
                .put("/api/v1/webhooks/crud-hook").then().statusCode(428);
        api.as(author).contentType("application/json").header("If-Match", "\"7\"").body(Map.of("format", "cloudevents"))
                .put("/api/v1/webhooks/crud-hook").then().statusCode(412);
        api.as(author).contentType("application/json").header("If-Match", "\"1\"")
                .body("{\"format\": \"cloudevents\", \"minSeverity\": null}")
                .put("/api/v1/webhooks/crud-hook").then().statusCode(200).header("ETag", "\"2\"")
                .body("format", equalTo("cloudevents")).body("minSeverity", nullValue())
                .body("url", equalTo(rx.url("/a")));
        api.as(viewer).contentType("application/json").header("If-Match", "\"2\"").body(Map.of("enabled", false))
                .put("/api/v1/webhooks/crud-hook").then().statusCode(403);

        api.as(author).delete("/api/v1/webhooks/crud-hook").then().statusCode(428);
        api.as(author).header("If-Match", "\"2\"").delete("/api/v1/webhooks/crud-hook").then().statusCode(204);
        api.as(viewer).get("/api/v1/webhooks/crud-hook").then().statusCode(404)
                .body("detail", equalTo("no webhook endpoint crud-hook"));
        String audit = api.admin().get("/api/v1/audit?target=webhook/crud-hook").then().statusCode(200).extract().asString();
        assertThat(audit).contains("webhook.create", "webhook.update", "webhook.delete")
                .doesNotContain(created.getString("secret"));
    }

    @Test
    void badSettingsAreRefusedWithWhatIsWrong() {
        Map<Map<String, Object>, String> cases = Map.of(
                Map.of("url", "https://example.com"), "field 'name' is required: the endpoint's name, what a rule's"
                        + " notify names",
                Map.of("name", "x"), "field 'url' is required: where deliveries go",
                Map.of("name", "no spaces", "url", "https://example.com"), "name 'no spaces' is not an endpoint name"
                        + " (a rule name, or such words joined by '-', as in notify fraud-team; at most 100 characters)",
                Map.of("name", "x", "url", "https://example.com", "format", "xml"),
                        "unknown format 'xml' (standard, cloudevents or alertmanager)",
                Map.of("name", "x", "url", "https://example.com", "minSeverity", "urgent"),
                        "minSeverity 'urgent' is not one of info, low, medium, high, critical",
                Map.of("name", "x", "url", "https://example.com", "rules", List.of("a-b")),
                        "rules: 'a-b' is not a rule name (or * for every rule)",
                Map.of("name", "x", "url", "https://example.com", "rules", "r1"), "field 'rules' must be an array of strings",
                Map.of("name", "x", "url", "gopher://example.com"), "url 'gopher://example.com' is not http or https");
        cases.forEach((body, detail) -> api.as(author).contentType("application/json").body(body)
                .post("/api/v1/webhooks").then().statusCode(400).body("detail", equalTo(detail)));
    }

    @Test
    void theSsrfGuardRefusesPrivateLinkLocalAndMetadataAddresses() {
        Map<String, String> refused = Map.of(
                "http://10.1.2.3/hook", "10.1.2.3 is a private address",
                "http://192.168.0.10:8080/", "192.168.0.10 is a private address",
                "http://169.254.169.254/latest/meta-data/", "169.254.169.254 is the cloud metadata address",
                "http://[fd00:ec2::254]/", "fd00:ec2::254 is the cloud metadata address",
                "http://[::ffff:a9fe:a9fe]/", "::ffff:a9fe:a9fe is the cloud metadata address",
                "http://[fe80::1]/", "fe80::1 is a link-local address",
                "http://0.0.0.0:9/", "0.0.0.0 is an unspecified address",
                "http://224.0.0.1/", "224.0.0.1 is a multicast address");
        refused.forEach((url, why) -> api.as(author).contentType("application/json")
                .body(Map.of("name", "ssrf", "url", url)).post("/api/v1/webhooks").then().statusCode(400)
                .body("detail", equalTo("url '" + url + "' is refused: " + why + ": webhooks go to public addresses only")));
        api.as(viewer).get("/api/v1/webhooks/ssrf").then().statusCode(404);
    }

    @Test
    void alertsAreSignedAsStandardWebhooksSignEvenDuringASecretRotation() {
        Receiver rx = receiver();
        String first = endpoint("signed", rx.url("/hook"), Map.of());
        rule("r_signed", "notify signed");

        fire("r_signed", "c1", "c2");

        List<Receiver.Request> got = rx.await(DEADLINE, 2);
        for (Receiver.Request r : got) {
            assertThat(verifies(first, r)).as("signed with the secret").isTrue();
            assertThat(r.header("content-type")).isEqualTo("application/json");
            assertThat(r.path()).isEqualTo("/hook");
            JsonNode body = json(r);
            assertThat(body.get("type").asText()).isEqualTo("alert.fired");
            assertThat(ApiNode.CONTRACT.problems("StandardWebhookPayload", body)).as("as the OpenAPI webhooks say").isEmpty();
            assertThat(body.at("/data/rule").asText()).isEqualTo("r_signed");
            assertThat(body.at("/data/severity").asText()).isEqualTo("high");
            assertThat(body.at("/data/steps/big/0/amount").decimalValue()).isEqualByComparingTo("900.00");
            assertThat(r.header("webhook-id")).isEqualTo(Delivery.idOf(body.at("/data/id").asText(), "signed"));
        }
        JsonPath log = awaitDeliveries("signed", 2, "delivered");
        assertThat(log.getList("items.attempts[0].status")).containsOnly(200);
        String alertId = json(got.getFirst()).at("/data/id").asText();
        api.as(viewer).get("/api/v1/alerts/" + alertId + "/deliveries").then().statusCode(200)
                .body("items.endpoint", equalTo(List.of("signed"))).body("items[0].status", equalTo("delivered"))
                .body("items[0].id", equalTo(got.getFirst().header("webhook-id")));
        api.as(viewer).get("/api/v1/webhooks/signed").then().body("stats.delivered", equalTo(2));

        String second = api.as(author).contentType("application/json").body(Map.of("overlap", "1h"))
                .post("/api/v1/webhooks/signed/rotate-secret").then().statusCode(200)
                .body("secret", startsWith("whsec_")).extract().path("secret");
        api.as(viewer).get("/api/v1/webhooks/signed").then().body("secretRotation.until", startsWith("20"));
        fire("r_signed", "c3");
        Receiver.Request rotated = rx.await(DEADLINE, 3).get(2);
        assertThat(rotated.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(verifies(second, rotated)).as("the new secret").isTrue();
        assertThat(verifies(first, rotated)).as("the old one, during the overlap").isTrue();

        String third = api.as(author).contentType("application/json").body(Map.of("overlap", "0s"))
                .post("/api/v1/webhooks/signed/rotate-secret").then().statusCode(200).extract().path("secret");
        fire("r_signed", "c4");
        Receiver.Request after = rx.await(DEADLINE, 4).get(3);
        assertThat(verifies(third, after)).isTrue();
        assertThat(verifies(second, after)).as("no overlap asked").isFalse();

        assertThat(api.anonymous().get("/metrics").asString()).contains(
                "cepheus_webhook_deliveries_total{endpoint=\"signed\",outcome=\"delivered\"} 4.0",
                "cepheus_webhook_attempt_duration_seconds_count{endpoint=\"signed\"} 4");
    }

    @Test
    void cloudEventsAndAlertmanagerBodiesCarryTheTraceOfTheLastEvent() throws Exception {
        Receiver ce = receiver();
        Receiver am = receiver();
        endpoint("ce-hook", ce.url("/ce"), Map.of("format", "cloudevents", "tags", List.of("formats")));
        endpoint("am-hook", am.url("/am"), Map.of("format", "alertmanager", "rules", List.of("r_formats")));
        rule("r_formats", "tags formats");
        String trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(api.clients.producer())) {
            for (String e : List.of(WebhookFixtures.event("t1", "1.00", 0), WebhookFixtures.event("t1", "900.00", 1),
                    WebhookFixtures.event("tick", "0", 30))) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("r_formats_s", e.getBytes(StandardCharsets.UTF_8));
                r.headers().add("traceparent", trace.getBytes(StandardCharsets.UTF_8));
                p.send(r).get();
            }
        }

        Receiver.Request event = ce.await(DEADLINE, 1).getFirst();
        Receiver.Request alertmanager = am.await(DEADLINE, 1).getFirst();

        assertThat(event.header("content-type")).isEqualTo("application/cloudevents+json");
        assertThat(event.header("traceparent")).isEqualTo(trace);
        JsonNode e = json(event);
        assertThat(ApiNode.CONTRACT.problems("CloudEventPayload", e)).isEmpty();
        assertThat(ApiNode.CONTRACT.problems("AlertmanagerPayload", json(alertmanager))).isEmpty();
        assertThat(e.get("specversion").asText()).isEqualTo("1.0");
        assertThat(e.get("id").asText()).isEqualTo(event.header("webhook-id"));
        assertThat(e.get("source").asText()).isEqualTo("/cepheus/rules/r_formats");
        assertThat(e.get("traceparent").asText()).isEqualTo(trace);
        assertThat(e.at("/data/key").asText()).isEqualTo("t1");
        JsonNode m = json(alertmanager);
        assertThat(m.get("version").asText()).isEqualTo("4");
        assertThat(m.at("/alerts/0/labels/alertname").asText()).isEqualTo("r_formats");
        assertThat(m.at("/alerts/0/labels/severity").asText()).isEqualTo("high");
        assertThat(m.at("/alerts/0/annotations/summary").asText()).isEqualTo("card t1");
        assertThat(m.at("/alerts/0/fingerprint").asText()).isEqualTo(e.at("/data/id").asText().substring(0, 16));
    }

    @Test
    void aFailingReceiverIsRetriedOnTheScheduleThenDeadLetteredAndReplayedWithTheSameId() {
        Receiver rx = receiver().answer(r -> Receiver.Answer.of(500).body("down for maintenance"));
        endpoint("flaky", rx.url("/"), Map.of("rules", List.of("r_flaky")));
        rule("r_flaky", "");

        fire("r_flaky", "f1");

        List<Receiver.Request> tries = rx.await(DEADLINE, 4);
        JsonPath dead = awaitDeliveries("flaky", 1, "dead");
        assertThat(dead.getString("items[0].reason")).isEqualTo("gave up after 4 attempts: HTTP 500: down for maintenance");
        assertThat(dead.getList("items[0].attempts.status")).containsExactly(500, 500, 500, 500);
        assertThat(tries).extracting(r -> r.header("webhook-id")).containsOnly(dead.getString("items[0].id"));
        for (int i = 1; i < 4; i++) {
            assertThat(Duration.between(tries.get(i - 1).at(), tries.get(i).at()))
                    .as("retry %d after its pause (100 ms, 200 ms, 1 s, less 20 %% jitter)", i)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(List.of(80L, 160L, 800L).get(i - 1)));
        }
        String id = dead.getString("items[0].id");
        api.as(viewer).get("/api/v1/webhooks/flaky/dead-letters").then().statusCode(200)
                .body("items.id", equalTo(List.of(id)));
        api.as(author).post("/api/v1/webhooks/flaky/deliveries/msg_nothing/replay").then().statusCode(404);

        rx.answer(r -> Receiver.Answer.of(204));
        api.as(author).post("/api/v1/webhooks/flaky/deliveries/" + id + "/replay").then().statusCode(202)
                .body("delivery.id", equalTo(id)).body("delivery.status", equalTo("pending"));

        JsonPath delivered = awaitDeliveries("flaky", 1, "delivered");
        assertThat(delivered.getList("items[0].attempts.status")).containsExactly(500, 500, 500, 500, 204);
        assertThat(rx.requests()).hasSize(5).extracting(r -> r.header("webhook-id")).containsOnly(id);
        api.as(author).post("/api/v1/webhooks/flaky/deliveries/" + id + "/replay").then().statusCode(409)
                .body("detail", equalTo("delivery " + id + " is delivered: only a dead delivery is replayed"));
        api.as(viewer).get("/api/v1/webhooks/flaky/deliveries?status=nonsense").then().statusCode(400)
                .body("detail", equalTo("unknown delivery status 'nonsense' (pending, failed, delivered or dead)"));
    }

    @Test
    void everyDeadDeliveryOfAnEndpointSinceATimeIsReplayed() {
        Receiver rx = receiver().answer(r -> Receiver.Answer.of(502));
        endpoint("since", rx.url("/"), Map.of("rules", List.of("r_since")));
        rule("r_since", "");
        Instant before = Instant.now().minusSeconds(1);

        fire("r_since", "s1", "s2");
        awaitDeliveries("since", 2, "dead");
        rx.answer(r -> Receiver.Answer.of(200));

        api.as(author).contentType("application/json").body(Map.of("since", Instant.now().plusSeconds(60).toString()))
                .post("/api/v1/webhooks/since/replay").then().statusCode(202).body("queued", equalTo(0));
        api.as(author).contentType("application/json").body(Map.of("since", before.toString()))
                .post("/api/v1/webhooks/since/replay").then().statusCode(202).body("queued", equalTo(2));

        awaitDeliveries("since", 2, "delivered");
        assertThat(api.admin().get("/api/v1/audit?target=webhook/since").then().extract().jsonPath()
                .getList("items.action")).contains("webhook.replay");
    }

    @Test
    void retryAfterOnA429IsHonoured() {
        Receiver rx = receiver().answer(r -> Receiver.Answer.of(429).with("Retry-After", "1"));
        endpoint("busy", rx.url("/"), Map.of("rules", List.of("r_busy")));
        rule("r_busy", "");

        fire("r_busy", "b1");
        rx.await(DEADLINE, 1);
        rx.answer(r -> Receiver.Answer.of(200));

        List<Receiver.Request> got = rx.await(DEADLINE, 2);
        assertThat(Duration.between(got.get(0).at(), got.get(1).at())).as("not before Retry-After: 1")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        JsonPath log = awaitDeliveries("busy", 1, "delivered");
        assertThat(log.getList("items[0].attempts.status")).containsExactly(429, 200);
    }

    @Test
    void aGoneEndpointIsDisabledWithItsReasonUntilItIsEnabledAgain() {
        Receiver rx = receiver().answer(r -> Receiver.Answer.of(410));
        endpoint("gone", rx.url("/"), Map.of("rules", List.of("r_gone")));
        rule("r_gone", "");

        fire("r_gone", "g1");

        JsonPath dead = awaitDeliveries("gone", 1, "dead");
        assertThat(dead.getString("items[0].reason")).isEqualTo("the endpoint answered 410 Gone: it is disabled");
        assertThat(rx.requests()).hasSize(1);
        await().atMost(DEADLINE).until(() -> !api.as(viewer).get("/api/v1/webhooks/gone").then().extract()
                .<Boolean>path("enabled"));
        JsonPath view = api.as(viewer).get("/api/v1/webhooks/gone").then().extract().jsonPath();
        assertThat(view.getString("disabledReason")).startsWith("answered 410 Gone at ");
        api.as(author).post("/api/v1/webhooks/gone/test").then().statusCode(409);

        api.as(author).contentType("application/json").header("If-Match", "\"" + view.getInt("version") + "\"")
                .body(Map.of("enabled", true)).put("/api/v1/webhooks/gone").then().statusCode(200)
                .body("enabled", equalTo(true)).body("disabledReason", nullValue());
    }

    @Test
    void aReceiverThatTimesOutFailsTheAttemptAndASlowOneIsWaitedFor() {
        Receiver hung = receiver().answer(r -> Receiver.Answer.of(200).after(Duration.ofSeconds(3)));
        Receiver slow = receiver().answer(r -> Receiver.Answer.of(200).after(Duration.ofMillis(300)));
        endpoint("hung", hung.url("/"), Map.of("rules", List.of("r_slow")));
        endpoint("slow", slow.url("/"), Map.of("rules", List.of("r_slow")));
        rule("r_slow", "");

        fire("r_slow", "t1");

        JsonPath delivered = awaitDeliveries("slow", 1, "delivered");
        assertThat(delivered.getLong("items[0].attempts[0].latencyMs")).isGreaterThanOrEqualTo(300);
        await().atMost(DEADLINE).until(() -> deliveries("hung", "").getList("items.attempts").stream()
                .anyMatch(a -> !((List<?>) a).isEmpty()));
        JsonPath hungLog = deliveries("hung", "");
        assertThat(hungLog.getString("items[0].attempts[0].error")).isEqualTo("no answer within 1000 ms");
        assertThat(hungLog.getLong("items[0].attempts[0].latencyMs")).isBetween(1000L, 2500L);
        assertThat(hungLog.getString("items[0].status")).isIn("failed", "dead");
    }

    @Test
    void aHealthyReceiverBesideADeadOneKeepsItsLatency() {
        Receiver dead = receiver().answer(r -> Receiver.Answer.of(200).after(Duration.ofSeconds(5)));
        Receiver healthy = receiver();
        endpoint("dead-one", dead.url("/"), Map.of("rules", List.of("r_pair")));
        endpoint("healthy", healthy.url("/"), Map.of("rules", List.of("r_pair")));
        rule("r_pair", "");
        String[] cards = new String[20];
        for (int i = 0; i < cards.length; i++) {
            cards[i] = "p" + i;
        }

        fire("r_pair", cards);

        JsonPath ok = awaitDeliveries("healthy", 20, "delivered");
        for (int i = 0; i < 20; i++) {
            Instant created = Instant.parse(ok.getString("items[" + i + "].created"));
            Instant attempted = Instant.parse(ok.getString("items[" + i + "].attempts[0].at"));
            assertThat(Duration.between(created, attempted)).as("no healthy delivery waited for the dead endpoint")
                    .isLessThan(Duration.ofMillis(500));
            assertThat(ok.getLong("items[" + i + "].attempts[0].latencyMs")).isLessThan(500);
        }
        List<Instant> tried = dead.requests().stream().map(Receiver.Request::at).sorted().toList();
        assertThat(tried).as("the dead one was tried").isNotEmpty();
        for (Instant t : tried) {
            assertThat(tried.stream().filter(u -> !u.isBefore(t) && u.isBefore(t.plusMillis(900))))
                    .as("within less than its timeout, at most its 4 attempts in flight").hasSizeLessThanOrEqualTo(4);
        }
    }

    @Test
    void aTestAlertIsSentSignedAndLogged() {
        Receiver rx = receiver();
        String secret = endpoint("tested", rx.url("/t"), Map.of());

        String id = api.as(author).post("/api/v1/webhooks/tested/test").then().statusCode(202)
                .body("delivery.type", equalTo("alert.test")).body("delivery.rule", equalTo("cepheus-test"))
                .extract().path("delivery.id");

        Receiver.Request r = rx.await(DEADLINE, 1).getFirst();
        assertThat(verifies(secret, r)).isTrue();
        assertThat(r.header("webhook-id")).isEqualTo(id);
        assertThat(json(r).get("type").asText()).isEqualTo("alert.test");
        assertThat(ApiNode.CONTRACT.problems("StandardWebhookPayload", json(r))).isEmpty();
        awaitDeliveries("tested", 1, "delivered");
        api.as(author).post("/api/v1/webhooks/nothing/test").then().statusCode(404);
    }

    @Test
    void anAlertsDeliveriesAcrossEndpointsAndAnUnknownAlert() {
        Receiver a = receiver();
        Receiver b = receiver();
        endpoint("both-a", a.url("/"), Map.of("rules", List.of("r_both")));
        endpoint("both-b", b.url("/"), Map.of("tags", List.of("both")));
        rule("r_both", "tags both");

        fire("r_both", "x1");

        String alertId = json(a.await(DEADLINE, 1).getFirst()).at("/data/id").asText();
        b.await(DEADLINE, 1);
        await().atMost(DEADLINE).until(() -> api.as(viewer).get("/api/v1/alerts/" + alertId + "/deliveries").then()
                .extract().jsonPath().getList("items.status").equals(List.of("delivered", "delivered")));
        api.as(viewer).get("/api/v1/alerts/" + alertId + "/deliveries").then()
                .body("items.endpoint", equalTo(List.of("both-a", "both-b")))
                .body("items.id", equalTo(List.of(Delivery.idOf(alertId, "both-a"), Delivery.idOf(alertId, "both-b"))));
        api.as(viewer).get("/api/v1/alerts/nothing/deliveries").then().statusCode(404);
    }
}
