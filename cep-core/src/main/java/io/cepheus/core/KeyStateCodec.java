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
 * <p>Format version 3: {@code byte 3, long earliestTimer, int events, event*, int runs, run*, int
 * aggregateRuns, aggregateRun*, baselines}; the aggregate runs and baselines are written by {@link
 * WindowStateCodec}; see the methods for the layout of each part. The earliest timer ({@link
 * RuleRun#NO_TIMER}, {@code Long.MAX_VALUE}, for none) is what an engine reopening over its store
 * needs of each key — it registers one timer per key at it — and so it comes first, where {@link
 * #earliestTimer(byte[])} reads it without decoding the rest (a key's state used to have an index
 * entry of its own for it: one more write for each key whose earliest deadline moved). Version 2,
 * the same without the timer, is still read. Values are tagged (null,
 * boolean, int, long, double, decimal, string, event reference, average). All numbers big-endian
 * ({@link DataOutputStream}).
 */
final class KeyStateCodec implements StateCodec<KeyState> {

    static final byte VERSION = 3;
    /** The format before the earliest timer came first; read, never written. */
    static final byte VERSION_2 = 2;

    private static final byte NULL = 0;
    private static final byte TRUE = 1;
    private static final byte FALSE = 2;
    private static final byte INT = 3;
    private static final byte LONG = 4;
    private static final byte DOUBLE = 5;
    private static final byte DECIMAL = 6;
    private static final byte STRING = 7;
    private static final byte EVENT_REF = 8;
    private static final byte AVG = 9;

    private final IntFunction<RuleRuntime> rules;
    /** The engine's rule generation: a decoded state holds only loaded rules' runs, so it is current. */
    private final java.util.function.IntSupplier generation;
    private final WindowStateCodec windows;
    private long discarded;

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
        StateOutput out = new StateOutput(256);
        {
            IdentityIds<Event> events = new IdentityIds<>();
            List<IdentityIds<Node>> nodeIds = new ArrayList<>(state.size);
            for (int r = 0; r < state.size; r++) {
                RuleRun run = state.runs[r];
                IdentityIds<Node> nodes = new IdentityIds<>();
                for (PartialMatch pm : run.partials) {
                    number(pm.node, nodes);
                }
                for (PartialMatch pm : run.held) {
                    number(pm.node, nodes);
                }
                nodeIds.add(nodes);
                for (int i = 0; i < nodes.size(); i++) {
                    events.add(nodes.get(i).event);
                }
                for (PartialMatch pm : run.partials) {
                    collectEventRefs(pm.aggregates, events);
                }
                for (PartialMatch pm : run.held) {
                    collectEventRefs(pm.aggregates, events);
                }
            }
            out.writeByte(VERSION);
            out.writeLong(state.earliestTimer());
            out.writeInt(events.size());
            for (int i = 0; i < events.size(); i++) {
                writeEvent(out, events.get(i));
            }
            out.writeInt(state.size);
            for (int r = 0; r < state.size; r++) {
                writeRun(out, state.runs[r], nodeIds.get(r), events);
            }
            out.writeInt(state.aggSize);
            for (int r = 0; r < state.aggSize; r++) {
                WindowStateCodec.writeAggRun(out, state.aggRuns[r]);
            }
            WindowStateCodec.writeBaselines(out, state.baselines);
        }
        return out.toByteArray();
    }

    private static void collectEventRefs(Object[] aggregates, IdentityIds<Event> events) {
        for (Object a : aggregates) {
            if (a instanceof Event e) {
                events.add(e);
            }
        }
    }

    /** Numbers {@code last} and its ancestors that are not numbered yet, parents first. */
    private static void number(Node last, IdentityIds<Node> ids) {
        if (last == null || ids.indexOf(last) >= 0) {
            return;
        }
        if (last.parent == null || ids.indexOf(last.parent) >= 0) {
            ids.append(last); // the usual case: one new node
            return;
        }
        List<Node> chain = new ArrayList<>();
        for (Node n = last; n != null && ids.indexOf(n) < 0; n = n.parent) {
            chain.add(n);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            ids.append(chain.get(i));
        }
    }

    private static void writeRun(StateOutput out, RuleRun run, IdentityIds<Node> nodes, IdentityIds<Event> events) {
        out.writeInt(run.rule.incarnation());
        out.writeInt(run.rule.program().states().size());
        out.writeInt(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            out.writeInt(n.parent == null ? -1 : nodes.indexOf(n.parent));
            out.writeInt(n.step);
            out.writeInt(events.indexOf(n.event));
            out.writeLong(n.seq);
        }
        writeMatches(out, run.partials, nodes, events);
        writeMatches(out, run.held, nodes, events);
    }

    private static void writeMatches(StateOutput out, List<PartialMatch> matches, IdentityIds<Node> nodes,
                                     IdentityIds<Event> events) {
        out.writeInt(matches.size());
        for (PartialMatch pm : matches) {
            out.writeInt(pm.state.id);
            out.writeInt(pm.node == null ? -1 : nodes.indexOf(pm.node));
            out.writeLong(pm.startTimestamp);
            out.writeLong(pm.startSeq);
            out.writeInt(pm.aggregates.length);
            for (Object a : pm.aggregates) {
                writeValue(out, a, events);
            }
        }
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
            if (version == VERSION) {
                in.readLong(); // the earliest timer: the runs' own timers are their next deadlines
            } else if (version != VERSION_2) {
                throw new IllegalStateException("unknown key state format version " + version + " (this build reads "
                        + VERSION_2 + " and " + VERSION + ")");
            }
            int eventCount = in.readInt();
            List<Event> events = new ArrayList<>(eventCount);
            for (int i = 0; i < eventCount; i++) {
                events.add(readEvent(in));
            }
            KeyState state = new KeyState();
            int runs = in.readInt();
            for (int r = 0; r < runs; r++) {
                RuleRun run = readRun(in, events);
                if (run != null) {
                    state.add(run);
                } else {
                    state.discardedOnDecode = true;
                }
            }
            int aggRuns = in.readInt();
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

    /**
     * The earliest deadline of the runs of the state in {@code bytes} ({@link RuleRun#NO_TIMER}:
     * none): read from its head, or — for a state of format version 2 — by decoding it.
     */
    long earliestTimer(byte[] bytes) {
        if (bytes.length > Long.BYTES && bytes[0] == VERSION) {
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
        RuleRuntime rule = rules.apply(incarnation);
        boolean usable = rule != null && rule.program().states().size() == stateCount;
        RuleRun run = usable ? new RuleRun(rule) : null;
        List<PartialMatch> partials = readMatches(in, rule, usable, nodes, events);
        List<PartialMatch> held = readMatches(in, rule, usable, nodes, events);
        if (!usable) {
            discarded++;
            return null;
        }
        run.partials = partials;
        run.held = held;
        run.timer = run.nextDeadline();
        return run;
    }

    private static List<PartialMatch> readMatches(DataInputStream in, RuleRuntime rule, boolean usable, Node[] nodes,
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
            if (usable) {
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
