package io.cepheus.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The key state encoder of format 3 as builds before format 4 wrote it (and format 2: the same
 * without the earliest timer), kept here to make old bytes for the tests that the current codec
 * still reads them. {@link KeyStateFormatTest} holds its output to the digest of what those builds
 * wrote, so this copy cannot drift from the real format.
 */
final class KeyStateFormat3 {

    private KeyStateFormat3() {}

    /** {@code state} in format 3. */
    static byte[] encode(KeyState state) {
        StateOutput out = new StateOutput(256);
        IdentityIds<Event> events = new IdentityIds<>();
        List<IdentityIds<Node>> nodeIds = new ArrayList<>(state.size);
        for (int r = 0; r < state.size; r++) {
            nodeIds.add(KeyStateFormat4.number(state.runs[r], events)); // the same numbering
        }
        out.writeByte(3);
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
        return out.toByteArray();
    }

    /** {@code state} in format 2: format 3 without the earliest timer. */
    static byte[] encode2(KeyState state) {
        byte[] three = encode(state);
        byte[] two = new byte[three.length - Long.BYTES];
        two[0] = 2;
        System.arraycopy(three, 1 + Long.BYTES, two, 1, two.length - 1);
        return two;
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

    private static void writeEvent(StateOutput out, Event e) {
        out.writeLong(e.id());
        out.writeLong(e.timestamp());
        out.writeInt(e.size());
        for (int i = 0; i < e.size(); i++) {
            writeValue(out, e.get(i), null);
        }
    }

    private static void writeValue(StateOutput out, Object v, IdentityIds<Event> events) {
        switch (v) {
            case null -> out.writeByte(0);
            case Boolean b -> out.writeByte(b ? 1 : 2);
            case Integer i -> {
                out.writeByte(3);
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte(4);
                out.writeLong(l);
            }
            case Double d -> {
                out.writeByte(5);
                out.writeDouble(d);
            }
            case BigDecimal d -> {
                out.writeByte(6);
                out.writeInt(d.scale());
                byte[] unscaled = d.unscaledValue().toByteArray();
                out.writeInt(unscaled.length);
                out.write(unscaled);
            }
            case String s -> {
                out.writeByte(7);
                byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
            case Event e when events != null -> {
                out.writeByte(8);
                out.writeInt(events.indexOf(e));
            }
            case Aggregates.Avg a -> {
                out.writeByte(9);
                writeValue(out, a.sum(), events);
                out.writeLong(a.count());
            }
            default -> throw new IllegalArgumentException("cannot store " + v.getClass().getName());
        }
    }
}
