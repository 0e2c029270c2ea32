package io.cepheus.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cepheus.server.config.ConfigLoader;
import io.cepheus.server.node.ServerNode;
import io.cepheus.server.webhooks.Receiver;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks over two nodes on one broker: either node answers about every delivery (each reads the
 * whole delivery log), a test delivery asked on the node that does not dispatch is run by the one
 * that does, and when the dispatching node stops, the other resumes its pending retries under the
 * same webhook-ids.
 */
class WebhooksTwoNodesTest {

    static final Map<String, String> ENV = Map.of("CEPHEUS_WEBHOOK_ALLOW_LOOPBACK", "true",
            "CEPHEUS_WEBHOOK_SECRET_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            "CEPHEUS_WEBHOOK_RETRY_SCHEDULE", "300ms,1s,1s,1s,1s,1s,1s,1s,1s,1s", "CEPHEUS_WEBHOOK_CIRCUIT_OPEN", "300ms");

    @TempDir
    static Path dir;
    static ApiNode one;
    static ServerNode two;
    static String twoBase;
    static String author;

    @BeforeAll
    static void start() {
        one = new ApiNode(dir, ENV);
        author = one.token("integration", "author");
        Map<String, String> env = new HashMap<>(Map.of(
                "CEPHEUS_KAFKA_BOOTSTRAP", one.clients.bootstrap(),
                "CEPHEUS_HTTP_HOST", "127.0.0.1",
                "CEPHEUS_HTTP_PORT", "0",
                "CEPHEUS_DATA_DIR", dir.resolve("two").toString(),
                "CEPHEUS_ADMIN_TOKEN", ApiNode.ADMIN_TOKEN,
                "CEPHEUS_IDLE_TIMEOUT", "1s"));
        env.putAll(ENV);
        two = new ServerNode(new ConfigLoader(env).load(Optional.empty(), Map.of()));
        twoBase = "http://127.0.0.1:" + two.start().http().getPort();
    }

    @AfterAll
    static void stop() {
        if (two != null) {
            two.close();
        }
        one.close();
    }

    /** Whether the node at {@code base} dispatches the alerts partition (its metrics say). */
    static boolean dispatches(String base) {
        return one.anonymous().baseUri(base).get("/metrics").asString().lines()
                .anyMatch(l -> l.equals("cepheus_webhook_partitions 1.0"));
    }

    static JsonPath deliveries(String base, String endpoint) {
        return one.as(author).baseUri(base).get("/api/v1/webhooks/" + endpoint + "/deliveries").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void eitherNodeAnswersAndTheOtherResumesThePendingRetriesWhenTheFirstStops() {
        try (Receiver tested = new Receiver(); Receiver rx = new Receiver()) {
            rx.answer(r -> Receiver.Answer.of(503));
            WebhookFixtures fixtures = new WebhookFixtures(one, author);
            fixtures.endpoint("tested-two", tested.url("/"), Map.of());
            fixtures.endpoint("two", rx.url("/"), Map.of("rules", List.of("r_two")));
            fixtures.rule("r_two", "");

            await().atMost(ApiNode.DEADLINE).until(() -> dispatches(one.base) != dispatches(twoBase));
            boolean firstDispatches = dispatches(one.base);
            String owner = firstDispatches ? one.base : twoBase;
            String other = firstDispatches ? twoBase : one.base;

            String testId = one.as(author).baseUri(other).post("/api/v1/webhooks/tested-two/test").then()
                    .statusCode(202).extract().path("delivery.id");
            assertThat(tested.await(ApiNode.DEADLINE, 1).getFirst().header("webhook-id")).isEqualTo(testId);

            fixtures.fire("r_two", "n1", "n2", "n3");
            rx.await(ApiNode.DEADLINE, r -> r.stream().map(x -> x.header("webhook-id")).distinct().count() == 3);
            await().atMost(ApiNode.DEADLINE).untilAsserted(() -> {
                JsonPath first = deliveries(owner, "two");
                assertThat(first.getList("items")).hasSize(3);
                assertThat(deliveries(other, "two").prettify()).as("the other node answers alike")
                        .isEqualTo(first.prettify());
            });
            assertThat(deliveries(other, "two").getList("items.status")).containsOnly("failed");

            (firstDispatches ? one.node : two).close(); // the dispatching node goes; the other takes over
            rx.answer(r -> Receiver.Answer.of(200));

            await().atMost(ApiNode.DEADLINE).pollInterval(Duration.ofMillis(100)).until(() ->
                    deliveries(other, "two").getList("items.status").equals(List.of("delivered", "delivered",
                            "delivered")));
            assertThat(dispatches(other)).isTrue();
            Map<String, Long> byId = rx.requests().stream().collect(Collectors.groupingBy(r -> r.header("webhook-id"),
                    Collectors.counting()));
            assertThat(byId).hasSize(3).allSatisfy((id, n) -> assertThat(n).isGreaterThanOrEqualTo(2));
            assertThat(deliveries(other, "two").getList("items.id")).containsExactlyInAnyOrderElementsOf(byId.keySet());
        }
    }
}
