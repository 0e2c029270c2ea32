package io.cepheus.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/rules?include=activity} over the real server on a real broker: after real alerts,
 * dispositions and a pending partial match, each rule's alerts per hour of the last 24, precision, live
 * partial matches and last alert — the numbers the console's rules list shows.
 */
class RuleActivityApiTest {

    @TempDir
    static Path dir;
    static ApiNode api;
    static String author;

    @BeforeAll
    static void start() {
        api = new ApiNode(dir, Map.of());
        author = api.token("analyst", "author");
        api.as(author).contentType("text/plain").body("""
                stream act_payments {
                  time ts
                  key card
                  fields {
                    card: string
                    amount: decimal
                    ts: timestamp
                  }
                }
                """).post("/api/v1/streams").then().statusCode(201);
        for (String rule : List.of("act_busy", "act_quiet")) {
            api.as(author).contentType("text/plain").body("""
                    rule %s {
                      from act_payments
                      partition by card
                      pattern small -> big
                      where
                        small: amount < %s
                        big: amount > 500
                      within 10m
                    }
                    """.formatted(rule, rule.equals("act_busy") ? "2" : "0")).post("/api/v1/rules").then().statusCode(201);
        }
        pay();
    }

    /** The hour the events were posted in. */
    static Instant hour;
    /** When the events were posted. */
    static Instant now;

    /**
     * Three alerts in two hours of the last day (one card two hours back, two cards in the last hour),
     * then a small payment that waits for its big one, then a payment that matches nothing.
     */
    static void pay() {
        now = Instant.now();
        hour = now.truncatedTo(ChronoUnit.HOURS);
        post(event("c1", "1.00", hour.minus(Duration.ofMinutes(170))), event("c1", "900.00", hour.minus(Duration.ofMinutes(169))),
                event("c2", "1.50", hour.minus(Duration.ofMinutes(50))), event("c3", "0.50", hour.minus(Duration.ofMinutes(49))),
                event("c2", "700.00", hour.minus(Duration.ofMinutes(48))), event("c3", "800.00", hour.minus(Duration.ofMinutes(47))),
                event("c9", "1.00", now.minusSeconds(60)), event("tick", "100.00", now.minusSeconds(30)));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void eachRuleSaysItsAlertsPerHourPrecisionPartialMatchesAndLastAlert() {
        List<String> ids = await().atMost(ApiNode.DEADLINE).until(() -> api.as(author).get("/api/v1/alerts?rule=act_busy")
                .then().statusCode(200).extract().<String>jsonPath().getList("items.id"), l -> l.size() == 3);
        resolve(ids.get(0), "true_positive");
        resolve(ids.get(1), "true_positive");
        resolve(ids.get(2), "false_positive");
        List<Instant> fired = api.as(author).get("/api/v1/alerts?rule=act_busy").then().extract().jsonPath()
                .getList("items.time", String.class).stream().map(Instant::parse).toList();

        JsonPath listing = await().atMost(ApiNode.DEADLINE).until(
                () -> api.as(author).get("/api/v1/rules?include=activity").then().statusCode(200).extract().jsonPath(),
                j -> Integer.valueOf(1).equals(j.get("items.find { it.id == 'act_busy' }.activity.partialMatches"))
                        && j.get("items.find { it.id == 'act_busy' }.activity.precision") != null);

        Map<String, Object> busy = listing.getMap("items.find { it.id == 'act_busy' }.activity");
        assertThat(busy.get("alerts24h")).isEqualTo(perHour(fired, Instant.now()));
        assertThat(listing.getList("items.find { it.id == 'act_busy' }.activity.alerts24h", Integer.class))
                .hasSize(24).containsOnly(0, 1, 2);
        assertThat(((Number) busy.get("precision")).doubleValue()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(busy.get("lastFired")).isEqualTo(hour.minus(Duration.ofMinutes(47)).toString());
        Map<String, Object> quiet = new java.util.HashMap<>(Map.of("alerts24h", Collections.nCopies(24, 0),
                "partialMatches", 0));
        quiet.put("precision", null);
        quiet.put("lastFired", null);
        assertThat(listing.getMap("items.find { it.id == 'act_quiet' }.activity")).isEqualTo(quiet);
    }

    @Test
    void whyNotShowsThePendingMatchAndTheStreamsWatermarkAndIdleState() {
        // the stream is quiet (idle timeout 1 s): its watermark follows the wall clock, past the last payment
        JsonPath whyNot = await().atMost(ApiNode.DEADLINE).until(() -> api.as(author)
                .get("/api/v1/rules/act_busy/keys/c9/partial-matches").then().statusCode(200).extract().jsonPath(),
                j -> Boolean.TRUE.equals(j.get("streams[0].idle")));

        assertThat(whyNot.getString("partialMatches[0].waitingIn")).isEqualTo("big");
        assertThat(whyNot.getString("partialMatches[0].deadline")).isEqualTo(now.minusSeconds(60)
                .truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofMinutes(10)).toString());
        assertThat(whyNot.getString("streams[0].stream")).isEqualTo("act_payments");
        assertThat(Instant.parse(whyNot.getString("streams[0].watermark"))).isAfter(now.minusSeconds(30));
        assertThat(Instant.parse(whyNot.getString("watermark"))).isAfter(now.minusSeconds(30));
    }

    @Test
    void withoutIncludeThereIsNoActivityAndAnythingElseIsAProblem() {
        api.as(author).get("/api/v1/rules").then().statusCode(200)
                .body("items.id", contains("act_busy", "act_quiet")).body("items[0]", not(hasKey("activity")));
        api.as(author).get("/api/v1/rules?include=stats").then().statusCode(400)
                .body("detail", equalTo("include: 'stats' is not activity, the one thing a rule listing can include"));
        api.as(author).get("/api/v1/rules?include=activity&severity=high").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.empty()).body("next", nullValue());
    }

    /** The 24 hourly counts of {@code fired}, oldest first, the last hour being {@code now}'s: what the answer must say. */
    private static List<Integer> perHour(List<Instant> fired, Instant now) {
        List<Integer> counts = new ArrayList<>(Collections.nCopies(24, 0));
        Instant current = now.truncatedTo(ChronoUnit.HOURS);
        for (Instant t : fired) {
            long back = Duration.between(t.truncatedTo(ChronoUnit.HOURS), current).toHours();
            counts.set((int) (23 - back), counts.get((int) (23 - back)) + 1);
        }
        return counts;
    }

    private static String event(String card, String amount, Instant ts) {
        return "{\"card\":\"" + card + "\",\"amount\":" + amount + ",\"ts\":\"" + ts + "\"}";
    }

    private static void post(String... events) {
        api.as(author).contentType("application/x-ndjson").body(String.join("\n", events))
                .post("/api/v1/streams/act_payments/events").then().statusCode(200)
                .body("accepted", equalTo(events.length));
    }

    private static void resolve(String id, String disposition) {
        api.as(author).contentType("application/json").body(Map.of("disposition", disposition))
                .post("/api/v1/alerts/" + id + "/resolve").then().statusCode(200);
    }
}
