package io.cepheus.server.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The bodies of deliveries, from the alert's JSON as the alerts topic holds it (rule, version, key,
 * kind, times, the matched events per step or the aggregate's window and values, title, summary,
 * fields, severity, tags, id). The alert's time is {@code fired}, else {@code last}.
 *
 * <ul>
 *   <li>{@link Format#STANDARD} (Standard Webhooks): {@code {"type": "alert.fired", "timestamp": TIME,
 *       "data": ALERT}}, {@code application/json};
 *   <li>{@link Format#CLOUDEVENTS} (CloudEvents 1.0, structured JSON): {@code specversion "1.0"},
 *       {@code id} the webhook-id, {@code source "/cepheus/rules/RULE"}, {@code type
 *       "io.cepheus.alert.fired"}, {@code subject} the key, {@code time}, {@code datacontenttype
 *       "application/json"}, {@code data} the alert, and the {@code traceparent} extension when the
 *       alert has one; {@code application/cloudevents+json};
 *   <li>{@link Format#ALERTMANAGER} (Prometheus Alertmanager's webhook, {@code version "4"}): one
 *       firing alert whose labels are {@code alertname} (the rule), {@code rule}, {@code key},
 *       {@code kind}, {@code version}, {@code severity} and {@code tags} (comma-separated) when given;
 *       whose annotations are {@code title}, {@code summary}, {@code alert_id} and each of the alert's
 *       fields (text as it is, other values as JSON); {@code startsAt} the alert's time, {@code
 *       endsAt} Alertmanager's zero time, {@code fingerprint} the first 16 hex digits of the alert id.
 * </ul>
 *
 * A test delivery's type is {@code alert.test} ({@code io.cepheus.alert.test}). Stateless.
 */
final class Payloads {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    /** Decimals stay as they are in the alert (25.00, not 25.0). */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .nodeFactory(NODES).build();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The rule name of a test alert: no rule can have it (a rule name has no '-'). */
    static final String TEST_RULE = "cepheus-test";

    /** A body and its media type. */
    record Body(byte[] bytes, String contentType) {}

    private Payloads() {}

    /** The body of {@code d} in {@code format}. @throws IllegalArgumentException if its alert is not JSON */
    static Body body(Format format, Delivery d) {
        return body(format, d, parse(d.alert()));
    }

    /** The body of {@code d} in {@code format}, its alert parsed already ({@link #parse}; it is not changed). */
    static Body body(Format format, Delivery d, JsonNode alert) {
        return switch (format) {
            case STANDARD -> new Body(write(standard(d, alert)), "application/json");
            case CLOUDEVENTS -> new Body(write(cloudEvent(d, alert)), "application/cloudevents+json");
            case ALERTMANAGER -> new Body(write(alertmanager(d, alert)), "application/json");
        };
    }

    static ObjectNode standard(Delivery d, JsonNode alert) {
        ObjectNode o = NODES.objectNode();
        o.put("type", d.type());
        o.put("timestamp", time(alert));
        o.set("data", alert);
        return o;
    }

    static ObjectNode cloudEvent(Delivery d, JsonNode alert) {
        ObjectNode o = NODES.objectNode();
        o.put("specversion", "1.0");
        o.put("id", d.id());
        o.put("source", "/cepheus/rules/" + d.rule());
        o.put("type", "io.cepheus." + d.type());
        o.put("subject", alert.path("key").asText());
        o.put("time", time(alert));
        o.put("datacontenttype", "application/json");
        if (d.traceparent() != null) {
            o.put("traceparent", d.traceparent());
        }
        o.set("data", alert);
        return o;
    }

    static ObjectNode alertmanager(Delivery d, JsonNode alert) {
        ObjectNode labels = NODES.objectNode();
        labels.put("alertname", d.rule());
        labels.put("rule", d.rule());
        labels.put("key", alert.path("key").asText());
        labels.put("kind", alert.path("kind").asText());
        labels.put("version", alert.path("version").asText());
        if (alert.hasNonNull("severity")) {
            labels.put("severity", alert.get("severity").asText());
        }
        if (alert.path("tags").size() > 0) {
            labels.put("tags", StreamSupport.stream(alert.get("tags").spliterator(), false).map(JsonNode::asText)
                    .collect(Collectors.joining(",")));
        }
        ObjectNode annotations = NODES.objectNode();
        if (alert.hasNonNull("title")) {
            annotations.put("title", alert.get("title").asText());
        }
        if (alert.hasNonNull("summary")) {
            annotations.put("summary", alert.get("summary").asText());
        }
        annotations.put("alert_id", d.alertId());
        for (Map.Entry<String, JsonNode> f : alert.path("fields").properties()) {
            annotations.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString());
        }
        ObjectNode a = NODES.objectNode();
        a.put("status", "firing");
        a.set("labels", labels);
        a.set("annotations", annotations);
        a.put("startsAt", time(alert));
        a.put("endsAt", "0001-01-01T00:00:00Z");
        a.put("generatorURL", "");
        a.put("fingerprint", d.alertId().length() >= 16 ? d.alertId().substring(0, 16) : d.alertId());
        ObjectNode o = NODES.objectNode();
        o.put("version", "4");
        o.put("groupKey", "{}:{alertname=\"" + d.rule() + "\"}");
        o.put("truncatedAlerts", 0);
        o.put("status", "firing");
        o.put("receiver", d.endpoint());
        o.putObject("groupLabels").put("alertname", d.rule());
        o.set("commonLabels", labels.deepCopy());
        o.set("commonAnnotations", annotations.deepCopy());
        o.put("externalURL", "");
        o.putArray("alerts").add(a);
        return o;
    }

    /** The alert of a test delivery to {@code endpoint}: the shape of a real one, rule {@value #TEST_RULE}. */
    static String testAlert(String endpoint, Instant now) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        ObjectNode o = NODES.objectNode();
        o.put("rule", TEST_RULE);
        o.put("version", 0);
        o.put("key", "test");
        o.put("kind", "test");
        o.put("fired", now.toString());
        o.put("title", "Test alert");
        o.put("summary", "A test delivery to webhook endpoint " + endpoint + ", asked for through the REST API");
        o.putObject("fields");
        o.put("severity", "info");
        o.putArray("tags");
        o.put("id", HexFormat.of().formatHex(id));
        return new String(write(o), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The alert's time: {@code fired}, else {@code last}. */
    static String time(JsonNode alert) {
        return alert.hasNonNull("fired") ? alert.get("fired").asText() : alert.path("last").asText();
    }

    static JsonNode parse(String alert) {
        try {
            JsonNode node = JSON.readTree(alert);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("an alert is a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the alert is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
