package io.cepheus.core;

import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Format 4 of a key's state (see {@link KeyStateCodec}): what format 3 holds, in fewer bytes. Every
 * commit writes each changed key's state to the store's changelog, so its size is bytes through the
 * producer, the broker and RocksDB for every event.
 *
 * <pre>
 * byte 4, long earliestTimer            fixed width, at the head: read without decoding the rest
 * zlong base                            the first event's timestamp (0 without events)
 * uint events, event*                   long id (fixed: a hash), zlong timestamp - base, uint n, value*
 * uint runs, run*                       uint incarnation, uint states, uint nodes, node*, matches, matches
 *   node                                uint parent + 1, uint step, uint event, zlong seq - previous seq
 *   matches                             uint n; each: uint state, uint node + 1, zlong start - base,
 *                                       zlong startSeq - previous seq, uint n, value*
 * uint aggregateRuns, aggregateRun*, baselines   as in format 3 ({@link WindowStateCodec})
 * </pre>
 *
 * {@code uint} is an unsigned LEB128 varint, {@code zlong} a zigzag varint; sequence numbers are
 * written as the difference to the one written before them (nodes and matches in order, from 0).
 * Values carry format 3's tags, with numbers as varints, and a string seen before in the same state is
 * written as a reference to it ({@code 10, uint n}: the n-th distinct string written): the key's own
 * field, which each of its events holds, and values such as an event type are written once per state.
 * Not thread-safe: an instance encodes one state at a time (its codec reuses it, see {@link
 * #encoder}) or decodes one state.
 */
final class KeyStateFormat4 {

    static final byte VERSION = 4;

    private static final byte STRING_REF = 10;
    /** Distinct strings found by a linear scan up to this many, then through a map. */
    private static final int LINEAR = 8;

    /** An output buffer that grew past this is not kept for the next state. */
    private static final int KEPT_OUTPUT = 64 * 1024;

    private final List<String> strings = new ArrayList<>();
    private Map<String, Integer> stringIndex;
    private long base;
    private long seq;
    // encoding only
    private final IdentityIds<Event> events = new IdentityIds<>();
    private final List<IdentityIds<Node>> nodeIds = new ArrayList<>();
    private StateOutput out;

    private KeyStateFormat4() {}

    /**
     * An encoder, to be reused from one state to the next (a commit encodes every changed key's
     * state, and an encoder's numberings and output buffer are most of what an encoding would
     * otherwise allocate) by one thread at a time.
     */
    static KeyStateFormat4 encoder() {
        return new KeyStateFormat4();
    }

    /** {@code state} in format 4. */
    byte[] encode(KeyState state) {
        try {
            return write(state);
        } finally {
            reset();
        }
    }

    private void reset() {
        strings.clear();
        stringIndex = null;
        base = 0;
        seq = 0;
        events.clear();
        for (int i = 0; i < nodeIds.size(); i++) {
            nodeIds.get(i).clear();
        }
        if (out.capacity() > KEPT_OUTPUT) {
            out = null;
        } else {
            out.reset();
        }
    }

    private byte[] write(KeyState state) {
        if (out == null) {
            out = new StateOutput(1024);
        }
        while (nodeIds.size() < state.size) {
            nodeIds.add(new IdentityIds<>());
        }
        for (int r = 0; r < state.size; r++) {
            number(state.runs[r], events, nodeIds.get(r));
        }
        out.writeByte(VERSION);
        out.writeLong(state.earliestTimer());
        base = events.size() == 0 ? 0 : events.get(0).timestamp();
        out.writeSignedVarLong(base);
        out.writeVarInt(events.size());
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            out.writeLong(e.id());
            out.writeSignedVarLong(e.timestamp() - base);
            out.writeVarInt(e.size());
            for (int v = 0; v < e.size(); v++) {
                writeValue(out, e.get(v), null);
            }
        }
        out.writeVarInt(state.size);
        for (int r = 0; r < state.size; r++) {
            writeRun(out, state.runs[r], nodeIds.get(r), events);
        }
        out.writeVarInt(state.aggSize);
        for (int r = 0; r < state.aggSize; r++) {
            WindowStateCodec.writeAggRun(out, state.aggRuns[r]);
        }
        WindowStateCodec.writeBaselines(out, state.baselines);
        return out.toByteArray();
    }

    /** The nodes of {@code run}'s partial and held matches, parents first; their events and referenced events into {@code events}. */
    static IdentityIds<Node> number(RuleRun run, IdentityIds<Event> events) {
        IdentityIds<Node> nodes = new IdentityIds<>();
        number(run, events, nodes);
        return nodes;
    }

    /** {@link #number(RuleRun, IdentityIds)} into {@code nodes}, which is empty. */
    private static void number(RuleRun run, IdentityIds<Event> events, IdentityIds<Node> nodes) {
        List<PartialMatch> partials = run.partials;
        List<PartialMatch> held = run.held;
        for (int i = 0, n = partials.size(); i < n; i++) {
            number(partials.get(i).node, nodes);
        }
        for (int i = 0, n = held.size(); i < n; i++) {
            number(held.get(i).node, nodes);
        }
        for (int i = 0; i < nodes.size(); i++) {
            events.add(nodes.get(i).event);
        }
        for (int i = 0, n = partials.size(); i < n; i++) {
            collectEventRefs(partials.get(i).aggregates, events);
        }
        for (int i = 0, n = held.size(); i < n; i++) {
            collectEventRefs(held.get(i).aggregates, events);
        }
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

    private void writeRun(StateOutput out, RuleRun run, IdentityIds<Node> nodes, IdentityIds<Event> events) {
        out.writeVarInt(run.rule.incarnation());
        out.writeVarInt(run.rule.program().states().size());
        out.writeVarInt(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            out.writeVarInt(n.parent == null ? 0 : nodes.indexOf(n.parent) + 1);
            out.writeVarInt(n.step);
            out.writeVarInt(events.indexOf(n.event));
            out.writeSignedVarLong(n.seq - seq);
            seq = n.seq;
        }
        writeMatches(out, run.partials, nodes, events);
        writeMatches(out, run.held, nodes, events);
    }

    private void writeMatches(StateOutput out, List<PartialMatch> matches, IdentityIds<Node> nodes,
                              IdentityIds<Event> events) {
        out.writeVarInt(matches.size());
        for (int i = 0, n = matches.size(); i < n; i++) { // no iterator: one encoding per changed key and commit
            PartialMatch pm = matches.get(i);
            out.writeVarInt(pm.state.id);
            out.writeVarInt(pm.node == null ? 0 : nodes.indexOf(pm.node) + 1);
            out.writeSignedVarLong(pm.startTimestamp - base);
            out.writeSignedVarLong(pm.startSeq - seq);
            seq = pm.startSeq;
            out.writeVarInt(pm.aggregates.length);
            for (Object a : pm.aggregates) {
                writeValue(out, a, events);
            }
        }
    }

    private void writeValue(StateOutput out, Object v, IdentityIds<Event> events) {
        switch (v) {
            case null -> out.writeByte(KeyStateCodec.NULL);
            case Boolean b -> out.writeByte(b ? KeyStateCodec.TRUE : KeyStateCodec.FALSE);
            case Integer i -> {
                out.writeByte(KeyStateCodec.INT);
                out.writeSignedVarLong(i);
            }
            case Long l -> {
                out.writeByte(KeyStateCodec.LONG);
                out.writeSignedVarLong(l);
            }
            case Double d -> {
                out.writeByte(KeyStateCodec.DOUBLE);
                out.writeDouble(d);
            }
            case BigDecimal d -> {
                out.writeByte(KeyStateCodec.DECIMAL);
                out.writeSignedVarLong(d.scale());
                byte[] unscaled = d.unscaledValue().toByteArray();
                out.writeVarInt(unscaled.length);
                out.write(unscaled);
            }
            case String s -> writeString(out, s);
            case Event e when events != null -> {
                out.writeByte(KeyStateCodec.EVENT_REF);
                out.writeVarInt(events.indexOf(e));
            }
            case Aggregates.Avg a -> {
                out.writeByte(KeyStateCodec.AVG);
                writeValue(out, a.sum(), events);
                out.writeSignedVarLong(a.count());
            }
            default -> throw new IllegalArgumentException("cannot store a value of type " + v.getClass().getName()
                    + " (allowed: null, Boolean, Integer, Long, Double, BigDecimal, String)");
        }
    }

    private void writeString(StateOutput out, String s) {
        int seen = indexOf(s);
        if (seen >= 0) {
            out.writeByte(STRING_REF);
            out.writeVarInt(seen);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeByte(KeyStateCodec.STRING);
        out.writeVarInt(utf8.length);
        out.write(utf8);
        addString(s);
    }

    private int indexOf(String s) {
        if (stringIndex != null) {
            return stringIndex.getOrDefault(s, -1);
        }
        for (int i = 0; i < strings.size(); i++) {
            if (strings.get(i).equals(s)) {
                return i;
            }
        }
        return -1;
    }

    private void addString(String s) {
        strings.add(s);
        if (stringIndex != null) {
            stringIndex.put(s, strings.size() - 1);
        } else if (strings.size() > LINEAR) {
            stringIndex = new HashMap<>();
            for (int i = 0; i < strings.size(); i++) {
                stringIndex.put(strings.get(i), i);
            }
        }
    }

    // ------------------------------------------------------------------ decoding

    /**
     * Reads the head, events and runs of a state of format 4 from {@code in}, past its version byte:
     * each run whose rule is loaded (as {@link KeyStateCodec#loaded} decides), null for each that is
     * not. The caller reads the aggregate runs and baselines that follow.
     */
    static List<RuleRun> decodeRuns(DataInputStream in, KeyStateCodec codec) throws IOException {
        return new KeyStateFormat4().read(in, codec);
    }

    private List<RuleRun> read(DataInputStream in, KeyStateCodec codec) throws IOException {
        in.readLong(); // the earliest timer: the runs' own timers are their next deadlines
        base = StateOutput.readSignedVarLong(in);
        int eventCount = StateOutput.readVarInt(in);
        List<Event> events = new ArrayList<>(Math.min(eventCount, 1024));
        for (int i = 0; i < eventCount; i++) {
            long id = in.readLong();
            long ts = base + StateOutput.readSignedVarLong(in);
            Object[] values = new Object[StateOutput.readVarInt(in)];
            for (int v = 0; v < values.length; v++) {
                values[v] = readValue(in, null);
            }
            events.add(new Event(id, ts, values));
        }
        int runCount = StateOutput.readVarInt(in);
        List<RuleRun> runs = new ArrayList<>(Math.min(runCount, 1024));
        for (int r = 0; r < runCount; r++) {
            runs.add(readRun(in, events, codec));
        }
        return runs;
    }

    private RuleRun readRun(DataInputStream in, List<Event> events, KeyStateCodec codec) throws IOException {
        int incarnation = StateOutput.readVarInt(in);
        int stateCount = StateOutput.readVarInt(in);
        Node[] nodes = new Node[StateOutput.readVarInt(in)];
        for (int i = 0; i < nodes.length; i++) {
            int parent = StateOutput.readVarInt(in) - 1;
            int step = StateOutput.readVarInt(in);
            Event event = events.get(StateOutput.readVarInt(in));
            seq += StateOutput.readSignedVarLong(in);
            nodes[i] = new Node(parent < 0 ? null : nodes[parent], step, event, seq);
        }
        RuleRuntime rule = codec.loaded(incarnation, stateCount);
        List<PartialMatch> partials = readMatches(in, rule, nodes, events);
        List<PartialMatch> held = readMatches(in, rule, nodes, events);
        return rule == null ? null : KeyStateCodec.run(rule, partials, held);
    }

    private List<PartialMatch> readMatches(DataInputStream in, RuleRuntime rule, Node[] nodes, List<Event> events)
            throws IOException {
        int count = StateOutput.readVarInt(in);
        List<PartialMatch> matches = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            int stateId = StateOutput.readVarInt(in);
            int node = StateOutput.readVarInt(in) - 1;
            long startTs = base + StateOutput.readSignedVarLong(in);
            seq += StateOutput.readSignedVarLong(in);
            Object[] aggs = new Object[StateOutput.readVarInt(in)];
            for (int a = 0; a < aggs.length; a++) {
                aggs[a] = readValue(in, events);
            }
            if (rule != null) {
                matches.add(new PartialMatch(rule.program().state(stateId), node < 0 ? null : nodes[node], startTs, seq, aggs));
            }
        }
        return matches;
    }

    private Object readValue(DataInputStream in, List<Event> events) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case KeyStateCodec.NULL -> null;
            case KeyStateCodec.TRUE -> Boolean.TRUE;
            case KeyStateCodec.FALSE -> Boolean.FALSE;
            case KeyStateCodec.INT -> (int) StateOutput.readSignedVarLong(in);
            case KeyStateCodec.LONG -> StateOutput.readSignedVarLong(in);
            case KeyStateCodec.DOUBLE -> in.readDouble();
            case KeyStateCodec.DECIMAL -> {
                int scale = (int) StateOutput.readSignedVarLong(in);
                byte[] unscaled = new byte[StateOutput.readVarInt(in)];
                in.readFully(unscaled);
                yield new BigDecimal(new BigInteger(unscaled), scale);
            }
            case KeyStateCodec.STRING -> {
                byte[] utf8 = new byte[StateOutput.readVarInt(in)];
                in.readFully(utf8);
                String s = new String(utf8, StandardCharsets.UTF_8);
                strings.add(s);
                yield s;
            }
            case STRING_REF -> strings.get(StateOutput.readVarInt(in));
            case KeyStateCodec.EVENT_REF -> events.get(StateOutput.readVarInt(in));
            case KeyStateCodec.AVG -> {
                Object sum = readValue(in, events);
                yield new Aggregates.Avg(sum, StateOutput.readSignedVarLong(in));
            }
            default -> throw new IOException("unknown value tag " + tag);
        };
    }
}
