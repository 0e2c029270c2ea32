package io.cepheus.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The three bodies of one alert, member by member. */
class PayloadsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALERT = """
            {"rule":"card_testing","version":3,"key":"c1","kind":"match","first":"2026-03-01T10:00:00Z",\
            "last":"2026-03-01T10:05:00Z","steps":{"probe":[{"card":"c1","amount":1.50}],"big":[{"card":"c1",\
            "amount":900.00}]},"title":"Card testing","summary":"c1 probed","fields":{"total":901.50,"merchant":"m7"},\
            "severity":"high","tags":["fraud","cards"],"id":"3f0c1d2e4a5b6c7d8e9f0a1b2c3d4e5f"}""";
    static final Delivery DELIVERY = Delivery.pending(Delivery.idOf("3f0c1d2e4a5b6c7d8e9f0a1b2c3d4e5f", "pager"),
            "pager", "3f0c1d2e4a5b6c7d8e9f0a1b2c3d4e5f", "card_testing", Delivery.FIRED, 0,
            Instant.parse("2026-03-01T10:05:01Z"), "w", ALERT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

    static JsonNode body(Format f) throws Exception {
        Payloads.Body b = Payloads.body(f, DELIVERY);
        return JSON.readTree(new String(b.bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void standardWebhooksCarryTheAlertAsItIsWithItsDecimals() throws Exception {
        assertThat(Payloads.body(Format.STANDARD, DELIVERY).contentType()).isEqualTo("application/json");
        String text = new String(Payloads.body(Format.STANDARD, DELIVERY).bytes(), StandardCharsets.UTF_8);

        assertThat(text).startsWith("{\"type\":\"alert.fired\",\"timestamp\":\"2026-03-01T10:05:00Z\",\"data\":{\"rule\"")
                .contains("\"amount\":900.00", "\"total\":901.50");
        assertThat(body(Format.STANDARD).get("data")).isEqualTo(JSON.readTree(ALERT));
    }

    @Test
    void cloudEventsAreStructuredJsonWithTheTrace() throws Exception {
        JsonNode e = body(Format.CLOUDEVENTS);

        assertThat(Payloads.body(Format.CLOUDEVENTS, DELIVERY).contentType()).isEqualTo("application/cloudevents+json");
        assertThat(e.get("specversion").asText()).isEqualTo("1.0");
        assertThat(e.get("id").asText()).isEqualTo(DELIVERY.id());
        assertThat(e.get("source").asText()).isEqualTo("/cepheus/rules/card_testing");
        assertThat(e.get("type").asText()).isEqualTo("io.cepheus.alert.fired");
        assertThat(e.get("subject").asText()).isEqualTo("c1");
        assertThat(e.get("time").asText()).isEqualTo("2026-03-01T10:05:00Z");
        assertThat(e.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(e.get("traceparent").asText()).isEqualTo(DELIVERY.traceparent());
        assertThat(e.get("data")).isEqualTo(JSON.readTree(ALERT));
    }

    @Test
    void alertmanagerReceiversGetVersionFourWithLabelsAndAnnotations() throws Exception {
        JsonNode m = body(Format.ALERTMANAGER);

        assertThat(m.get("version").asText()).isEqualTo("4");
        assertThat(m.get("status").asText()).isEqualTo("firing");
        assertThat(m.get("receiver").asText()).isEqualTo("pager");
        assertThat(m.get("groupLabels").toString()).isEqualTo("{\"alertname\":\"card_testing\"}");
        JsonNode a = m.get("alerts").get(0);
        assertThat(a.get("labels").toString()).isEqualTo("{\"alertname\":\"card_testing\",\"rule\":\"card_testing\","
                + "\"key\":\"c1\",\"kind\":\"match\",\"version\":\"3\",\"severity\":\"high\",\"tags\":\"fraud,cards\"}");
        assertThat(a.get("annotations").toString()).isEqualTo("{\"title\":\"Card testing\",\"summary\":\"c1 probed\","
                + "\"alert_id\":\"3f0c1d2e4a5b6c7d8e9f0a1b2c3d4e5f\",\"total\":\"901.50\",\"merchant\":\"m7\"}");
        assertThat(a.get("startsAt").asText()).isEqualTo("2026-03-01T10:05:00Z");
        assertThat(a.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(a.get("fingerprint").asText()).isEqualTo("3f0c1d2e4a5b6c7d");
        assertThat(m.get("commonLabels")).isEqualTo(a.get("labels"));
    }

    @Test
    void aTestDeliveryHasTheShapeOfAnAlertAndItsOwnType() throws Exception {
        Delivery t = Delivery.test("pager", 3, Instant.parse("2026-03-01T10:00:00Z"), "api:n1");
        JsonNode b = JSON.readTree(Payloads.body(Format.STANDARD, t).bytes());

        assertThat(t.type()).isEqualTo("alert.test");
        assertThat(t.partition()).isBetween(0, 2);
        assertThat(t.id()).isEqualTo(Delivery.idOf(t.alertId(), "pager"));
        assertThat(b.get("type").asText()).isEqualTo("alert.test");
        assertThat(b.at("/data/rule").asText()).isEqualTo("cepheus-test");
        assertThat(b.at("/data/fired").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(b.at("/data/id").asText()).isEqualTo(t.alertId()).hasSize(32);
    }

    @Test
    void theIdOfADeliveryDependsOnTheAlertAndTheEndpointOnly() {
        assertThat(Delivery.idOf("a1", "pager")).isEqualTo(Delivery.idOf("a1", "pager")).matches("msg_[0-9a-f]{32}")
                .isNotEqualTo(Delivery.idOf("a1", "chat")).isNotEqualTo(Delivery.idOf("a2", "pager"));
    }
}
