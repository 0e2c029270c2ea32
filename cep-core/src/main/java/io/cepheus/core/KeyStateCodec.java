package io.cepheus.core;

import io.cepheus.core.state.StateCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Binary form of a {@link KeyState}: its events once each, then per rule the nodes reachable from
 * its partial and held matches (parents before children), then the matches. Rule states refer to
 * their rule by id and carry the rule's state count, so a state whose rule is gone or was compiled
 * differently is dropped on decode (counted by the caller through {@link #discarded()}).
 *
 * <p>Format version 1: {@code byte 1, int events, event*, int runs, run*}; see the methods for
 * the layout of each part. All numbers big-endian ({@link DataOutputStream}).
 */
final class KeyStateCodec implements StateCodec<KeyState> {

    static final byte VERSION = 1;

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

    private final Function<String, RuleRuntime> rules;
    private final Function<String, AggRuleRuntime> aggregateRules;
    private final List<io.cepheus.core.window.Baseline> baselines;
    private long discarded;

    /**
     * @param rules the loaded pattern rule with that id, or null
     * @param aggregateRules the loaded aggregate rule with that id, or null
     */
    KeyStateCodec(Function<String, RuleRuntime> rules, Function<String, AggRuleRuntime> aggregateRules,
                  List<io.cepheus.core.window.Baseline> baselines) {
        this.rules = rules;
        this.aggregateRules = aggregateRules;
        this.baselines = baselines;
    }

    /** Rule states dropped by {@link #decode} since this codec was made. */
    long discarded() {
        return discarded;
    }

    @Override
    public byte[] encode(KeyState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Map<Event, Integer> events = new IdentityHashMap<>();
            List<Event> eventList = new ArrayList<>();
            List<Map<Node, Integer>> nodeIds = new ArrayList<>();
            List<List<Node>> nodeLists = new ArrayList<>();
            for (int r = 0; r < state.size; r++) {
                RuleRun run = state.runs[r];
                Map<Node, Integer> ids = new IdentityHashMap<>();
                List<Node> order = new ArrayList<>();
                run.partials.forEach(pm -> number(pm.node, ids, order));
                run.held.forEach(pm -> number(pm.node, ids, order));
                nodeIds.add(ids);
                nodeLists.add(order);
                for (Node n : order) {
                    events.computeIfAbsent(n.event, e -> {
                        eventList.add(e);
                        return eventList.size() - 1;
                    });
                }
                for (PartialMatch pm : run.partials) {
                    collectEventRefs(pm.aggregates, events, eventList);
                }
                for (PartialMatch pm : run.held) {
                    collectEventRefs(pm.aggregates, events, eventList);
                }
            }
            out.writeByte(VERSION);
            out.writeInt(eventList.size());
            for (Event e : eventList) {
                writeEvent(out, e);
            }
            out.writeInt(state.size);
            for (int r = 0; r < state.size; r++) {
                writeRun(out, state.runs[r], nodeIds.get(r), nodeLists.get(r), events);
            }
            out.writeInt(state.aggSize);
            for (int r = 0; r < state.aggSize; r++) {
                writeAggRun(out, state.aggRuns[r]);
            }
            writeBaselines(out, state.baselines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void collectEventRefs(Object[] aggregates, Map<Event, Integer> events, List<Event> list) {
        for (Object a : aggregates) {
            if (a instanceof Event e) {
                events.computeIfAbsent(e, x -> {
                    list.add(x);
                    return list.size() - 1;
                });
            }
        }
    }

    /** Numbers {@code last} and its ancestors, parents first. */
    private static void number(Node last, Map<Node, Integer> ids, List<Node> order) {
        List<Node> chain = new ArrayList<>();
        for (Node n = last; n != null && !ids.containsKey(n); n = n.parent) {
            chain.add(n);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            ids.put(chain.get(i), order.size());
            order.add(chain.get(i));
        }
    }

    private static void writeRun(DataOutputStream out, RuleRun run, Map<Node, Integer> ids, List<Node> nodes,
                                 Map<Event, Integer> events) throws IOException {
        out.writeUTF(run.rule.id().value());
        out.writeInt(run.rule.program().states().size());
        out.writeLong(run.timer);
        out.writeInt(nodes.size());
        for (Node n : nodes) {
            out.writeInt(n.parent == null ? -1 : ids.get(n.parent));
            out.writeInt(n.step);
            out.writeInt(events.get(n.event));
            out.writeLong(n.seq);
        }
        writeMatches(out, run.partials, ids, events);
        writeMatches(out, run.held, ids, events);
    }

    private static void writeMatches(DataOutputStream out, List<PartialMatch> matches, Map<Node, Integer> ids,
                                     Map<Event, Integer> events) throws IOException {
        out.writeInt(matches.size());
        for (PartialMatch pm : matches) {
            out.writeInt(pm.state.id);
            out.writeInt(pm.node == null ? -1 : ids.get(pm.node));
            out.writeLong(pm.startTimestamp);
            out.writeLong(pm.startSeq);
            out.writeInt(pm.aggregates.length);
            for (Object a : pm.aggregates) {
                writeValue(out, a, events);
            }
        }
    }

    static void writeEvent(DataOutputStream out, Event e) throws IOException {
        out.writeLong(e.id());
        out.writeLong(e.timestamp());
        out.writeInt(e.size());
        for (int i = 0; i < e.size(); i++) {
            writeValue(out, e.get(i), null);
        }
    }

    private static void writeValue(DataOutputStream out, Object v, Map<Event, Integer> events) throws IOException {
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
                out.writeInt(events.get(e));
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

    // ------------------------------------------------------------------ baselines

    private static void writeBaselines(DataOutputStream out, BaselineState state) throws IOException {
        if (state == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(state.rings.length);
        for (BaselineState.Ring ring : state.rings) {
            int live = 0;
            for (long start : ring.starts) {
                live += start == Long.MIN_VALUE ? 0 : 1;
            }
            out.writeInt(ring.starts.length);
            out.writeInt(live);
            for (int i = 0; i < ring.starts.length; i++) {
                if (ring.starts[i] != Long.MIN_VALUE) {
                    out.writeInt(i);
                    out.writeLong(ring.starts[i]);
                    out.writeLong(ring.counts[i]);
                    writeValue(out, ring.sums[i], null);
                    writeValue(out, ring.mins[i], null);
                    writeValue(out, ring.maxs[i], null);
                }
            }
        }
    }

    /** Reads baselines; they are kept only if the engine declares the same number with the same bucket counts. */
    private BaselineState readBaselines(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            return baselines.isEmpty() ? null : new BaselineState(baselines);
        }
        BaselineState state = new BaselineState(baselines);
        boolean fits = count == baselines.size();
        for (int b = 0; b < count; b++) {
            int buckets = in.readInt();
            int live = in.readInt();
            boolean ringFits = fits && baselines.get(b).buckets() == buckets;
            fits &= ringFits;
            for (int k = 0; k < live; k++) {
                int i = in.readInt();
                long start = in.readLong();
                long n = in.readLong();
                Object sum = readValue(in, null);
                Object min = readValue(in, null);
                Object max = readValue(in, null);
                if (ringFits) {
                    BaselineState.Ring ring = state.rings[b];
                    ring.starts[i] = start;
                    ring.counts[i] = n;
                    ring.sums[i] = sum;
                    ring.mins[i] = min;
                    ring.maxs[i] = max;
                }
            }
        }
        if (!fits) {
            discarded++;
            return baselines.isEmpty() ? null : new BaselineState(baselines);
        }
        return state;
    }

    // ------------------------------------------------------------------ aggregate runs

    private static final byte SLIDING = 0;
    private static final byte FIXED = 1;
    private static final byte SESSION = 2;

    private static void writeAggRun(DataOutputStream out, AggRun run) throws IOException {
        out.writeUTF(run.rule.id().value());
        out.writeInt(run.rule.measures().size());
        out.writeLong(run.timer);
        switch (run) {
            case AggRun.Sliding s -> {
                out.writeByte(SLIDING);
                out.writeBoolean(s.armed);
                out.writeLong(s.firedAt);
                out.writeLong(s.overflowSeen[0]);
                out.writeInt(s.entries.size());
                for (int k = 0; k < s.entries.size(); k++) {
                    out.writeLong(s.entries.timestamp(k));
                    out.writeLong(s.entries.sequence(k));
                    for (int m = 0; m < s.accs.length; m++) {
                        writeValue(out, s.entries.input(k, m), null);
                    }
                }
                writeAccs(out, s.accs);
            }
            case AggRun.Fixed f -> {
                out.writeByte(FIXED);
                out.writeLong(f.overflowSeen[0]);
                out.writeInt(f.windows.size());
                for (var w : f.windows.entrySet()) {
                    out.writeLong(w.getKey());
                    out.writeLong(w.getValue().count);
                    out.writeLong(w.getValue().lastEventId);
                    writeAccs(out, w.getValue().accs);
                }
            }
            case AggRun.Session s -> {
                out.writeByte(SESSION);
                out.writeLong(s.overflowSeen[0]);
                out.writeLong(s.count);
                if (s.count > 0) {
                    out.writeLong(s.first);
                    out.writeLong(s.last);
                    out.writeLong(s.lastEventId);
                    writeAccs(out, s.accs);
                }
            }
        }
    }

    private static void writeAccs(DataOutputStream out, MeasureAcc[] accs) throws IOException {
        for (MeasureAcc acc : accs) {
            switch (acc) {
                case MeasureAcc.Count c -> {
                    out.writeByte(0);
                    out.writeLong(c.n);
                }
                case MeasureAcc.Sum s -> {
                    out.writeByte(1);
                    out.writeBoolean(s.average);
                    out.writeLong(s.n);
                    out.writeBoolean(s.integral);
                    out.writeLong(s.longSum);
                    writeValue(out, s.sum, null);
                }
                case MeasureAcc.Extreme x -> {
                    out.writeByte(2);
                    out.writeBoolean(x.min);
                    writePairs(out, x.deque);
                }
                case MeasureAcc.Ordered o -> {
                    out.writeByte(3);
                    out.writeBoolean(o.first);
                    writePairs(out, o.values);
                }
                case MeasureAcc.Distinct d -> {
                    out.writeByte(4);
                    out.writeInt(d.cap);
                    out.writeLong(d.overflow);
                    out.writeInt(d.counts.size());
                    for (var e : d.counts.entrySet()) {
                        writeValue(out, e.getKey(), null);
                        out.writeLong(e.getValue()[0]);
                    }
                }
            }
        }
    }

    private static void writePairs(DataOutputStream out, java.util.ArrayDeque<Object[]> pairs) throws IOException {
        out.writeInt(pairs.size());
        for (Object[] p : pairs) {
            out.writeLong((Long) p[0]);
            writeValue(out, p[1], null);
        }
    }

    private AggRun readAggRun(DataInputStream in) throws IOException {
        String id = in.readUTF();
        int measures = in.readInt();
        long timer = in.readLong();
        AggRuleRuntime rule = aggregateRules.apply(id);
        boolean usable = rule != null && rule.measures().size() == measures;
        // decode into a run of the stored kind; dropped afterwards if unusable
        AggRuleRuntime shape = usable ? rule : null;
        byte kind = in.readByte();
        AggRun run = switch (kind) {
            case SLIDING -> readSliding(in, shape, measures);
            case FIXED -> readFixed(in, shape, measures);
            case SESSION -> readSession(in, shape, measures);
            default -> throw new IOException("unknown aggregate run kind " + kind);
        };
        if (!usable || run == null || kindOf(rule) != kind) {
            discarded++;
            return null;
        }
        run.timer = timer;
        return run;
    }

    private static byte kindOf(AggRuleRuntime rule) {
        return switch (rule.rule().window()) {
            case io.cepheus.core.window.Window.Sliding s -> SLIDING;
            case io.cepheus.core.window.Window.Session s -> SESSION;
            default -> FIXED;
        };
    }

    private AggRun readSliding(DataInputStream in, AggRuleRuntime rule, int measures) throws IOException {
        boolean armed = in.readBoolean();
        long firedAt = in.readLong();
        long overflowSeen = in.readLong();
        int n = in.readInt();
        SlidingEntries entries = new SlidingEntries(measures);
        for (int i = 0; i < n; i++) {
            long ts = in.readLong();
            long seq = in.readLong();
            Object[] inputs = new Object[measures];
            for (int m = 0; m < measures; m++) {
                inputs[m] = readValue(in, null);
            }
            entries.add(ts, seq, inputs);
        }
        MeasureAcc[] accs = readAccs(in, rule, measures, true);
        if (accs == null || !(rule.rule().window() instanceof io.cepheus.core.window.Window.Sliding)) {
            return null;
        }
        AggRun.Sliding s = (AggRun.Sliding) AggRun.create(rule);
        s.armed = armed;
        s.firedAt = firedAt;
        s.overflowSeen[0] = overflowSeen;
        for (int k = 0; k < entries.size(); k++) {
            Object[] inputs = new Object[measures];
            for (int m = 0; m < measures; m++) {
                inputs[m] = entries.input(k, m);
            }
            s.entries.add(entries.timestamp(k), entries.sequence(k), inputs);
        }
        System.arraycopy(accs, 0, s.accs, 0, measures);
        return s;
    }

    private AggRun readFixed(DataInputStream in, AggRuleRuntime rule, int measures) throws IOException {
        long overflowSeen = in.readLong();
        int n = in.readInt();
        boolean usable = rule != null && rule.rule().window() instanceof io.cepheus.core.window.Window.Tumbling
                || rule != null && rule.rule().window() instanceof io.cepheus.core.window.Window.Hopping;
        AggRun.Fixed f = usable ? (AggRun.Fixed) AggRun.create(rule) : null;
        for (int i = 0; i < n; i++) {
            long start = in.readLong();
            long count = in.readLong();
            long lastEventId = in.readLong();
            MeasureAcc[] accs = readAccs(in, usable ? rule : null, measures, false);
            if (accs == null) {
                f = null;
            }
            if (f != null) {
                AggRun.Fixed.Pane pane = new AggRun.Fixed.Pane(accs);
                pane.count = count;
                pane.lastEventId = lastEventId;
                f.windows.put(start, pane);
            }
        }
        if (f != null) {
            f.overflowSeen[0] = overflowSeen;
        }
        return f;
    }

    private AggRun readSession(DataInputStream in, AggRuleRuntime rule, int measures) throws IOException {
        long overflowSeen = in.readLong();
        long count = in.readLong();
        boolean usable = rule != null && rule.rule().window() instanceof io.cepheus.core.window.Window.Session;
        AggRun.Session s = usable ? (AggRun.Session) AggRun.create(rule) : null;
        if (count > 0) {
            long first = in.readLong();
            long last = in.readLong();
            long lastEventId = in.readLong();
            MeasureAcc[] accs = readAccs(in, usable ? rule : null, measures, false);
            if (accs == null) {
                s = null;
            }
            if (s != null) {
                s.first = first;
                s.last = last;
                s.lastEventId = lastEventId;
                s.accs = accs;
            }
        }
        if (s != null) {
            s.count = count;
            s.overflowSeen[0] = overflowSeen;
        }
        return s;
    }

    /**
     * Reads accumulators (self-describing, so they can be skipped for a rule no longer loaded).
     * Returns null if they do not fit the measures of {@code rule} (or {@code rule} is null).
     */
    private static MeasureAcc[] readAccs(DataInputStream in, AggRuleRuntime rule, int measures, boolean sliding)
            throws IOException {
        MeasureAcc[] accs = new MeasureAcc[measures];
        for (int i = 0; i < measures; i++) {
            byte tag = in.readByte();
            accs[i] = switch (tag) {
                case 0 -> {
                    MeasureAcc.Count c = new MeasureAcc.Count();
                    c.n = in.readLong();
                    yield c;
                }
                case 1 -> {
                    MeasureAcc.Sum sum = new MeasureAcc.Sum(in.readBoolean());
                    sum.n = in.readLong();
                    sum.integral = in.readBoolean();
                    sum.longSum = in.readLong();
                    sum.sum = readValue(in, null);
                    yield sum;
                }
                case 2 -> {
                    MeasureAcc.Extreme x = new MeasureAcc.Extreme(in.readBoolean(), sliding);
                    readPairs(in, x.deque);
                    yield x;
                }
                case 3 -> {
                    MeasureAcc.Ordered o = new MeasureAcc.Ordered(in.readBoolean(), sliding);
                    readPairs(in, o.values);
                    yield o;
                }
                case 4 -> {
                    MeasureAcc.Distinct d = new MeasureAcc.Distinct(in.readInt());
                    d.overflow = in.readLong();
                    int n = in.readInt();
                    for (int k = 0; k < n; k++) {
                        Object v = readValue(in, null);
                        d.counts.put(v, new long[] {in.readLong()});
                    }
                    yield d;
                }
                default -> throw new IOException("unknown accumulator tag " + tag);
            };
        }
        if (rule == null) {
            return null;
        }
        MeasureAcc[] expected = rule.newAccumulators(sliding);
        for (int i = 0; i < measures; i++) {
            if (expected[i].getClass() != accs[i].getClass()) {
                return null;
            }
        }
        return accs;
    }

    private static void readPairs(DataInputStream in, java.util.ArrayDeque<Object[]> pairs) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            long seq = in.readLong();
            pairs.addLast(new Object[] {seq, readValue(in, null)});
        }
    }

    @Override
    public KeyState decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("unknown key state format version " + version + " (this build reads " + VERSION + ")");
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
                }
            }
            int aggRuns = in.readInt();
            for (int r = 0; r < aggRuns; r++) {
                AggRun run = readAggRun(in);
                if (run != null) {
                    state.add(run);
                }
            }
            state.baselines = readBaselines(in);
            return state;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt key state: " + e.getMessage(), e);
        }
    }

    private RuleRun readRun(DataInputStream in, List<Event> events) throws IOException {
        String ruleId = in.readUTF();
        int stateCount = in.readInt();
        long timer = in.readLong();
        int nodeCount = in.readInt();
        Node[] nodes = new Node[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            int parent = in.readInt();
            int step = in.readInt();
            Event event = events.get(in.readInt());
            long seq = in.readLong();
            nodes[i] = new Node(parent < 0 ? null : nodes[parent], step, event, seq);
        }
        RuleRuntime rule = rules.apply(ruleId);
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
        run.timer = timer;
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

    private static Object readValue(DataInputStream in, List<Event> events) throws IOException {
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
