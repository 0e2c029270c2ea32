package io.cepheus.server.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of a delivery record on the deliveries topic: {@code id, endpoint, alertId, rule, type,
 * partition, status, attempts [{at, status?, latencyMs, error?}], nextAttemptAt?, created, queued,
 * updated, reason?, writer, alert? (the alert's JSON as text), traceparent?}. Stateless.
 */
final class DeliveryRecords {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private DeliveryRecords() {}

    static byte[] value(Delivery d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", d.id());
        o.put("endpoint", d.endpoint());
        o.put("alertId", d.alertId());
        o.put("rule", d.rule());
        o.put("type", d.type());
        o.put("partition", d.partition());
        o.put("status", d.status().label());
        ArrayNode attempts = o.putArray("attempts");
        for (Delivery.Attempt a : d.attempts()) {
            ObjectNode at = attempts.addObject();
            at.put("at", a.at().toString());
            if (a.status() != null) {
                at.put("status", a.status());
            }
            at.put("latencyMs", a.latencyMs());
            if (a.error() != null) {
                at.put("error", a.error());
            }
        }
        putTime(o, "nextAttemptAt", d.nextAttemptAt());
        putTime(o, "created", d.created());
        putTime(o, "queued", d.queued());
        putTime(o, "updated", d.updated());
        putText(o, "reason", d.reason());
        o.put("writer", d.writer());
        putText(o, "alert", d.alert());
        putText(o, "traceparent", d.traceparent());
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a delivery record", e);
        }
    }

    /** @throws IllegalArgumentException if {@code value} is not a delivery record */
    static Delivery delivery(byte[] value) {
        JsonNode o;
        try {
            o = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        List<Delivery.Attempt> attempts = new ArrayList<>();
        JsonNode list = o.get("attempts");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("no array field 'attempts'");
        }
        for (JsonNode a : list) {
            attempts.add(new Delivery.Attempt(time(a, "at"), a.hasNonNull("status") ? a.get("status").asInt() : null,
                    a.path("latencyMs").asLong(), optional(a, "error")));
        }
        JsonNode partition = o.get("partition");
        if (partition == null || !partition.canConvertToInt()) {
            throw new IllegalArgumentException("no integer field 'partition'");
        }
        Delivery.Status status = Delivery.Status.ofLabel(text(o, "status"));
        return new Delivery(text(o, "id"), text(o, "endpoint"), text(o, "alertId"), text(o, "rule"), text(o, "type"),
                partition.asInt(), status, attempts, o.hasNonNull("nextAttemptAt") ? time(o, "nextAttemptAt") : null,
                time(o, "created"), time(o, "queued"), time(o, "updated"), optional(o, "reason"), text(o, "writer"),
                optional(o, "alert"), optional(o, "traceparent"));
    }

    private static void putTime(ObjectNode o, String field, Instant t) {
        if (t != null) {
            o.put(field, t.toString());
        }
    }

    private static void putText(ObjectNode o, String field, String text) {
        if (text != null) {
            o.put(field, text);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("no text field '" + field + "'");
        }
        return v.asText();
    }

    private static String optional(JsonNode o, String field) {
        return o.hasNonNull(field) ? text(o, field) : null;
    }

    private static Instant time(JsonNode o, String field) {
        try {
            return Instant.parse(text(o, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 instant", e);
        }
    }
}
