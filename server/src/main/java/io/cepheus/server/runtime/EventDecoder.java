package io.cepheus.server.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.cepheus.core.Event;
import io.cepheus.dsl.StreamLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Decodes one JSON object (a line of a JSONL file, the value of a Kafka record) into an {@link
 * Event} of a stream: field {@code i} of the event is the stream's {@code i}-th declared field,
 * converted to its type. Members the stream does not declare are ignored; declared fields that are
 * missing or JSON {@code null} are null. The event-time field is required, and so is the id field
 * when the stream declares one ({@code id FIELD}).
 *
 * <p>An event's id ({@link #decode(byte[], int, int)}) is a hash of the text of its id field's value
 * when the stream declares one ({@link EventIds#ofId}: records with the same id value are the same
 * event, whatever else they hold), else a hash of the record's bytes ({@link EventIds#ofContent}).
 * Either way it does not depend on where the record came from, so {@code backtest} and the server
 * give the same events the same ids.
 *
 * <p>Accepted JSON per field type: {@code bool} a boolean; {@code long} an integral number (or a
 * string of one); {@code double} and {@code decimal} a number (or a string of one: money is often
 * sent as text); {@code string} a string or a number; {@code timestamp} epoch milliseconds or
 * ISO-8601 text (as the stream's time format says; with {@code epoch_seconds} the event time is a
 * number of seconds, fractions allowed); {@code duration} milliseconds or ISO-8601 ({@code PT5M}).
 * Anything else is rejected with the field and what was expected, and a {@link RejectReason}:
 * records longer than the limit ({@code oversize}), bytes that are not UTF-8 ({@code invalid_utf8}),
 * not JSON ({@code invalid_json}), not an object ({@code not_an_object}), a value of the wrong type
 * ({@code wrong_type}), no event time ({@code missing_time}), an id field declared but missing or null
 * ({@code missing_id}), a time outside years 0000–9999 or a
 * duration longer than that ({@code time_out_of_range}), a number beyond 100 digits or an exponent
 * beyond ±400 ({@code number_out_of_range}, see {@link Numbers}).
 *
 * <p>Design: one pass of Jackson's streaming parser over the bytes, straight into the event's value
 * array; the members' names are matched with the declared fields' by {@link MemberOrder} (mostly
 * without decoding them), and undeclared members are skipped unread ({@code skipChildren}). No
 * tree, no per-record type lookup: trees are built only to describe a rejected value. Timestamps
 * in the usual ISO form are read by {@link IsoTime} without java.time. UTF-8 is checked first
 * ({@link Utf8}), so a record is rejected as a whole and with the position of its first bad byte.
 * Errors are reported as if the whole record were read first: a syntax error anywhere wins over a
 * field's error, and of several fields' errors the first declared field's (a member given twice
 * counts with its last value). Cost: linear in the record; about 0.4–0.5 µs for a 110-byte record
 * of five fields ({@code DecodeBenchmark} in load-tests).
 *
 * <p>Thread-safe: every call makes its own parser from one shared factory; the only shared mutable
 * state is {@link MemberOrder}'s guesses, which need no synchronization.
 */
public final class EventDecoder {

    /** A placeholder for an id derived once the record is read. */
    private static final long DERIVED = 0;

    private final StreamLayout stream;
    private final StreamLayout.Field timeField;
    /** The declared id field; null when events are identified by their content. */
    private final StreamLayout.Field idField;
    private final StreamLayout.Field[] fields;
    private final MemberOrder order;
    private final FieldReader reader;
    private final int maxRecordBytes;

    /** A decoder with the default record limit ({@link InputLimits#DEFAULT_MAX_RECORD_BYTES}). */
    public EventDecoder(StreamLayout stream) {
        this(stream, InputLimits.DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * @param stream the stream whose events this decodes
     * @param maxRecordBytes longer records are rejected as {@link RejectReason#OVERSIZE}
     * @throws IllegalArgumentException if the stream declares no usable event-time field, or an id
     *     field that is not among its fields
     */
    public EventDecoder(StreamLayout stream, int maxRecordBytes) {
        this.stream = Objects.requireNonNull(stream, "stream");
        if (stream.timeField() == null) {
            throw new IllegalArgumentException("stream " + stream.name() + " declares no event-time field ('time FIELD'): "
                    + "a backtest runs in event time");
        }
        this.timeField = stream.field(stream.timeField());
        if (timeField == null) {
            throw new IllegalArgumentException("stream " + stream.name() + ": its time field '" + stream.timeField()
                    + "' is not among its fields");
        }
        this.idField = stream.idField() == null ? null : stream.field(stream.idField());
        if (stream.idField() != null && idField == null) {
            throw new IllegalArgumentException("stream " + stream.name() + ": its id field '" + stream.idField()
                    + "' is not among its fields");
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be at least 1, was " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
        this.fields = stream.fields().toArray(StreamLayout.Field[]::new);
        this.order = new MemberOrder(stream.fields());
        this.reader = new FieldReader(timeField, stream.timeFormat());
    }

    public StreamLayout stream() {
        return stream;
    }

    /** Longer records are rejected as {@link RejectReason#OVERSIZE}. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /**
     * Decodes {@code buf[offset, offset + length)} into an event whose id is derived from the record:
     * from its id field's value if the stream declares one, else from its bytes (see the class comment).
     *
     * @throws RejectedEventException with the reason and a message, for anything but a valid event
     *     (a declared id field missing or null is {@link RejectReason#MISSING_ID}); nothing else for
     *     any content of {@code buf}
     * @throws IndexOutOfBoundsException if the range is not in {@code buf}
     */
    public Event decode(byte[] buf, int offset, int length) throws RejectedEventException {
        return decode(buf, offset, length, DERIVED, true);
    }

    /**
     * Decodes {@code buf[offset, offset + length)} into an event with the given id (the id field, if
     * declared, is still required).
     *
     * @param id the event's id
     * @throws RejectedEventException with the reason and a message, for anything but a valid event;
     *     nothing else for any content of {@code buf}
     * @throws IndexOutOfBoundsException if the range is not in {@code buf}
     */
    public Event decode(byte[] buf, int offset, int length, long id) throws RejectedEventException {
        return decode(buf, offset, length, id, false);
    }

    private Event decode(byte[] buf, int offset, int length, long id, boolean derive) throws RejectedEventException {
        Objects.checkFromIndexSize(offset, length, buf.length);
        if (length > maxRecordBytes) {
            throw tooLong(length);
        }
        int bad = Utf8.firstInvalid(buf, offset, offset + length);
        if (bad >= 0) {
            throw new RejectedEventException(RejectReason.INVALID_UTF8, "not valid UTF-8 at byte " + (bad - offset + 1)
                    + String.format(" (0x%02X)", buf[bad] & 0xff));
        }
        JsonParser p = null;
        try {
            p = Json.FACTORY.createParser(buf, offset, length);
            return read(p, buf, offset, length, id, derive);
        } catch (StreamConstraintsException e) {
            throw constraint(e, p);
        } catch (JsonProcessingException e) {
            throw new RejectedEventException(RejectReason.INVALID_JSON, Json.error(e));
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array", e);
        } catch (RuntimeException e) {
            // the input boundary: whatever a record does to the parser, it is that record's problem
            throw new RejectedEventException(RejectReason.INVALID_JSON, "not valid JSON: " + e.getMessage());
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException e) {
                    // a byte array has nothing to close
                }
            }
        }
    }

    /** As {@link #decode(byte[], int, int)} with the UTF-8 bytes of {@code text}. */
    public Event decode(String text) throws RejectedEventException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return decode(bytes, 0, bytes.length);
    }

    /** As {@link #decode(byte[], int, int, long)} with the UTF-8 bytes of {@code text}. */
    public Event decode(String text, long id) throws RejectedEventException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return decode(bytes, 0, bytes.length, id);
    }

    /** The rejection of a record of {@code length} bytes, for a reader that skips it unread. */
    public RejectedEventException tooLong(long length) {
        return new RejectedEventException(RejectReason.OVERSIZE, "too long: " + length + " bytes, the limit is "
                + maxRecordBytes);
    }

    private Event read(JsonParser p, byte[] buf, int offset, int length, long id, boolean derive)
            throws IOException, RejectedEventException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw Rejections.notAnObject(buf, offset, length);
        }
        Object[] values = new Object[fields.length];
        RejectedEventException[] errors = null;
        int previous = order.start();
        int i;
        while ((i = order.nextMember(p, previous)) != MemberOrder.END) {
            JsonToken t = p.nextToken();
            if (i == MemberOrder.UNDECLARED) {
                p.skipChildren();
                continue;
            }
            previous = i;
            StreamLayout.Field f = fields[i];
            if (t == JsonToken.VALUE_NULL) {
                values[i] = null;
            } else {
                try {
                    values[i] = reader.read(f, t, p);
                } catch (RejectedEventException e) {
                    values[i] = null;
                    if (errors == null) {
                        errors = new RejectedEventException[values.length];
                    }
                    errors[i] = e;
                    continue;
                }
            }
            if (errors != null) {
                errors[i] = null;
            }
        }
        if (p.nextToken() != null) {
            throw new RejectedEventException(RejectReason.INVALID_JSON, "not valid JSON: more than one value on the line");
        }
        if (errors != null) {
            for (RejectedEventException e : errors) {
                if (e != null) {
                    throw e;
                }
            }
        }
        Object time = values[timeField.index()];
        if (time == null) {
            throw new RejectedEventException(RejectReason.MISSING_TIME, "missing event time '" + timeField.name() + "'");
        }
        Object declaredId = idField == null ? null : values[idField.index()];
        if (idField != null && declaredId == null) {
            throw new RejectedEventException(RejectReason.MISSING_ID, "missing event id '" + idField.name() + "'");
        }
        if (derive) {
            id = declaredId != null ? EventIds.ofId(declaredId.toString()) : EventIds.ofContent(buf, offset, length);
        }
        return new Event(id, (Long) time, values);
    }

    /** A limit of the parser: a number longer than {@link Json#MAX_NUMBER_CHARS}, or nesting too deep. */
    private static RejectedEventException constraint(StreamConstraintsException e, JsonParser p) {
        if (!e.getOriginalMessage().startsWith("Number value length")) {
            return new RejectedEventException(RejectReason.INVALID_JSON, Json.error(e));
        }
        String name = null;
        try {
            name = p == null ? null : p.currentName();
        } catch (IOException ignored) {
            // no name then
        }
        return new RejectedEventException(RejectReason.NUMBER_OUT_OF_RANGE, (name == null ? "" : "field " + name + ": ")
                + "expected " + Rejections.NUMBER_RANGE + ", got a number of more than " + Json.MAX_NUMBER_CHARS
                + " characters");
    }
}
