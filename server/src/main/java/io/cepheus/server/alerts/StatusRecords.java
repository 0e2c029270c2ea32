package io.cepheus.server.alerts;

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
 * The status topic's values: {@code {"id", "status", "disposition", "comments": [{"time", "by",
 * "text"}], "updated", "by", "revision"}}, keyed by the alert's id. A record written before revisions
 * existed (no {@code revision}) is revision 1: it is the one change made to the alert. Stateless.
 */
final class StatusRecords {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private StatusRecords() {}

    static byte[] value(AlertStatus s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", s.id());
        o.put("status", s.status().label());
        o.put("disposition", s.disposition() == null ? null : s.disposition().label());
        ArrayNode comments = o.putArray("comments");
        for (AlertStatus.Comment c : s.comments()) {
            comments.addObject().put("time", c.time().toString()).put("by", c.by()).put("text", c.text());
        }
        o.put("updated", s.updated() == null ? null : s.updated().toString());
        o.put("by", s.by());
        o.put("revision", s.revision());
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an alert status", e);
        }
    }

    /** @throws IllegalArgumentException if {@code value} is not a status record */
    static AlertStatus status(byte[] value) {
        JsonNode o;
        try {
            o = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        List<AlertStatus.Comment> comments = new ArrayList<>();
        for (JsonNode c : o.path("comments")) {
            comments.add(new AlertStatus.Comment(instant(c, "time"), text(c, "by"), text(c, "text")));
        }
        String disposition = optional(o, "disposition");
        String updated = optional(o, "updated");
        return new AlertStatus(text(o, "id"), AlertStatus.State.ofLabel(text(o, "status")),
                disposition == null ? null : AlertStatus.Disposition.ofLabel(disposition), comments,
                updated == null ? null : instant(o, "updated"), optional(o, "by"), revision(o));
    }

    private static long revision(JsonNode o) {
        JsonNode v = o.get("revision");
        if (v == null) {
            return 1;
        }
        if (!v.canConvertToExactIntegral() || v.asLong() < 1) {
            throw new IllegalArgumentException("field 'revision' is not a whole number from 1");
        }
        return v.asLong();
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("no text field '" + field + "'");
        }
        return v.asText();
    }

    private static String optional(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : text(o, field);
    }

    private static Instant instant(JsonNode o, String field) {
        try {
            return Instant.parse(text(o, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 instant", e);
        }
    }
}
