package io.cepheus.core;

import io.cepheus.core.state.KeyedStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The binary snapshot format of an engine.
 *
 * <pre>
 * int    magic 0x43455048 ("CEPH")
 * int    format version (1)
 * byte   time mode (0 event time, 1 processing time)
 * long   watermark, processing time, event sequence, arrival counter
 * int    buffered events; each: long timestamp, long arrival, bytes key, event
 * then per key: byte 1, bytes key, bytes key-state (see {@link KeyStateCodec}); finally byte 0
 * </pre>
 *
 * "bytes" is an int length and the bytes; keys are UTF-8. Timers are not written: they are
 * rebuilt from the partial matches on restore.
 */
final class Snapshots {

    static final int MAGIC = 0x43455048;
    static final int FORMAT_VERSION = 1;

    record Header(TimeMode timeMode, long watermark, long processingTime, long sequence, long arrivals) {}

    private Snapshots() {}

    static void write(OutputStream target, Header header, EventTimeBuffer buffer, KeyedStore<KeyState> store,
                      KeyStateCodec codec) {
        try {
            DataOutputStream out = new DataOutputStream(target);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeByte(header.timeMode().ordinal());
            out.writeLong(header.watermark());
            out.writeLong(header.processingTime());
            out.writeLong(header.sequence());
            out.writeLong(header.arrivals());
            out.writeInt(buffer.size());
            IOException[] failure = new IOException[1];
            buffer.forEachInOrder(e -> {
                try {
                    out.writeLong(e.timestamp());
                    out.writeLong(e.arrival());
                    writeBytes(out, e.key().getBytes(StandardCharsets.UTF_8));
                    KeyStateCodec.writeEvent(out, e.event());
                } catch (IOException x) {
                    failure[0] = x;
                }
            });
            store.forEach((key, state) -> {
                try {
                    out.writeByte(1);
                    writeBytes(out, key.getBytes(StandardCharsets.UTF_8));
                    writeBytes(out, codec.encode(state));
                } catch (IOException x) {
                    failure[0] = x;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            out.writeByte(0);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot: " + e.getMessage(), e);
        }
    }

    static Header read(InputStream source, EventTimeBuffer buffer, KeyedStore<KeyState> store, KeyStateCodec codec) {
        try {
            DataInputStream in = new DataInputStream(source);
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IllegalStateException("not a Cepheus snapshot (magic " + Integer.toHexString(magic) + ")");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalStateException("snapshot format version " + version + " is not supported (this build reads "
                        + FORMAT_VERSION + ")");
            }
            int mode = in.readByte();
            if (mode < 0 || mode >= TimeMode.values().length) {
                throw new IllegalStateException("corrupt snapshot: time mode " + mode);
            }
            Header header = new Header(TimeMode.values()[mode], in.readLong(), in.readLong(), in.readLong(), in.readLong());
            int buffered = in.readInt();
            for (int i = 0; i < buffered; i++) {
                long ts = in.readLong();
                long arrival = in.readLong();
                String key = new String(readBytes(in), StandardCharsets.UTF_8);
                buffer.add(ts, arrival, key, KeyStateCodec.readEvent(in));
            }
            while (in.readByte() == 1) {
                String key = new String(readBytes(in), StandardCharsets.UTF_8);
                KeyState state = codec.decode(readBytes(in));
                if (!state.isEmpty()) {
                    store.put(key, state);
                }
            }
            return header;
        } catch (EOFException e) {
            throw new IllegalStateException("truncated snapshot", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read snapshot: " + e.getMessage(), e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 30)) {
            throw new IllegalStateException("corrupt snapshot: length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
