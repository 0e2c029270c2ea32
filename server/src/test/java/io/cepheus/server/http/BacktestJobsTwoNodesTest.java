package io.cepheus.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backtest jobs over two real nodes on one broker: a job runs on the node that started it, and the
 * other node, asked for it by its id (which names its node), forwards the request there — reading it,
 * cancelling it and forgetting it; an id that names a node outside the cluster is not forwarded.
 */
class BacktestJobsTwoNodesTest {

    @TempDir
    static Path dir;
    static ApiNode first;
    static ApiNode second;
    static String author;
    static String viewer;

    @BeforeAll
    static void start() {
        first = new ApiNode(dir, Map.of());
        second = ApiNode.joining(first, dir.resolve("second"), Map.of());
        author = first.token("ci", "author");
        viewer = first.token("dashboard", "viewer");
        first.as(author).contentType("text/plain").body(BacktestApiTest.STREAM).post("/api/v1/streams").then()
                .statusCode(201);
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    static String startJob(List<String> lines) {
        return first.as(author).contentType("application/x-ndjson")
                .queryParam("text", BacktestApiTest.RULE.formatted("100")).queryParam("async", "true")
                .body(String.join("\n", lines) + "\n").post("/api/v1/backtests").then().statusCode(202)
                .extract().header("Location");
    }

    @Test
    void theOtherNodeAnswersForAJobWithItsNodesAnswer() throws IOException {
        assertThat(second.node.controlRegistry().catalog().nodes()).as("each node knows both").hasSize(2);
        String job = startJob(BacktestApiTest.LINES);

        await().atMost(ApiNode.DEADLINE).until(() -> "succeeded".equals(second.as(viewer).get(job).path("state")));
        JsonNode there = BacktestApiTest.body(second.as(viewer).get(job).then().statusCode(200).extract().response());
        JsonNode here = BacktestApiTest.body(first.as(viewer).get(job).then().statusCode(200).extract().response());
        assertThat(there).isEqualTo(here);
        assertThat(BacktestApiTest.alertsOf(there.get("result"))).extracting(a -> a.get("key").asText())
                .as("c1 buys 300 and c2 750 after a probe: both over 100").containsExactly("c1", "c2");

        second.as(author).delete(job).then().statusCode(204);
        first.as(viewer).get(job).then().statusCode(404);
        second.as(viewer).get(job).then().statusCode(404);
    }

    @Test
    void aJobIsCancelledThroughTheOtherNode() {
        List<String> many = IntStream.range(0, 30_000).mapToObj(i -> BacktestApiTest.event("k" + i % 500,
                i % 7 == 0 ? "1" : "200", i / 10)).toList();
        String running = startJob(many);
        String queued = startJob(BacktestApiTest.LINES);

        second.as(author).delete(queued).then().statusCode(204);

        await().atMost(ApiNode.DEADLINE).until(() -> !"running".equals(first.as(viewer).get(queued).path("state")));
        first.as(viewer).get(queued).then().statusCode(200).body("state", equalTo("cancelled"));
        await().atMost(ApiNode.DEADLINE).until(() -> "succeeded".equals(second.as(viewer).get(running).path("state")));
    }

    @Test
    void anIdNamingANodeOutsideTheClusterIsNotForwarded() {
        String elsewhere = "0b5e7a3c." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("10.1.2.3:9".getBytes(StandardCharsets.UTF_8));
        second.as(viewer).get("/api/v1/backtests/" + elsewhere).then().statusCode(404)
                .body("detail", equalTo("no backtest job " + elsewhere + ": the node it names, 10.1.2.3:9, is not a node"
                        + " of this cluster"));
        second.as(author).delete("/api/v1/backtests/" + elsewhere).then().statusCode(404);
    }
}
