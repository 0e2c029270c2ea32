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
 * A position(8)                 → format(1)=2 flags(1) written(8) time(8) id rule key severity (modified UTF-8),
 *                                 then the alert's JSON; flags bit 0: a shadow's alert
 * I id                          → position(8)                  (an alert by id; duplicates are refused)
 * R rule 0x00 position(8)       → (empty)                      (a rule's alerts, newest last)
 * T written(8) position(8)      → (empty)                      (retention: indexed first, first)
 * S id                          → the status record's value    (the alert's lifecycle)
 * O topic 0x00 partition(4)     → next offset(8)               (where the reader resumes)
 * M                             → last position(8)
 * V                             → the codec's version(4) ({@value #VERSION}; none: version 1)
 * </pre>
 *
 * Numbers are big-endian and non-negative, so byte order is numeric order. Version 1 (no {@code V}
 * key) had no format byte and no flags: an alert's value began with {@code written(8)}, whose first
 * byte is 0 for any time before the year 10889, so a value says by its first byte which format it is
 * in ({@link IndexMigration} rewrites version 1 entries). Stateless.
 */
final class IndexCodec {

    static final byte ALERT = 'A';
    static final byte ID = 'I';
    static final byte RULE = 'R';
    static final byte TIME = 'T';
    static final byte STATUS = 'S';
    static final byte OFFSET = 'O';
    static final byte[] META = {'M'};
    static final byte[] VERSION_KEY = {'V'};
    /** The layout this code writes. */
    static final int VERSION = 2;
    /** The first byte of a version 2 alert value. */
    private static final byte FORMAT = 2;
    private static final int SHADOW = 1;
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
                text(o, "key"), severity, o.path("shadow").asBoolean(false), json);
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
            out.writeByte(FORMAT);
            out.writeByte(a.shadow() ? SHADOW : 0);
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

    /**
     * The alert of a version 2 value.
     *
     * @throws UncheckedIOException if the value is not one (corrupt, or of version 1)
     */
    static IndexedAlert alert(long position, byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("format " + format + ", not " + FORMAT);
            }
            boolean shadow = (in.readByte() & SHADOW) != 0;
            return header(position, in, shadow);
        } catch (IOException e) {
            throw new UncheckedIOException("a corrupt index entry at position " + position, e);
        }
    }

    /** Whether {@code value} is an alert value of version 1 (no format byte: it starts with written(8)). */
    static boolean isVersion1(byte[] value) {
        return value.length > 0 && value[0] == 0;
    }

    /**
     * The alert of a version 1 value, its shadow flag read from its JSON.
     *
     * @throws IllegalArgumentException if it is not one
     */
    static IndexedAlert alertOfVersion1(long position, byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            IndexedAlert a = header(position, in, false);
            return a.withShadow(JSON.readTree(a.json()).path("shadow").asBoolean(false));
        } catch (IOException e) {
            throw new IllegalArgumentException("a corrupt version 1 index entry at position " + position, e);
        }
    }

    private static IndexedAlert header(long position, DataInputStream in, boolean shadow) throws IOException {
        Instant written = Instant.ofEpochMilli(in.readLong());
        Instant time = Instant.ofEpochMilli(in.readLong());
        String id = in.readUTF();
        String rule = in.readUTF();
        String key = in.readUTF();
        String severity = in.readUTF();
        return new IndexedAlert(position, written, time, id, rule, key, severity.isEmpty() ? null : severity, shadow,
                in.readAllBytes());
    }
}
