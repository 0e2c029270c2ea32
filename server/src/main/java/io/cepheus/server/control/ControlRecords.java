package io.cepheus.server.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The control topic's records: keys and JSON values. Keys are {@code stream/NAME} (the stream's
 * current declaration), {@code rule/NAME} (the rule's current version) and {@code rule/NAME@N}
 * (version N, kept for history and for draining); a deleted definition is a tombstone (null value)
 * under its key. Values are JSON objects with {@code name, text, version, updated, origin} and, for
 * rules, {@code state} and {@code drain} (true when absent). Bearer tokens of the REST API are {@code
 * token/ID} ({@link TokenRecord}; a revoked token is a tombstone); the audit topic holds {@code
 * audit/ID} ({@link AuditEntry}). A rule snoozed for a key is {@code snooze/RULE/KEY} ({@link Snooze}), a
 * running node {@code node/HOST:PORT} ({@link NodeRecord}), a webhook endpoint {@code webhook/NAME}
 * ({@link WebhookDefinition}). Stateless and thread-safe.
 */
final class ControlRecords {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    static final String STREAM = "stream/";
    static final String RULE = "rule/";
    static final String TOKEN = "token/";
    static final String AUDIT = "audit/";
    static final String SNOOZE = "snooze/";
    static final String NODE = "node/";
    static final String WEBHOOK = "webhook/";

    private ControlRecords() {}

    static String streamKey(String name) {
        return STREAM + name;
    }

    static String ruleKey(String name) {
        return RULE + name;
    }

    static String versionKey(String name, long version) {
        return RULE + name + "@" + version;
    }

    static String tokenKey(String id) {
        return TOKEN + id;
    }

    static String auditKey(String id) {
        return AUDIT + id;
    }

    static String snoozeKey(String rule, String key) {
        return SNOOZE + rule + "/" + key;
    }

    static String nodeKey(String address) {
        return NODE + address;
    }

    static byte[] value(NodeRecord n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("address", n.address());
        o.put("started", n.started().toString());
        return write(o);
    }

    static NodeRecord node(byte[] value) {
        JsonNode o = read(value);
        return new NodeRecord(text(o, "address"), instant(o, "started"));
    }

    static String webhookKey(String name) {
        return WEBHOOK + name;
    }

    static byte[] value(WebhookDefinition w) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", w.name());
        o.put("url", w.url());
        o.put("description", w.description());
        w.rules().forEach(o.putArray("rules")::add);
        w.tags().forEach(o.putArray("tags")::add);
        o.put("minSeverity", w.minSeverity());
        o.put("format", w.format());
        o.put("enabled", w.enabled());
        o.put("disabledReason", w.disabledReason());
        o.put("created", w.created().toString());
        o.put("updated", w.updated().toString());
        o.put("version", w.version());
        o.put("secret", w.secret());
        o.put("previousSecret", w.previousSecret());
        o.put("previousUntil", w.previousUntil() == null ? null : w.previousUntil().toString());
        return write(o);
    }

    static WebhookDefinition webhook(byte[] value) {
        JsonNode o = read(value);
        JsonNode enabled = o.get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw new IllegalArgumentException("field 'enabled' is not a boolean");
        }
        String until = optionalText(o, "previousUntil");
        return new WebhookDefinition(text(o, "name"), text(o, "url"), text(o, "description"), texts(o, "rules"),
                texts(o, "tags"), optionalText(o, "minSeverity"), text(o, "format"), enabled.asBoolean(),
                optionalText(o, "disabledReason"), instant(o, "created"), instant(o, "updated"), number(o, "version"),
                text(o, "secret"), optionalText(o, "previousSecret"), until == null ? null : instant(o, "previousUntil"));
    }

    private static java.util.List<String> texts(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("no array field '" + field + "'");
        }
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new IllegalArgumentException("field '" + field + "' holds a value that is not text");
            }
            texts.add(e.asText());
        }
        return texts;
    }

    static byte[] value(Snooze s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("rule", s.rule());
        o.put("key", s.key());
        o.put("until", s.until().toString());
        o.put("created", s.created().toString());
        o.put("by", s.by());
        return write(o);
    }

    static Snooze snooze(byte[] value) {
        JsonNode o = read(value);
        return new Snooze(text(o, "rule"), text(o, "key"), instant(o, "until"), instant(o, "created"), text(o, "by"));
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] value(StreamDefinition s) {
        ObjectNode o = common(s.name(), s.text(), s.version(), s.updated(), s.origin());
        return write(o);
    }

    static byte[] value(RuleDefinition r) {
        ObjectNode o = common(r.name(), r.text(), r.version(), r.updated(), r.origin());
        o.put("state", r.state().label());
        o.put("drain", r.drain());
        return write(o);
    }

    static byte[] value(TokenRecord t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", t.id());
        o.put("name", t.name());
        o.put("role", t.role());
        o.put("hash", t.hash());
        o.put("created", t.created().toString());
        o.put("createdBy", t.createdBy());
        return write(o);
    }

    static TokenRecord token(byte[] value) {
        JsonNode o = read(value);
        return new TokenRecord(text(o, "id"), text(o, "name"), text(o, "role"), text(o, "hash"),
                instant(o, "created"), text(o, "createdBy"));
    }

    static byte[] value(AuditEntry a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", a.id());
        o.put("time", a.time().toString());
        o.put("actor", a.actor());
        o.put("action", a.action());
        o.put("target", a.target());
        o.put("before", a.before());
        o.put("after", a.after());
        return write(o);
    }

    static AuditEntry audit(byte[] value) {
        JsonNode o = read(value);
        return new AuditEntry(text(o, "id"), instant(o, "time"), text(o, "actor"), text(o, "action"), text(o, "target"),
                optionalText(o, "before"), optionalText(o, "after"));
    }

    private static String optionalText(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : text(o, field);
    }

    private static ObjectNode common(String name, String text, long version, Instant updated, String origin) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", name);
        o.put("version", version);
        o.put("updated", updated.toString());
        o.put("origin", origin);
        o.put("text", text);
        return o;
    }

    private static byte[] write(ObjectNode o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a control record", e);
        }
    }

    static StreamDefinition stream(byte[] value) {
        JsonNode o = read(value);
        return new StreamDefinition(text(o, "name"), text(o, "text"), number(o, "version"), instant(o), text(o, "origin"));
    }

    static RuleDefinition rule(byte[] value) {
        JsonNode o = read(value);
        JsonNode drain = o.get("drain");
        if (drain != null && !drain.isBoolean()) {
            throw new IllegalArgumentException("field 'drain' is not a boolean");
        }
        return new RuleDefinition(text(o, "name"), text(o, "text"), number(o, "version"),
                RuleState.ofLabel(text(o, "state")), instant(o), text(o, "origin"), drain == null || drain.asBoolean());
    }

    private static JsonNode read(byte[] value) {
        try {
            JsonNode o = JSON.readTree(value);
            if (o == null || !o.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return o;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("no text field '" + field + "'");
        }
        return v.asText();
    }

    private static long number(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.canConvertToExactIntegral()) {
            throw new IllegalArgumentException("no integer field '" + field + "'");
        }
        return v.asLong();
    }

    private static Instant instant(JsonNode o) {
        return instant(o, "updated");
    }

    private static Instant instant(JsonNode o, String field) {
        try {
            return Instant.parse(text(o, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 instant", e);
        }
    }
}
