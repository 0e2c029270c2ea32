package io.cepheus.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts on two real nodes over one broker: a status changed on one node is the status on the other
 * (through the status topic), and a change on the second node right after one on the first is decided
 * on it (the node reads the status topic to its end first); a node restarted over its data directory
 * resumes its alert index from the offsets it stored: it reads only what came while it was down, keeps
 * every alert at its position and loses none.
 */
class AlertsTwoNodesTest {

    @TempDir
    static Path dir;
    static ApiNode first;
    static ApiNode second;
    static String author;
    static String viewer;
    /** Event times are in the past: a stream idle for its timeout would follow the wall clock past them. */
    static final Map<String, String> ENV = Map.of("CEPHEUS_IDLE_TIMEOUT", "1h");

    @BeforeAll
    static void start() {
        first = new ApiNode(dir, ENV);
        second = ApiNode.joining(first, dir.resolve("second"), ENV);
        author = first.token("analyst", "author");
        viewer = first.token("console", "viewer");
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        first.close();
    }

    /** The node's alerts of {@code rule} as {@code key → id@position}, once it has {@code count}. */
    static Map<String, String> alerts(ApiNode node, String rule, int count) {
        await().atMost(ApiNode.DEADLINE).until(() -> node.as(viewer).get("/api/v1/alerts?rule=" + rule).then()
                .statusCode(200).extract().<List<?>>path("items").size() == count);
        List<Map<String, Object>> items = node.as(viewer).get("/api/v1/alerts?rule=" + rule).then().extract()
                .jsonPath().getList("items");
        Map<String, String> byKey = new HashMap<>();
        items.forEach(a -> byKey.put((String) a.get("key"), a.get("id") + "@" + a.get("position")));
        return byKey;
    }

    static String id(String idAtPosition) {
        return idAtPosition.substring(0, idAtPosition.indexOf('@'));
    }

    static long position(String idAtPosition) {
        return Long.parseLong(idAtPosition.substring(idAtPosition.indexOf('@') + 1));
    }

    @Test
    void aStatusChangedOnOneNodeIsTheStatusOnTheOther() {
        AlertsApiTest.declare(first, author, "agree_payments", "agree_rule", "high");
        AlertsApiTest.pay(first, author, "agree_payments", 0, "x1", "x2");
        String x1 = id(alerts(first, "agree_rule", 2).get("x1"));
        assertThat(id(alerts(second, "agree_rule", 2).get("x1"))).as("the same alert id on both").isEqualTo(x1);

        first.as(author).header("If-Match", "\"0\"").post("/api/v1/alerts/" + x1 + "/acknowledge").then()
                .statusCode(200).header("ETag", "\"1\"");
        // at once on the other node: it reads every change made so far before it decides
        second.as(author).header("If-Match", "\"1\"").contentType("application/json")
                .body(Map.of("disposition", "false_positive")).post("/api/v1/alerts/" + x1 + "/resolve").then()
                .statusCode(200).header("ETag", "\"2\"").body("status", equalTo("resolved"));
        first.as(author).header("If-Match", "\"1\"").contentType("application/json").body(Map.of("text", "too late"))
                .post("/api/v1/alerts/" + x1 + "/comments").then().statusCode(412);

        for (ApiNode node : List.of(first, second)) {
            await().atMost(ApiNode.DEADLINE).untilAsserted(() -> node.as(viewer).get("/api/v1/alerts/" + x1).then()
                    .statusCode(200).header("ETag", "\"2\"").body("lifecycle.status", equalTo("resolved"))
                    .body("lifecycle.disposition", equalTo("false_positive")));
            node.as(viewer).get("/api/v1/alerts?rule=agree_rule&status=open").then().statusCode(200)
                    .body("items.key", contains("x2"));
            await().atMost(ApiNode.DEADLINE).untilAsserted(() -> node.admin().get("/api/v1/audit?target=alert/" + x1)
                    .then().statusCode(200).body("items.action", contains("alert.resolve", "alert.acknowledge")));
        }
    }

    @Test
    void aRestartedNodeResumesItsIndexWithoutReReadingOrLosingAlerts() {
        AlertsApiTest.declare(first, author, "resume_payments", "resume_rule", "high");
        AlertsApiTest.pay(first, author, "resume_payments", 0, "r1", "r2");
        Map<String, String> before = alerts(second, "resume_rule", 2);
        double positionBefore = second.metric("cepheus_alert_index_position");
        assertThat(positionBefore).isGreaterThanOrEqualTo(2);

        second.close();
        await().atMost(ApiNode.DEADLINE).until(() -> first.node.controlRegistry().catalog().nodes().size() == 1);
        first.as(author).post("/api/v1/alerts/" + id(before.get("r1")) + "/acknowledge").then().statusCode(200);
        AlertsApiTest.pay(first, author, "resume_payments", 40, "r3", "r4");
        alerts(first, "resume_rule", 4);
        second = ApiNode.joining(first, dir.resolve("second"), ENV);

        Map<String, String> after = alerts(second, "resume_rule", 4);
        assertThat(first.node.controlRegistry().catalog().nodes()).as("a node record each").hasSize(2);
        assertThat(after.get("r1")).as("same id, same position").isEqualTo(before.get("r1"));
        assertThat(after.get("r2")).isEqualTo(before.get("r2"));
        assertThat(position(after.get("r3"))).isGreaterThan((long) positionBefore);
        assertThat(position(after.get("r4"))).isGreaterThan((long) positionBefore);
        assertThat(second.metric("cepheus_alert_index_position")).isEqualTo(positionBefore + 2);
        assertThat(second.metric("cepheus_alert_index_records_read_total{topic=\"cepheus-alerts\"}"))
                .as("only the alerts that came while it was down").isEqualTo(2);
        assertThat(second.metric("cepheus_alert_index_records_read_total{topic=\"cepheus-alerts-status\"}"))
                .as("only the status change made while it was down").isEqualTo(1);
        second.as(viewer).get("/api/v1/alerts/" + id(before.get("r1"))).then().statusCode(200)
                .body("lifecycle.status", equalTo("acknowledged"));
    }
}
