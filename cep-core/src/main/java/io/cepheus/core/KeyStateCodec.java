package io.cepheus.core;

import io.cepheus.core.state.StateCodec;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Binary form of a {@link KeyState}: the earliest deadline of its runs, then its events once each, then per rule the nodes reachable from
 * its partial and held matches (parents before children), then the matches. Rule states refer to
 * their rule by incarnation (see {@link RuleTable}) and carry the rule's state count, so a state
 * whose rule is gone, was replaced or was compiled differently is dropped on decode (counted by the
 * caller through {@link #discarded()}, and flagged on the decoded state so that it is rewritten).
 * Timers are not written — a run's timer is always its next deadline — so the bytes are a function
 * of the logical state alone: equal states encode to equal bytes on every backend.
 *
 * <p>Format version 4 ({@link KeyStateFormat4}, written): {@code byte 4, long earliestTimer}, then
 * the events, runs, aggregate runs and baselines with varints for counts, indexes and numbers, times
 * and sequence numbers as differences, and each distinct string written once per state. The earliest
 * timer ({@link RuleRun#NO_TIMER}, {@code Long.MAX_VALUE}, for none) is what an engine reopening over
 * its store needs of each key — it registers one timer per key at it — and so it comes first, fixed
 * width, where {@link #earliestTimer(byte[])} reads it without decoding the rest (a key's state used
 * to have an index entry of its own for it: one more write for each key whose earliest deadline
 * moved). Still read: version 3, {@code byte 3, long earliestTimer, int events, event*, int runs,
 * run*, int aggregateRuns, aggregateRun*, baselines} with fixed-width big-endian numbers ({@link
 * DataOutputStream}) and every string in full, and version 2, the same without the timer. The
 * aggregate runs and baselines are written by {@link WindowStateCodec} in every version. Values are
 * tagged (null, boolean, int, long, double, decimal, string, event reference, average).
 *
 * <p>Not thread-safe: it reuses one encoder, as its engine is used by one thread at a time.
 */
final class KeyStateCodec implements StateCodec<KeyState> {

    static final byte VERSION = KeyStateFormat4.VERSION;
    /** Format 4's content with fixed-width numbers; read, never written. */
    static final byte VERSION_3 = 3;
    /** The format before the earliest timer came first; read, never written. */
    static final byte VERSION_2 = 2;

    static final byte NULL = 0;
    static final byte TRUE = 1;
    static final byte FALSE = 2;
    static final byte INT = 3;
    static final byte LONG = 4;
    static final byte DOUBLE = 5;
    static final byte DECIMAL = 6;
    static final byte STRING = 7;
    static final byte EVENT_REF = 8;
    static final byte AVG = 9;

    private final IntFunction<RuleRuntime> rules;
    /** The engine's rule generation: a decoded state holds only loaded rules' runs, so it is current. */
    private final java.util.function.IntSupplier generation;
    private final WindowStateCodec windows;
    private long discarded;
    /** Reused from one state to the next: the codec, as its engine, is used by one thread at a time. */
    private final KeyStateFormat4 encoder = KeyStateFormat4.encoder();

    /**
     * @param rules the loaded pattern rule of an incarnation, or null
     * @param aggregateRules the loaded aggregate rule of an incarnation, or null
     * @param generation the engine's current rule generation (see {@link RuleTable#generation})
     */
    KeyStateCodec(IntFunction<RuleRuntime> rules, IntFunction<AggRuleRuntime> aggregateRules,
                  List<io.cepheus.core.window.Baseline> baselines, java.util.function.IntSupplier generation) {
        this.rules = rules;
        this.generation = generation;
        this.windows = new WindowStateCodec(aggregateRules, baselines);
    }

    /** Rule states dropped by {@link #decode} since this codec was made. */
    long discarded() {
        return discarded + windows.discarded();
    }

    @Override
    public byte[] encode(KeyState state) {
        return encoder.encode(state);
    }

    /** {@link #writeEvent(StateOutput, Event)} to a stream. */
    static void writeEvent(DataOutputStream out, Event e) throws IOException {
        StateOutput bytes = new StateOutput(64);
        writeEvent(bytes, e);
        out.write(bytes.toByteArray());
    }

    static void writeEvent(StateOutput out, Event e) {
        out.writeLong(e.id());
        out.writeLong(e.timestamp());
        out.writeInt(e.size());
        for (int i = 0; i < e.size(); i++) {
            writeValue(out, e.get(i), null);
        }
    }

    static void writeValue(StateOutput out, Object v, IdentityIds<Event> events) {
        switch (v) {
            case null -> out.writeByte(NULL);
            case Boolean b -> out.writeByte(b ? TRUE : FALSE);
            case Integer i -> {
                out.writeByte(INT);
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte(LONG);
                out.writeLong(l);
            }
            case Double d -> {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            }
            case BigDecimal d -> {
                out.writeByte(DECIMAL);
                out.writeInt(d.scale());
                byte[] unscaled = d.unscaledValue().toByteArray();
                out.writeInt(unscaled.length);
                out.write(unscaled);
            }
            case String s -> {
                out.writeByte(STRING);
                byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
            case Event e when events != null -> {
                out.writeByte(EVENT_REF);
                out.writeInt(events.indexOf(e));
            }
            case Aggregates.Avg a -> {
                out.writeByte(AVG);
                writeValue(out, a.sum(), events);
                out.writeLong(a.count());
            }
            default -> throw new IllegalArgumentException("cannot store a value of type " + v.getClass().getName()
                    + " (allowed: null, Boolean, Integer, Long, Double, BigDecimal, String)");
        }
    }

    @Override
    public KeyState decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            KeyState state = new KeyState();
            List<RuleRun> runs = switch (version) {
                case VERSION -> KeyStateFormat4.decodeRuns(in, this);
                case VERSION_3, VERSION_2 -> readRuns(in, version);
                default -> throw new IllegalStateException("unknown key state format version " + version
                        + " (this build reads " + VERSION_2 + " to " + VERSION + ")");
            };
            for (RuleRun run : runs) {
                if (run != null) {
                    state.add(run);
                } else {
                    state.discardedOnDecode = true;
                }
            }
            int aggRuns = version == VERSION ? StateOutput.readVarInt(in) : in.readInt();
            for (int r = 0; r < aggRuns; r++) {
                AggRun run = windows.readAggRun(in);
                if (run != null) {
                    state.add(run);
                } else {
                    state.discardedOnDecode = true;
                }
            }
            state.baselines = windows.readBaselines(in);
            state.generation = generation.getAsInt();
            return state;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt key state: " + e.getMessage(), e);
        }
    }

    /** The events and runs of a state of format 2 or 3, past the version byte (null for a run whose rule is gone). */
    private List<RuleRun> readRuns(DataInputStream in, byte version) throws IOException {
        if (version == VERSION_3) {
            in.readLong(); // the earliest timer: the runs' own timers are their next deadlines
        }
        int eventCount = in.readInt();
        List<Event> events = new ArrayList<>(eventCount);
        for (int i = 0; i < eventCount; i++) {
            events.add(readEvent(in));
        }
        int count = in.readInt();
        List<RuleRun> runs = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            runs.add(readRun(in, events));
        }
        return runs;
    }

    /**
     * The loaded rule of {@code incarnation} if it has {@code stateCount} states — a state of it can
     * be used — else null, counted as discarded.
     */
    RuleRuntime loaded(int incarnation, int stateCount) {
        RuleRuntime rule = rules.apply(incarnation);
        if (rule != null && rule.program().states().size() == stateCount) {
            return rule;
        }
        discarded++;
        return null;
    }

    /** A decoded run, its timer its next deadline. */
    static RuleRun run(RuleRuntime rule, List<PartialMatch> partials, List<PartialMatch> held) {
        RuleRun run = new RuleRun(rule);
        run.partials = partials;
        run.held = held;
        run.timer = run.nextDeadline();
        return run;
    }

    /**
     * The earliest deadline of the runs of the state in {@code bytes} ({@link RuleRun#NO_TIMER}:
     * none): read from its head (formats 3 and 4), or — for a state of format 2 — by decoding it.
     */
    long earliestTimer(byte[] bytes) {
        if (bytes.length > Long.BYTES && (bytes[0] == VERSION || bytes[0] == VERSION_3)) {
            return java.nio.ByteBuffer.wrap(bytes, 1, Long.BYTES).getLong();
        }
        return decode(bytes).earliestTimer();
    }

    private RuleRun readRun(DataInputStream in, List<Event> events) throws IOException {
        int incarnation = in.readInt();
        int stateCount = in.readInt();
        int nodeCount = in.readInt();
        Node[] nodes = new Node[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            int parent = in.readInt();
            int step = in.readInt();
            Event event = events.get(in.readInt());
            long seq = in.readLong();
            nodes[i] = new Node(parent < 0 ? null : nodes[parent], step, event, seq);
        }
        RuleRuntime rule = loaded(incarnation, stateCount);
        List<PartialMatch> partials = readMatches(in, rule, nodes, events);
        List<PartialMatch> held = readMatches(in, rule, nodes, events);
        return rule == null ? null : run(rule, partials, held);
    }

    private static List<PartialMatch> readMatches(DataInputStream in, RuleRuntime rule, Node[] nodes,
                                                  List<Event> events) throws IOException {
        int count = in.readInt();
        List<PartialMatch> matches = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int stateId = in.readInt();
            int node = in.readInt();
            long startTs = in.readLong();
            long startSeq = in.readLong();
            int aggCount = in.readInt();
            Object[] aggs = new Object[aggCount];
            for (int a = 0; a < aggCount; a++) {
                aggs[a] = readValue(in, events);
            }
            if (rule != null) {
                matches.add(new PartialMatch(rule.program().state(stateId), node < 0 ? null : nodes[node], startTs, startSeq, aggs));
            }
        }
        return matches;
    }

    static Event readEvent(DataInputStream in) throws IOException {
        long id = in.readLong();
        long ts = in.readLong();
        int n = in.readInt();
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            values[i] = readValue(in, null);
        }
        return new Event(id, ts, values);
    }

    static Object readValue(DataInputStream in, List<Event> events) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case DECIMAL -> {
                int scale = in.readInt();
                byte[] unscaled = new byte[in.readInt()];
                in.readFully(unscaled);
                yield new BigDecimal(new BigInteger(unscaled), scale);
            }
            case STRING -> {
                byte[] utf8 = new byte[in.readInt()];
                in.readFully(utf8);
                yield new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
            }
            case EVENT_REF -> events.get(in.readInt());
            case AVG -> {
                Object sum = readValue(in, events);
                yield new Aggregates.Avg(sum, in.readLong());
            }
            default -> throw new IOException("unknown value tag " + tag);
        };
    }
}
