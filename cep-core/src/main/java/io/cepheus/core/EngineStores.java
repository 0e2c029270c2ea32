package io.cepheus.core;

import io.cepheus.core.state.KeyedStore;
import io.cepheus.core.state.StateBackend;
import io.cepheus.core.state.StateCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where an engine's state lives: four stores of one backend, named after the engine.
 *
 * <ul>
 *   <li>{@code NAME.keys}: per key, its partial matches, windows and baselines ({@link KeyStateCodec}),
 *       headed by the earliest deadline of its runs, so that reopening registers one timer per key
 *       without decoding key states;
 *   <li>{@code NAME.timers}: what state written before that head was introduced has instead, an
 *       index of the earliest deadline per key (one more write for every key whose deadline
 *       moved); no longer written, and emptied when an engine opens;
 *   <li>{@code NAME.buffer}: the events waiting for the watermark, in chunks: each persist writes
 *       the events buffered since the last one as one entry (or a few, of at most {@value
 *       #CHUNK_BYTES} bytes), {@code chunk/FIRST-ARRIVAL}, with the latest event time in it; a chunk
 *       is deleted once the watermark has passed that time. An engine reopening loads the chunks
 *       and keeps the events after its stored watermark: those at or before it were taken when it
 *       got there (the buffer releases every event the watermark passes, and takes no event at or
 *       behind it). So an event costs no write of its own, and one that waits across a commit no
 *       delete of its own — on the repartition path, where the events of one commit interval wait
 *       for the other partitions' watermarks, that was two changelog records per event. (State
 *       written before chunks has one entry per event, keyed by (timestamp, arrival); an engine
 *       opening over such state rewrites it as chunks.)
 *   <li>{@code NAME.meta}: the clocks ({@link TimeState}; entry {@code clock}), the rule
 *       incarnations ({@code rules}) and the pattern rules' counts of partial matches over all keys
 *       ({@code counts}: one entry for all rules, written at a flush when one moved — a runtime
 *       flushes before each commit, and one entry costs less than one per rule; state written before
 *       it was introduced has an entry per rule, {@code live/INCARNATION}, read when {@code counts}
 *       is missing and removed as its rule is unloaded).
 * </ul>
 *
 * <p>Key states are written as keys change; the buffer and the clocks when the
 * engine {@linkplain #persist persists its time state} (on flush and on rule changes), so that after
 * a flush the stores hold everything an engine reopened over them needs to continue exactly.
 */
final class EngineStores {

    private static final String CLOCK = "clock";
    private static final String CHUNK = "chunk/";
    /** A chunk is closed once its bytes pass this (a changelog record stays well below Kafka's 1 MB). */
    static final int CHUNK_BYTES = 128 * 1024;
    private static final byte CHUNK_VERSION = 1;
    private static final String RULES = "rules";
    private static final String COUNTS = "counts";
    private static final String LIVE = "live/";
    private static final byte META_VERSION = 1;

    final KeyedStore<KeyState> keys;
    private final KeyedStore<long[]> timers;
    private final KeyedStore<byte[]> buffer;
    private final KeyedStore<byte[]> meta;

    /** The stored chunks of buffered events: key, and the latest event time in the chunk. */
    private final java.util.Map<String, Long> chunks = new java.util.LinkedHashMap<>();

    /** What the meta entry holds. */
    record Meta(TimeMode timeMode, TimeState time, List<RuleTable.Entry> rules, int nextIncarnation) {}

    EngineStores(StateBackend backend, String name, KeyStateCodec codec) {
        List<KeyedStore<?>> opened = new ArrayList<>();
        try {
            keys = track(opened, backend.open(name + ".keys", codec));
            timers = track(opened, backend.open(name + ".timers", LONGS));
            buffer = track(opened, backend.open(name + ".buffer", StateCodec.bytes()));
            meta = track(opened, backend.open(name + ".meta", StateCodec.bytes()));
        } catch (RuntimeException e) {
            opened.forEach(KeyedStore::close);
            throw e;
        }
    }

    /** Deletes the state of the engine {@code name} from {@code backend}; its stores must not be open. */
    static void delete(StateBackend backend, String name) {
        for (String store : List.of(name + ".keys", name + ".timers", name + ".buffer", name + ".meta")) {
            KeyedStore<byte[]> s = backend.open(store, StateCodec.bytes());
            try {
                s.clear();
                s.flush();
            } finally {
                s.close();
            }
        }
    }

    private static <V> KeyedStore<V> track(List<KeyedStore<?>> opened, KeyedStore<V> store) {
        opened.add(store);
        return store;
    }

    // ------------------------------------------------------------------ timers

    /** Every (key, earliest deadline of its runs) of the keys that have one, read from the heads of their states. */
    void forEachTimer(KeyStateCodec codec, java.util.function.ObjLongConsumer<String> action) {
        keys.forEachEncoded((key, bytes) -> {
            long deadline = codec.earliestTimer(bytes);
            if (deadline != RuleRun.NO_TIMER) {
                action.accept(key, deadline);
            }
        });
    }

    /** Empties the timer index of state written before key states were headed by their earliest deadline. */
    void dropTimerIndex() {
        boolean[] any = {false};
        timers.forEachEncoded((key, bytes) -> any[0] = true);
        if (any[0]) {
            timers.clear();
        }
    }

    // ------------------------------------------------------------------ buffer

    /**
     * Writes the buffer's changes since it was last persisted: the chunks the watermark has passed
     * are deleted, the events added since (and still buffered) written as new chunks.
     */
    void persistBuffer(EventTimeBuffer events, long arrivals, long watermark) {
        var stored = chunks.entrySet().iterator();
        while (stored.hasNext()) {
            var chunk = stored.next();
            if (chunk.getValue() <= watermark) {
                buffer.remove(chunk.getKey());
                stored.remove();
            }
        }
        List<EventTimeBuffer.Entry> added = new ArrayList<>();
        events.forEachAddedSincePersisted(added::add);
        int from = 0;
        while (from < added.size()) {
            StateOutput out = new StateOutput(1024);
            int i = from;
            long first = Long.MAX_VALUE;
            long latest = Long.MIN_VALUE;
            for (; i < added.size() && (i == from || out.size() < CHUNK_BYTES); i++) {
                EventTimeBuffer.Entry e = added.get(i);
                first = Math.min(first, e.arrival());
                latest = Math.max(latest, e.timestamp());
                out.writeLong(e.timestamp());
                out.writeLong(e.arrival());
                out.writeString(e.key());
                KeyStateCodec.writeEvent(out, e.event());
            }
            StateOutput chunk = new StateOutput(out.size() + 17);
            chunk.writeByte(CHUNK_VERSION);
            chunk.writeLong(latest);
            chunk.writeInt(i - from);
            chunk.write(out.toByteArray());
            String key = CHUNK + hex(first);
            buffer.put(key, chunk.toByteArray());
            chunks.put(key, latest);
            from = i;
        }
        events.markPersisted(arrivals);
    }

    /**
     * Loads the stored buffer into {@code events} (which should be empty): the events after {@code
     * watermark}, the engine's stored one. State written before chunks is rewritten as chunks at the
     * next persist.
     */
    void loadBuffer(EventTimeBuffer events, long arrivals, long watermark) {
        List<EventTimeBuffer.Entry> entries = new ArrayList<>();
        List<String> perEvent = new ArrayList<>();
        buffer.forEach((key, bytes) -> {
            if (key.startsWith(CHUNK)) {
                chunks.put(key, readChunk(bytes, entries));
            } else {
                perEvent.add(key);
                entries.add(readEntry(bytes));
            }
        });
        entries.removeIf(e -> e.timestamp() <= watermark);
        entries.sort(EventTimeBuffer.ORDER);
        for (EventTimeBuffer.Entry e : entries) {
            events.add(e.timestamp(), e.arrival(), e.key(), e.event());
        }
        if (perEvent.isEmpty()) {
            events.markPersisted(arrivals);
        } else { // written before chunks: everything goes into new chunks
            perEvent.forEach(buffer::remove);
            chunks.keySet().forEach(buffer::remove);
            chunks.clear();
            events.markPersisted(0);
        }
    }

    private static String hex(long v) {
        String h = Long.toHexString(v);
        return "0".repeat(16 - h.length()) + h;
    }

    /** Adds a chunk's events to {@code entries}; returns the latest event time in it. */
    private static long readChunk(byte[] bytes, List<EventTimeBuffer.Entry> entries) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != CHUNK_VERSION) {
                throw new IllegalStateException("unknown buffer chunk format version " + version);
            }
            long latest = in.readLong();
            for (int n = in.readInt(); n > 0; n--) {
                entries.add(new EventTimeBuffer.Entry(in.readLong(), in.readLong(), StateOutput.readString(in),
                        KeyStateCodec.readEvent(in)));
            }
            return latest;
        } catch (IOException x) {
            throw new IllegalStateException("corrupt buffered events: " + x.getMessage(), x);
        }
    }

    /** A buffered event as state written before chunks has it: {@code long timestamp, long arrival, UTF key, event}. */
    private static EventTimeBuffer.Entry readEntry(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return new EventTimeBuffer.Entry(in.readLong(), in.readLong(), in.readUTF(), KeyStateCodec.readEvent(in));
        } catch (IOException x) {
            throw new IllegalStateException("corrupt buffered event: " + x.getMessage(), x);
        }
    }

    // ------------------------------------------------------------------ meta

    /** Writes the clocks (one small entry, rewritten at every persist). */
    void persistClock(TimeMode mode, TimeState time) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(META_VERSION);
            out.writeByte(mode.ordinal());
            writeTime(out, time);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        meta.put(CLOCK, bytes.toByteArray());
    }

    /** Writes the rule incarnations (on rule changes); the per-rule counts are entries of their own. */
    void persistRules(List<RuleTable.Entry> rules, int nextIncarnation) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(META_VERSION);
            writeRules(out, rules, nextIncarnation);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        meta.put(RULES, bytes.toByteArray());
    }

    /** Writes every loaded pattern rule's count of partial matches: int n, then n × (int incarnation, long count). */
    void persistLive(RuleTable table) {
        java.nio.ByteBuffer counts = java.nio.ByteBuffer.allocate(Integer.BYTES
                + table.patterns.length * (Integer.BYTES + Long.BYTES));
        counts.putInt(0);
        int[] n = {0};
        table.forEachLive((incarnation, count) -> {
            counts.putInt(incarnation).putLong(count);
            n[0]++;
        });
        counts.putInt(0, n[0]);
        meta.put(COUNTS, Arrays.copyOf(counts.array(), counts.position()));
    }

    /** Removes the count an unloaded incarnation may have in the per-rule form of older state. */
    void forgetLive(int incarnation) {
        meta.remove(LIVE + incarnation);
    }

    /** The stored counts by incarnation: the {@code counts} entry, else (older state) the per-rule entries. */
    private java.util.function.IntToLongFunction readCounts() {
        byte[] all = meta.get(COUNTS);
        if (all == null) {
            return incarnation -> {
                byte[] live = meta.get(LIVE + incarnation);
                return live == null ? 0 : java.nio.ByteBuffer.wrap(live).getLong();
            };
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all);
        java.util.Map<Integer, Long> counts = new java.util.HashMap<>();
        for (int i = b.getInt(); i > 0; i--) {
            counts.put(b.getInt(), b.getLong());
        }
        return incarnation -> counts.getOrDefault(incarnation, 0L);
    }

    /** The stored clocks, incarnations and counts, or null for a new store. */
    Meta readMeta(List<String> inputs) {
        byte[] clock = meta.get(CLOCK);
        byte[] rules = meta.get(RULES);
        if (clock == null || rules == null) {
            return null;
        }
        try (DataInputStream c = new DataInputStream(new ByteArrayInputStream(clock));
             DataInputStream r = new DataInputStream(new ByteArrayInputStream(rules))) {
            checkVersion(c.readByte());
            TimeMode mode = timeMode(c.readByte());
            TimeState t = readTime(c, inputs);
            checkVersion(r.readByte());
            int next = r.readInt();
            List<RuleTable.Entry> entries = new ArrayList<>();
            java.util.function.IntToLongFunction counts = readCounts();
            for (RuleTable.Entry e : readRules(r)) {
                long count = counts.applyAsLong(e.incarnation());
                entries.add(new RuleTable.Entry(e.incarnation(), e.aggregate(), e.id(), e.version(), e.fingerprint(),
                        e.drainUntil(), count));
            }
            return new Meta(mode, t, entries, next);
        } catch (IOException x) {
            throw new IllegalStateException("corrupt engine state: " + x.getMessage(), x);
        }
    }

    /** The meta part of a snapshot: clocks, incarnations and counts together. */
    static void writeMeta(DataOutputStream out, Meta m) throws IOException {
        out.writeByte(META_VERSION);
        out.writeByte(m.timeMode().ordinal());
        writeTime(out, m.time());
        writeRules(out, m.rules(), m.nextIncarnation());
        for (RuleTable.Entry e : m.rules()) {
            out.writeLong(e.livePartialMatches());
        }
    }

    /**
     * Reads the meta part of a snapshot into a time state over {@code inputs}: the watermarks of
     * inputs that were stored are taken over; a new input starts with none.
     */
    static Meta readMeta(DataInputStream in, List<String> inputs) throws IOException {
        checkVersion(in.readByte());
        TimeMode mode = timeMode(in.readByte());
        TimeState t = readTime(in, inputs);
        int next = in.readInt();
        List<RuleTable.Entry> entries = new ArrayList<>();
        for (RuleTable.Entry e : readRules(in)) {
            entries.add(new RuleTable.Entry(e.incarnation(), e.aggregate(), e.id(), e.version(), e.fingerprint(),
                    e.drainUntil(), 0));
        }
        for (int i = 0; i < entries.size(); i++) {
            RuleTable.Entry e = entries.get(i);
            entries.set(i, new RuleTable.Entry(e.incarnation(), e.aggregate(), e.id(), e.version(), e.fingerprint(),
                    e.drainUntil(), in.readLong()));
        }
        return new Meta(mode, t, entries, next);
    }

    private static void checkVersion(byte version) {
        if (version != META_VERSION) {
            throw new IllegalStateException("unknown engine state format version " + version + " (this build reads "
                    + META_VERSION + ")");
        }
    }

    private static TimeMode timeMode(int mode) {
        if (mode < 0 || mode >= TimeMode.values().length) {
            throw new IllegalStateException("corrupt engine state: time mode " + mode);
        }
        return TimeMode.values()[mode];
    }

    private static void writeTime(DataOutputStream out, TimeState t) throws IOException {
        out.writeInt(t.inputs.size());
        for (int i = 0; i < t.inputs.size(); i++) {
            out.writeUTF(t.inputs.get(i));
            out.writeLong(t.inputWatermarks[i]);
            out.writeBoolean(t.idle[i]);
        }
        out.writeLong(t.watermark);
        out.writeLong(t.processingTime);
        out.writeLong(t.sequence);
        out.writeLong(t.arrivals);
    }

    private static TimeState readTime(DataInputStream in, List<String> inputs) throws IOException {
        TimeState t = new TimeState(inputs);
        int storedInputs = in.readInt();
        for (int i = 0; i < storedInputs; i++) {
            String name = in.readUTF();
            long w = in.readLong();
            boolean idle = in.readBoolean();
            int at = inputs.indexOf(name);
            if (at >= 0) {
                t.inputWatermarks[at] = w;
                t.idle[at] = idle;
            }
        }
        t.watermark = in.readLong();
        t.processingTime = in.readLong();
        t.sequence = in.readLong();
        t.arrivals = in.readLong();
        return t;
    }

    /** The incarnation table, without the counts. */
    private static void writeRules(DataOutputStream out, List<RuleTable.Entry> rules, int nextIncarnation)
            throws IOException {
        out.writeInt(nextIncarnation);
        out.writeInt(rules.size());
        for (RuleTable.Entry e : rules) {
            out.writeInt(e.incarnation());
            out.writeBoolean(e.aggregate());
            out.writeUTF(e.id().value());
            out.writeLong(e.version());
            out.writeLong(e.fingerprint());
            out.writeLong(e.drainUntil());
        }
    }

    private static List<RuleTable.Entry> readRules(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<RuleTable.Entry> rules = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rules.add(new RuleTable.Entry(in.readInt(), in.readBoolean(), RuleId.of(in.readUTF()), in.readLong(),
                    in.readLong(), in.readLong(), 0));
        }
        return rules;
    }

    // ------------------------------------------------------------------ life cycle

    /** Removes everything (before a snapshot is restored). */
    void clear() {
        chunks.clear();
        keys.clear();
        timers.clear();
        buffer.clear();
        meta.clear();
    }

    void flush() {
        keys.flush();
        timers.flush();
        buffer.flush();
        meta.flush();
    }

    void close() {
        keys.close();
        timers.close();
        buffer.close();
        meta.close();
    }


    private static final StateCodec<long[]> LONGS = new StateCodec<>() {
        @Override
        public byte[] encode(long[] value) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(value.length * Long.BYTES);
            b.asLongBuffer().put(value);
            return b.array();
        }

        @Override
        public long[] decode(byte[] bytes) {
            if (bytes.length % Long.BYTES != 0) {
                throw new IllegalStateException("corrupt timer index entry of " + bytes.length + " bytes");
            }
            long[] value = new long[bytes.length / Long.BYTES];
            java.nio.ByteBuffer.wrap(bytes).asLongBuffer().get(value);
            return value;
        }
    };
}
