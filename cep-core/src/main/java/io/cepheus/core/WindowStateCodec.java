package io.cepheus.core;

import io.cepheus.core.window.Baseline;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The binary form of a key's aggregate runs and baselines, within a {@link KeyStateCodec} record:
 * per run its rule's incarnation, measure count and kind (sliding: armed flag, last firing, window
 * events and accumulators; fixed windows: each open window's accumulators; session: the open
 * session), then the baseline rings. Accumulators are self-describing (a tag per kind), so the
 * state of a rule that is gone can still be read past and dropped. Distinct-value sets are written
 * in the order of their entries' bytes, so equal states have equal bytes. A run's timer is not
 * written: it is always the run's next deadline.
 */
final class WindowStateCodec {

    private final IntFunction<AggRuleRuntime> aggregateRules;
    private final List<Baseline> baselines;
    private long discarded;

    WindowStateCodec(IntFunction<AggRuleRuntime> aggregateRules, List<Baseline> baselines) {
        this.aggregateRules = aggregateRules;
        this.baselines = baselines;
    }

    /** States dropped on decode because their rule is gone or changed shape. */
    long discarded() {
        return discarded;
    }

    // ------------------------------------------------------------------ baselines

    static void writeBaselines(StateOutput out, BaselineState state) {
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
                    KeyStateCodec.writeValue(out, ring.sums[i], null);
                    KeyStateCodec.writeValue(out, ring.mins[i], null);
                    KeyStateCodec.writeValue(out, ring.maxs[i], null);
                }
            }
        }
    }

    /** Reads baselines; they are kept only if the engine declares the same number with the same bucket counts. */
    BaselineState readBaselines(DataInputStream in) throws IOException {
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
                Object sum = KeyStateCodec.readValue(in, null);
                Object min = KeyStateCodec.readValue(in, null);
                Object max = KeyStateCodec.readValue(in, null);
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

    static void writeAggRun(StateOutput out, AggRun run) {
        out.writeInt(run.rule.incarnation());
        out.writeInt(run.rule.measures().size());
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
                        KeyStateCodec.writeValue(out, s.entries.input(k, m), null);
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

    private static void writeAccs(StateOutput out, MeasureAcc[] accs) {
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
                    KeyStateCodec.writeValue(out, s.sum, null);
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
                    for (byte[] entry : sortedEntries(d)) {
                        out.write(entry);
                    }
                }
            }
        }
    }

    /** The (value, count) entries of a distinct set, each encoded, in byte order. */
    private static List<byte[]> sortedEntries(MeasureAcc.Distinct d) {
        List<byte[]> entries = new java.util.ArrayList<>(d.counts.size());
        for (var e : d.counts.entrySet()) {
            StateOutput entry = new StateOutput(16);
            KeyStateCodec.writeValue(entry, e.getKey(), null);
            entry.writeLong(e.getValue()[0]);
            entries.add(entry.toByteArray());
        }
        entries.sort(java.util.Arrays::compareUnsigned);
        return entries;
    }

    private static void writePairs(StateOutput out, java.util.ArrayDeque<Object[]> pairs) {
        out.writeInt(pairs.size());
        for (Object[] p : pairs) {
            out.writeLong((Long) p[0]);
            KeyStateCodec.writeValue(out, p[1], null);
        }
    }

    AggRun readAggRun(DataInputStream in) throws IOException {
        int incarnation = in.readInt();
        int measures = in.readInt();
        AggRuleRuntime rule = aggregateRules.apply(incarnation);
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
        run.timer = run.nextDeadline();
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
                inputs[m] = KeyStateCodec.readValue(in, null);
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
                    sum.sum = KeyStateCodec.readValue(in, null);
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
                        Object v = KeyStateCodec.readValue(in, null);
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
            pairs.addLast(new Object[] {seq, KeyStateCodec.readValue(in, null)});
        }
    }

}
