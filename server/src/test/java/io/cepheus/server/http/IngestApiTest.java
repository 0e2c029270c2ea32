package io.cepheus.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest over the real server: records checked with the data plane's decoder and its dead-letter
 * reasons, the good ones on the stream's topic, an alert from them on the alerts topic; a malformed
 * array writes nothing; 413 over the size limit; 429 with Retry-After while the node's ingest slots
 * are taken.
 */
class IngestApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ApiNode api;
    static String author;

    @BeforeAll
    static void start() {
        api = new ApiNode(dir, Map.of("CEPHEUS_HTTP_MAX_REQUEST_BYTES", "100000", "CEPHEUS_INGEST_MAX_CONCURRENT", "1"));
        author = api.token("integration", "author");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static void declare(String name, String topic) {
        api.as(author).contentType("text/plain").body("""
                stream %s {
                  topic "%s"
                  time ts
                  key card
                  fields {
                    card: string
                    amount: decimal
                    ts: timestamp
                  }
                }
                """.formatted(name, topic)).post("/api/v1/streams").then().statusCode(201);
    }

    static String event(String card, String amount, int second) {
        return "{\"card\":\"" + card + "\",\"amount\":" + amount + ",\"ts\":\"2026-03-01T10:00:" + (10 + second) + "Z\"}";
    }

    @Test
    void goodRecordsReachTheTopicAndMakeAnAlertAndBadOnesAreAnsweredWithTheirReasons() throws IOException {
        declare("payments", "ingest-payments");
        api.as(author).contentType("text/plain").body("""
                rule small_then_big {
                  from payments
                  partition by card
                  pattern small -> big
                  where
                    small: amount < 2
                    big: amount > 500
                  within 10m
                  alert { summary "card ${card}: ${big.amount} after ${small.amount}" }
                }
                """).post("/api/v1/rules").then().statusCode(201);
        String ndjson = String.join("\n",
                event("c1", "1.00", 1),
                "{\"card\":\"c1\",",
                event("c1", "\"lots\"", 2),
                "{\"card\":\"c1\",\"amount\":3}",
                "",
                event("c1", "750.00", 3),
                event("tick", "0", 9)) + "\n";

        api.as(author).contentType("application/x-ndjson").body(ndjson).post("/api/v1/streams/payments/events").then()
                .statusCode(200).body("accepted", equalTo(3)).body("rejected", equalTo(3))
                .body("errors.line", contains(2, 3, 4))
                .body("errors.reason", contains("invalid_json", "wrong_type", "missing_time"))
                .body("errors[2].message", equalTo("missing event time 'ts'"));

        List<String> alerts = api.read("cepheus-alerts", seen -> !seen.isEmpty());
        assertThat(alerts).hasSize(1);
        JsonNode alert = JSON.readTree(alerts.getFirst());
        assertThat(alert.get("rule").asText()).isEqualTo("small_then_big");
        assertThat(alert.get("summary").asText()).isEqualTo("card c1: 750.00 after 1.00");
        assertThat(api.read("ingest-payments", seen -> seen.size() >= 3))
                .containsExactly(event("c1", "1.00", 1), event("c1", "750.00", 3), event("tick", "0", 9));
    }

    @Test
    void aJsonArrayIsWrittenElementByElementAndAMalformedOneNotAtAll() {
        declare("arrays", "ingest-arrays");

        api.as(author).contentType("application/json")
                .body("[" + event("a", "1.50", 1) + ",\n 17,\n" + event("a", "2", 2) + "]")
                .post("/api/v1/streams/arrays/events").then().statusCode(200)
                .body("accepted", equalTo(2)).body("errors.line", contains(2))
                .body("errors.reason", contains("not_an_object"));
        api.as(author).contentType("application/json").body("[" + event("b", "1", 1) + ",\n {\"card\": }]")
                .post("/api/v1/streams/arrays/events").then().statusCode(400)
                .body("errors[0].line", equalTo(2)).body("errors[0].column", equalTo(11));

        api.as(author).contentType("application/json").body("[" + event("z", "9", 3) + "]")
                .post("/api/v1/streams/arrays/events").then().statusCode(200).body("accepted", equalTo(1));

        assertThat(api.read("ingest-arrays", seen -> seen.contains(event("z", "9", 3))))
                .as("each element as sent, and nothing of the malformed array")
                .containsExactly(event("a", "1.50", 1), event("a", "2", 2), event("z", "9", 3));
    }

    @Test
    void unknownStreamsWrongTypesAndLargeBodiesAreProblems() {
        declare("limited", "ingest-limited");

        api.as(author).contentType("application/json").body("[]").post("/api/v1/streams/nothing/events").then()
                .statusCode(404).body("detail", equalTo("no stream nothing"));
        api.as(author).contentType("text/csv").body("a,b").post("/api/v1/streams/limited/events").then()
                .statusCode(415).body("detail", equalTo("Content-Type text/csv: send application/json or application/x-ndjson"));
        String big = (event("c", "1", 1) + "\n").repeat(2000);
        api.as(author).contentType("application/x-ndjson").body(big).post("/api/v1/streams/limited/events").then()
                .statusCode(413).body("detail", containsString("the body has more than 100000 bytes"));
        api.as(author).contentType("application/x-ndjson").body(event("c", "1", 1)).post("/api/v1/streams/limited/events")
                .then().statusCode(200).body("accepted", equalTo(1));
        assertThat(api.read("ingest-limited", seen -> !seen.isEmpty())).hasSize(1);
    }

    @Test
    void aBatchBeyondTheNodesSlotsIsA429WithRetryAfter() throws IOException {
        declare("busy", "ingest-busy");
        String line = event("k", "1", 1);
        byte[] body = line.getBytes(StandardCharsets.UTF_8);
        try (Socket slow = new Socket("127.0.0.1", Integer.parseInt(api.base.substring(api.base.lastIndexOf(':') + 1)))) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /api/v1/streams/busy/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + author
                    + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 10);
            out.flush();

            await().atMost(Duration.ofSeconds(30)).until(() -> api.as(author).contentType("application/x-ndjson")
                    .body(line).post("/api/v1/streams/busy/events").statusCode() == 429);
            api.as(author).contentType("application/x-ndjson").body(line).post("/api/v1/streams/busy/events").then()
                    .statusCode(429).header("Retry-After", "1");

            out.write(body, 10, body.length - 10);
            out.flush();
            String answer = readHead(slow.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 200 ");
        }
        api.as(author).contentType("application/x-ndjson").body(line).post("/api/v1/streams/busy/events").then()
                .statusCode(200);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && !head.toString().endsWith("\r\n\r\n")) {
            head.append((char) c);
        }
        return head.toString();
    }
}
