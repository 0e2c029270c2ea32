package io.cepheus.server.dataplane;

import io.cepheus.core.Event;
import io.cepheus.core.EventCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The bytes of a {@link Routed} record on the repartition topic (events and watermarks; dead letters
 * go elsewhere as their original bytes). Format (big-endian, strings as
 * a length and UTF-8): a tag byte, then for {@code E} (an event) key space, key, stream and the
 * event in cep-core's form ({@link EventCodec}); for {@code W} (a watermark) stream, partition,
 * watermark and idle. Stateless and thread-safe.
 */
final class KeyedSerde implements Serde<Routed>, Serializer<Routed>, Deserializer<Routed> {

    private static final byte EVENT = 'E';
    private static final byte WATERMARK = 'W';

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
                    EventCodec.write(out, e.event());
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
                case EVENT -> new Routed.KeyedEvent(readString(in), readString(in), readString(in), EventCodec.read(in), false);
                case WATERMARK -> new Routed.Watermark(readString(in), in.readInt(), in.readLong(), in.readBoolean());
                default -> throw new SerializationException("not a keyed record of topic " + topic + ": tag " + tag);
            };
        } catch (IOException e) {
            throw new SerializationException("a truncated keyed record of topic " + topic, e);
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

}
