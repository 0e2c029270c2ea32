package io.cepheus.server.dataplane;

import io.cepheus.core.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The bytes of a {@link Routed} record on the repartition topic (events and watermarks; dead letters
 * go elsewhere as their original bytes). Format (big-endian, strings as
 * a length and UTF-8): a tag byte, then for {@code E} (an event) key space, key, stream, id, timestamp,
 * the value count and each value as a type byte and its bytes; for {@code W} (a watermark) stream,
 * partition, watermark and idle. Values are those of cep-core's {@link Event}: null, Boolean,
 * Integer, Long, Double, BigDecimal, String. Stateless and thread-safe.
 */
final class KeyedSerde implements Serde<Routed>, Serializer<Routed>, Deserializer<Routed> {

    private static final byte EVENT = 'E';
    private static final byte WATERMARK = 'W';
    private static final byte NULL = 0;
    private static final byte FALSE = 1;
    private static final byte TRUE = 2;
    private static final byte INT = 3;
    private static final byte LONG = 4;
    private static final byte DOUBLE = 5;
    private static final byte DECIMAL = 6;
    private static final byte STRING = 7;

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}

    @Override
    public Serializer<Routed> serializer() {
        return this;
    }

    @Override
    public Deserializer<Routed> deserializer() {
        return this;
    }

    @Override
    public byte[] serialize(String topic, Routed record) {
        if (record == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            switch (record) {
                case Routed.KeyedEvent e -> {
                    out.writeByte(EVENT);
                    writeString(out, e.keySpace());
                    writeString(out, e.key());
                    writeString(out, e.stream());
                    writeEvent(out, e.event());
                }
                case Routed.Watermark w -> {
                    out.writeByte(WATERMARK);
                    writeString(out, w.stream());
                    out.writeInt(w.partition());
                    out.writeLong(w.watermark());
                    out.writeBoolean(w.idle());
                }
                case Routed.DeadLetter d -> throw new IllegalArgumentException("a dead letter is not sent to " + topic);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Routed deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte tag = in.readByte();
            return switch (tag) {
                case EVENT -> new Routed.KeyedEvent(readString(in), readString(in), readString(in), readEvent(in));
                case WATERMARK -> new Routed.Watermark(readString(in), in.readInt(), in.readLong(), in.readBoolean());
                default -> throw new SerializationException("not a keyed record of topic " + topic + ": tag " + tag);
            };
        } catch (IOException e) {
            throw new SerializationException("a truncated keyed record of topic " + topic, e);
        }
    }

    private static void writeEvent(DataOutputStream out, Event e) throws IOException {
        out.writeLong(e.id());
        out.writeLong(e.timestamp());
        out.writeShort(e.size());
        for (int i = 0; i < e.size(); i++) {
            Object v = e.get(i);
            switch (v) {
                case null -> out.writeByte(NULL);
                case Boolean b -> out.writeByte(b ? TRUE : FALSE);
                case Integer n -> {
                    out.writeByte(INT);
                    out.writeInt(n);
                }
                case Long n -> {
                    out.writeByte(LONG);
                    out.writeLong(n);
                }
                case Double d -> {
                    out.writeByte(DOUBLE);
                    out.writeDouble(d);
                }
                case BigDecimal d -> {
                    out.writeByte(DECIMAL);
                    out.writeInt(d.scale());
                    byte[] unscaled = d.unscaledValue().toByteArray();
                    out.writeShort(unscaled.length);
                    out.write(unscaled);
                }
                case String s -> {
                    out.writeByte(STRING);
                    writeString(out, s);
                }
                default -> throw new IllegalArgumentException("an event value of type " + v.getClass().getName());
            }
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new SerializationException("a string of " + n + " bytes in a keyed record");
        }
        byte[] utf8 = new byte[n];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static Event readEvent(DataInputStream in) throws IOException {
        long id = in.readLong();
        long timestamp = in.readLong();
        Object[] values = new Object[in.readUnsignedShort()];
        for (int i = 0; i < values.length; i++) {
            byte type = in.readByte();
            values[i] = switch (type) {
                case NULL -> null;
                case FALSE -> Boolean.FALSE;
                case TRUE -> Boolean.TRUE;
                case INT -> in.readInt();
                case LONG -> in.readLong();
                case DOUBLE -> in.readDouble();
                case DECIMAL -> {
                    int scale = in.readInt();
                    byte[] unscaled = new byte[in.readUnsignedShort()];
                    in.readFully(unscaled);
                    yield new BigDecimal(new BigInteger(unscaled), scale);
                }
                case STRING -> readString(in);
                default -> throw new SerializationException("unknown value type " + type);
            };
        }
        return new Event(id, timestamp, values);
    }
}
