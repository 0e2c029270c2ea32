package io.cepheus.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away under a running node and comes back: meanwhile every write that needs Kafka —
 * ingest, a control change, an alert's status — is answered 503 {@code application/problem+json} with
 * {@code Retry-After} once {@code api.kafka.timeout} has passed, and reads of what the node holds still
 * answer; once the broker is back the same writes succeed and the data plane makes alerts again.
 */
class KafkaOutageTest {

    @TempDir
    static Path dir;
    static ApiNode api;
    static String author;

    @BeforeAll
    static void start() {
        api = new ApiNode(dir, Map.of("CEPHEUS_API_KAFKA_TIMEOUT", "2s", "CEPHEUS_IDLE_TIMEOUT", "1h"));
        author = api.token("integration", "author");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static Response ingest(String card, int minute) {
        return api.as(author).contentType("application/x-ndjson").body(AlertsApiTest.event(card, "1.00", minute) + "\n")
                .post("/api/v1/streams/outage_payments/events");
    }

    static Response declare(String stream) {
        return api.as(author).contentType("text/plain")
                .body("stream " + stream + " {\n  time ts\n  fields {\n    ts: timestamp\n  }\n}\n")
                .post("/api/v1/streams");
    }

    static List<String> keys() {
        return api.as(author).get("/api/v1/alerts?rule=outage_rule").then().statusCode(200).extract().path("items.key");
    }

    @Test
    void whileKafkaIsAwayWritesAre503WithRetryAfterAndOnceItIsBackTheyWorkAgain() {
        AlertsApiTest.declare(api, author, "outage_payments", "outage_rule", "high");
        AlertsApiTest.pay(api, author, "outage_payments", 0, "before");
        await().atMost(ApiNode.DEADLINE).until(() -> keys().size() == 1);
        String alert = api.as(author).get("/api/v1/alerts?rule=outage_rule").then().extract().path("items[0].id");

        api.stopBroker();
        try {
            ingest("during", 10).then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5").body("detail", containsString("Kafka did not acknowledge"));
            declare("during_outage").then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5").body("detail", containsString("it may or may not have been made"));
            api.as(author).post("/api/v1/alerts/" + alert + "/acknowledge").then().statusCode(503)
                    .header("Retry-After", "5").body("detail", equalTo("Kafka did not answer within 2 s: nothing was"
                            + " changed, retry shortly"));
            api.as(author).get("/api/v1/alerts/" + alert).then().statusCode(200).body("lifecycle.status", equalTo("open"));
        } finally {
            api.restartBroker();
        }

        await().atMost(ApiNode.DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> ingest("after", 20).statusCode() == 200);
        declare("after_outage").then().statusCode(201);
        api.as(author).post("/api/v1/alerts/" + alert + "/acknowledge").then().statusCode(200)
                .body("status", equalTo("acknowledged"));
        AlertsApiTest.pay(api, author, "outage_payments", 40, "recovered");
        await().atMost(ApiNode.DEADLINE).untilAsserted(() -> assertThat(keys()).contains("recovered", "before"));
    }
}
