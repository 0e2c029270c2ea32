package io.cepheus.server.http;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * Test harness for webhooks over the API of a node: endpoints, a stream and a rule per test, and
 * payments that make one alert per card.
 */
final class WebhookFixtures {

    private final ApiNode api;
    private final String author;

    WebhookFixtures(ApiNode api, String author) {
        this.api = api;
        this.author = author;
    }

    /** Makes an endpoint through the API; returns its secret. */
    String endpoint(String name, String url, Map<String, Object> more) {
        Map<String, Object> body = new HashMap<>(more);
        body.put("name", name);
        body.put("url", url);
        return api.as(author).contentType("application/json").body(body).post("/api/v1/webhooks").then()
                .statusCode(201).extract().path("secret");
    }

    /** A stream and a rule on it (small then big payment of a card), with more clauses. */
    void rule(String name, String clauses) {
        api.as(author).contentType("text/plain").body("""
                stream %1$s_s {
                  time ts
                  key card
                  fields {
                    card: string
                    amount: decimal
                    ts: timestamp
                  }
                }
                """.formatted(name)).post("/api/v1/streams").then().statusCode(201);
        api.as(author).contentType("text/plain").body("""
                rule %1$s {
                  title "Small then big"
                  severity high
                  %2$s
                  from %1$s_s
                  partition by card
                  pattern small -> big
                  where
                    small: amount < 2
                    big: amount > 500
                  within 10m
                  alert { summary "card ${card}" }
                }
                """.formatted(name, clauses)).post("/api/v1/rules").then().statusCode(201);
    }

    /**
     * Event times start a day ahead of the wall clock: an idle stream's watermark follows the wall clock,
     * so a stream fired at twice would find its second events late if they were in the past.
     */
    static final Instant START = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
    private int minute;

    static String event(String card, String amount, int minute) {
        return "{\"card\":\"" + card + "\",\"amount\":" + amount + ",\"ts\":\"" + START.plusSeconds(60L * minute) + "\"}";
    }

    /** One alert of {@code rule} per card: a small and a big payment, and a later tick that moves the watermark. */
    void fire(String rule, String... cards) {
        int m = minute;
        minute += 40;
        StringBuilder body = new StringBuilder();
        for (String card : cards) {
            body.append(event(card, "1.00", m)).append('\n');
        }
        for (String card : cards) {
            body.append(event(card, "900.00", m + 1)).append('\n');
        }
        body.append(event("tick", "0", m + 30)).append('\n');
        api.as(author).contentType("application/x-ndjson").body(body.toString())
                .post("/api/v1/streams/" + rule + "_s/events").then().statusCode(200);
    }

}
