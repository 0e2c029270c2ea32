package io.cepheus.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The index's keys and values in its one RocksDB key space. Every key starts with a byte that says
 * what it is:
 *
 * <pre>
 * A position(8)                 → written(8) time(8) id rule key severity (modified UTF-8), then the alert's JSON
 * I id                          → position(8)                  (an alert by id; duplicates are refused)
 * R rule 0x00 position(8)       → (empty)                      (a rule's alerts, newest last)
 * T written(8) position(8)      → (empty)                      (retention: indexed first, first)
 * S id                          → the status record's value    (the alert's lifecycle)
 * O topic 0x00 partition(4)     → next offset(8)               (where the reader resumes)
 * M                             → last position(8)
 * </pre>
 *
 * Numbers are big-endian and non-negative, so byte order is numeric order. Stateless.
 */
final class IndexCodec {

    static final byte ALERT = 'A';
    static final byte ID = 'I';
    static final byte RULE = 'R';
    static final byte TIME = 'T';
    static final byte STATUS = 'S';
    static final byte OFFSET = 'O';
    static final byte[] META = {'M'};
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private IndexCodec() {}

    static byte[] alertKey(long position) {
        return ByteBuffer.allocate(9).put(ALERT).putLong(position).array();
    }

    static long positionOfAlertKey(byte[] key) {
        return ByteBuffer.wrap(key, 1, 8).getLong();
    }

    static byte[] idKey(String id) {
        return prefixed(ID, id.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] statusKey(String id) {
        return prefixed(STATUS, id.getBytes(StandardCharsets.UTF_8));
    }

    /** The prefix of a rule's entries: {@code R rule 0x00}. */
    static byte[] rulePrefix(String rule) {
        byte[] name = rule.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(name.length + 2).put(RULE).put(name).put((byte) 0).array();
    }

    static byte[] ruleKey(String rule, long position) {
        byte[] prefix = rulePrefix(rule);
        return ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(position).array();
    }

    static long positionOfRuleKey(byte[] key) {
        return ByteBuffer.wrap(key, key.length - 8, 8).getLong();
    }

    static byte[] timeKey(long written, long position) {
        return ByteBuffer.allocate(17).put(TIME).putLong(Math.max(0, written)).putLong(position).array();
    }

    static byte[] offsetKey(String topic, int partition) {
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(name.length + 6).put(OFFSET).put(name).put((byte) 0).putInt(partition).array();
    }

    static byte[] number(long n) {
        return ByteBuffer.allocate(8).putLong(n).array();
    }

    static long number(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }

    static byte[] prefixed(byte kind, byte[] rest) {
        return ByteBuffer.allocate(rest.length + 1).put(kind).put(rest).array();
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The alert that a record of the alerts topic holds, at {@code position}.
     *
     * @throws IllegalArgumentException if it is not an alert's JSON (no id, rule, key or time)
     */
    static IndexedAlert parse(long position, long written, byte[] json) {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String time = o.hasNonNull("fired") ? text(o, "fired") : text(o, "last");
        Instant at;
        try {
            at = Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("its time '" + time + "' is not an ISO-8601 instant", e);
        }
        String severity = o.hasNonNull("severity") ? text(o, "severity") : null;
        return new IndexedAlert(position, Instant.ofEpochMilli(written), at, text(o, "id"), text(o, "rule"),
                text(o, "key"), severity, json);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isValueNode()) {
            throw new IllegalArgumentException("no field '" + field + "'");
        }
        return v.asText();
    }

    static byte[] value(IndexedAlert a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(a.json().length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(a.written().toEpochMilli());
            out.writeLong(a.time().toEpochMilli());
            out.writeUTF(a.id());
            out.writeUTF(a.rule());
            out.writeUTF(a.key());
            out.writeUTF(a.severity() == null ? "" : a.severity());
            out.write(a.json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static IndexedAlert alert(long position, byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            Instant written = Instant.ofEpochMilli(in.readLong());
            Instant time = Instant.ofEpochMilli(in.readLong());
            String id = in.readUTF();
            String rule = in.readUTF();
            String key = in.readUTF();
            String severity = in.readUTF();
            return new IndexedAlert(position, written, time, id, rule, key, severity.isEmpty() ? null : severity,
                    in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("a corrupt index entry at position " + position, e);
        }
    }
}
