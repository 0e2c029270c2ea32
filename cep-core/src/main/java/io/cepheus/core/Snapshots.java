package io.cepheus.core;

import io.cepheus.core.state.KeyedStore;
import io.cepheus.core.window.Baseline;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary snapshot format of an engine.
 *
 * <pre>
 * int    magic 0x43455048 ("CEPH")
 * int    format version (2)
 * meta   the engine's clocks and rule incarnations (see {@link EngineStores#writeMeta})
 * int    buffered events; each: long timestamp, long arrival, bytes key, event
 * then per key, in key order: byte 1, bytes key, bytes key-state (see {@link KeyStateCodec}); finally byte 0
 * </pre>
 *
 * "bytes" is an int length and the bytes; keys are UTF-8. Timers are not written: they are
 * rebuilt from the partial matches on restore. Key states refer to rules by the incarnations of the
 * engine that wrote them; the meta part says which rule (id, version, shape) each one is, so a
 * restoring engine maps them to its own.
 */
final class Snapshots {

    static final int MAGIC = 0x43455048;
    static final int FORMAT_VERSION = 2;

    /** What a snapshot held: its meta part and the decoded key states that the restoring engine can use. */
    record Restored(EngineStores.Meta meta, Map<String, KeyState> states, long discarded) {}

    private Snapshots() {}

    static void write(OutputStream target, EngineStores.Meta meta, EventTimeBuffer buffer, KeyedStore<KeyState> store,
                      KeyStateCodec codec) {
        try {
            DataOutputStream out = new DataOutputStream(target);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            EngineStores.writeMeta(out, meta);
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
            if (failure[0] != null) {
                throw failure[0];
            }
            List<String> keys = new ArrayList<>();
            store.forEach((key, state) -> keys.add(key));
            keys.sort(null);
            for (String key : keys) {
                out.writeByte(1);
                writeBytes(out, key.getBytes(StandardCharsets.UTF_8));
                writeBytes(out, codec.encode(store.get(key)));
            }
            out.writeByte(0);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a snapshot: buffered events go into {@code buffer}; key states are decoded for the
     * rules of {@code table} (state of rules it does not hold in the same version and shape is
     * dropped and counted).
     */
    static Restored read(InputStream source, List<String> inputs, EventTimeBuffer buffer, RuleTable table,
                         List<Baseline> baselines) {
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
            EngineStores.Meta meta = EngineStores.readMeta(in, inputs);
            Map<Integer, Object> translated = new HashMap<>();
            for (RuleTable.Entry e : meta.rules()) {
                Object rule = table.match(e);
                if (rule != null) {
                    translated.put(e.incarnation(), rule);
                }
            }
            KeyStateCodec codec = new KeyStateCodec(
                    inc -> translated.get(inc) instanceof RuleRuntime r ? r : null,
                    inc -> translated.get(inc) instanceof AggRuleRuntime a ? a : null, baselines, () -> table.generation);
            int buffered = in.readInt();
            for (int i = 0; i < buffered; i++) {
                long ts = in.readLong();
                long arrival = in.readLong();
                String key = new String(readBytes(in), StandardCharsets.UTF_8);
                buffer.add(ts, arrival, key, KeyStateCodec.readEvent(in));
            }
            Map<String, KeyState> states = new LinkedHashMap<>();
            while (in.readByte() == 1) {
                String key = new String(readBytes(in), StandardCharsets.UTF_8);
                KeyState state = codec.decode(readBytes(in));
                if (!state.isEmpty()) {
                    states.put(key, state);
                }
            }
            return new Restored(meta, states, codec.discarded());
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
