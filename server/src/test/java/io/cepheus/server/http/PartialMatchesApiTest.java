package io.cepheus.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why hasn't it fired? {@code GET /rules/{id}/keys/{key}/partial-matches} over two real nodes on one
 * broker: whichever node is asked, the answer is the owner's — the key's pending partial match with
 * its bound event and deadline, its stream's clock and the key's late and dead-lettered records; 404 for
 * an unknown rule, 409 for an aggregate rule.
 */
class PartialMatchesApiTest {

    @TempDir
    static Path dir;
    static ApiNode api;
    static ApiNode second;
    static String secondBase;
    static String viewer;

    /** Both nodes: two partitions per stream, and no wall-clock watermark while the test looks. */
    static final Map<String, String> ENV = Map.of("CEPHEUS_STREAM_PARTITIONS", "2", "CEPHEUS_IDLE_TIMEOUT", "1h");

    @BeforeAll
    static void start() {
        api = new ApiNode(dir, ENV);
        viewer = api.token("analyst", "viewer");
        String author = api.token("integration", "author");
        api.as(author).contentType("text/plain").body("""
                stream cards {
                  topic "pm-cards"
                  time ts
                  key card
                  fields {
                    card: string
                    amount: decimal
                    ts: timestamp
                  }
                }
                """).post("/api/v1/streams").then().statusCode(201);
        api.as(author).contentType("text/plain").body("""
                rule big_then_small {
                  from cards
                  pattern big -> small
                  where
                    big: amount > 100
                    small: amount < 5
                  within 1h
                }
                """).post("/api/v1/rules").then().statusCode(201);
        api.as(author).contentType("text/plain").body("""
                rule per_card {
                  from cards
                  aggregate over last 1m { n: count() }
                  when n > 100
                }
                """).post("/api/v1/rules").then().statusCode(201);
        List<String> events = new ArrayList<>();
        for (String card : keysOnEachPartition()) { // big, then a later event that releases it (lateness 0)
            events.add("{\"card\":\"" + card + "\",\"amount\":150.00,\"ts\":\"2026-03-01T10:00:00Z\"}");
            events.add("{\"card\":\"" + card + "\",\"amount\":50.00,\"ts\":\"2026-03-01T10:00:30Z\"}");
        }
        api.as(author).contentType("application/x-ndjson").body(String.join("\n", events) + "\n")
                .post("/api/v1/streams/cards/events").then().statusCode(200).body("accepted", equalTo(4));
        second = ApiNode.joining(api, dir.resolve("second"), ENV);
        secondBase = second.base;
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        api.close();
    }

    /** Two cards, the first on partition 0 of the stream's topic, the second on 1 (the producers' partitioner). */
    static List<String> keysOnEachPartition() {
        String[] found = new String[2];
        for (int i = 0; found[0] == null || found[1] == null; i++) {
            String card = "c" + i;
            int p = Utils.toPositive(Utils.murmur2(card.getBytes(StandardCharsets.UTF_8))) % 2;
            if (found[p] == null) {
                found[p] = card;
            }
        }
        return List.of(found);
    }

    private static JsonPath ask(String base, String card) {
        return api.as(viewer).baseUri(base).get("/api/v1/rules/big_then_small/keys/" + card + "/partial-matches")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void eitherNodeAnswersWithTheOwnersPartialMatches() {
        List<String> cards = keysOnEachPartition();
        await().atMost(ApiNode.DEADLINE).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
            List<String> owners = new ArrayList<>();
            for (String card : cards) {
                JsonPath first = ask(api.base, card);
                JsonPath other = ask(secondBase, card);
                assertThat(other.prettify()).isEqualTo(first.prettify());
                assertThat(first.getString("rule")).isEqualTo("big_then_small");
                assertThat(first.getList("partialMatches")).hasSize(1);
                assertThat(first.getString("partialMatches[0].waitingIn")).isEqualTo("small");
                assertThat(first.getString("partialMatches[0].deadline")).isEqualTo("2026-03-01T11:00:00Z");
                assertThat(first.getString("partialMatches[0].steps.big[0].fields.card")).isEqualTo(card);
                assertThat(first.getString("streams[0].stream")).isEqualTo("cards");
                assertThat(first.getString("streams[0].watermark")).isEqualTo("2026-03-01T10:00:29.999Z");
                owners.add(first.getString("node"));
            }
            assertThat(owners).as("each node owns one of the two partitions").doesNotHaveDuplicates();
        });
    }

    @Test
    void theAnswerCountsTheKeysLateAndDeadLetteredRecordsFromEitherNode() throws Exception {
        String card = keysOnEachPartition().get(0);
        String other = keysOnEachPartition().get(1);
        String author = api.token("producer", "author");
        // late: behind its partition's newest event (10:00:30), through the API as any producer's would be
        api.as(author).contentType("application/x-ndjson")
                .body("{\"card\":\"" + card + "\",\"amount\":7.00,\"ts\":\"2026-03-01T09:00:00Z\"}\n")
                .post("/api/v1/streams/cards/events").then().statusCode(200).body("accepted", equalTo(1));
        // malformed: straight to the topic, keyed by the card as the stream's 'key card' asks
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(api.clients.producer())) {
            for (String value : List.of("{\"card\":", "{\"card\":\"" + card + "\",\"amount\":\"lots\",\"ts\":\"2026-03-01T10:01:00Z\"}")) {
                producer.send(new ProducerRecord<>("pm-cards", card.getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8))).get();
            }
        }

        await().atMost(ApiNode.DEADLINE).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
            for (String base : List.of(api.base, secondBase)) {
                JsonPath answer = ask(base, card);
                assertThat(answer.getInt("streams[0].late")).as("late at " + base).isEqualTo(1);
                assertThat(answer.getInt("streams[0].deadLettered")).as("dead-lettered at " + base).isEqualTo(3);
                JsonPath clean = ask(base, other);
                assertThat(clean.getInt("streams[0].late")).isZero();
                assertThat(clean.getInt("streams[0].deadLettered")).isZero();
            }
        });
    }

    @Test
    void aKeyWithoutPartialMatchesAnUnknownRuleAndAnAggregateRuleAreAnsweredForWhatTheyAre() {
        await().atMost(ApiNode.DEADLINE).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
                assertThat(ask(api.base, "nobody").getList("partialMatches")).isEmpty());
        api.as(viewer).get("/api/v1/rules/nope/keys/c1/partial-matches").then().statusCode(404);
        api.as(viewer).get("/api/v1/rules/per_card/keys/c1/partial-matches").then().statusCode(409);
        api.anonymous().get("/api/v1/rules/big_then_small/keys/c1/partial-matches").then().statusCode(401);
    }
}
