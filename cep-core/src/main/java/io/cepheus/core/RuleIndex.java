package io.cepheus.core;

import io.cepheus.core.NfaState.Action;
import io.cepheus.core.NfaState.Edge;
import io.cepheus.core.pattern.Condition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which rules an event can start. A rule whose every first TAKE condition requires one field to
 * equal one of a few constants ({@link Condition.FieldEquals}, possibly inside {@code and}/{@code
 * or}) is indexed under that field and those values; the others are tested with every event.
 * Rules that already have partial matches for a key see every event of that key regardless.
 * Immutable.
 */
final class RuleIndex {

    /** A rule's index key: the field its first step tests, and the values it accepts. */
    record Key(int field, Set<Object> values) {

        /** Whether an event with this field value may start the rule. */
        boolean admits(Event event) {
            Object v = event.get(field);
            return v != null && values.contains(v);
        }
    }

    private final int[] fields;
    private final List<Map<Object, int[]>> byValue;
    private final int[] scan;

    private RuleIndex(int[] fields, List<Map<Object, int[]>> byValue, int[] scan) {
        this.fields = fields;
        this.byValue = byValue;
        this.scan = scan;
    }

    static RuleIndex build(RuleRuntime[] rules) {
        List<int[]> slots = new ArrayList<>();
        List<Key> keys = new ArrayList<>();
        for (RuleRuntime rule : rules) {
            if (rule != null) {
                slots.add(new int[] {rule.slot()});
                keys.add(rule.startKey());
            }
        }
        return build(slots, keys);
    }

    /** An index of aggregate rules by their filters. */
    static RuleIndex build(AggRuleRuntime[] rules) {
        List<int[]> slots = new ArrayList<>();
        List<Key> keys = new ArrayList<>();
        for (AggRuleRuntime rule : rules) {
            if (rule != null) {
                slots.add(new int[] {rule.slot()});
                keys.add(keyOf(rule.rule().filter()));
            }
        }
        return build(slots, keys);
    }

    private static RuleIndex build(List<int[]> slotList, List<Key> keys) {
        Map<Integer, Map<Object, List<Integer>>> index = new LinkedHashMap<>();
        List<Integer> scan = new ArrayList<>();
        for (int r = 0; r < slotList.size(); r++) {
            int slot = slotList.get(r)[0];
            Key key = keys.get(r);
            if (key == null) {
                scan.add(slot);
            } else {
                Map<Object, List<Integer>> values = index.computeIfAbsent(key.field(), f -> new HashMap<>());
                for (Object v : key.values()) {
                    values.computeIfAbsent(v, x -> new ArrayList<>()).add(slot);
                }
            }
        }
        int[] fields = index.keySet().stream().mapToInt(Integer::intValue).toArray();
        List<Map<Object, int[]>> byValue = new ArrayList<>();
        for (int f : fields) {
            Map<Object, int[]> m = new HashMap<>();
            index.get(f).forEach((v, list) -> m.put(v, list.stream().mapToInt(Integer::intValue).toArray()));
            byValue.add(m);
        }
        return new RuleIndex(fields, byValue, scan.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Number of rules that are tested with every event. */
    int scanned() {
        return scan.length;
    }

    /**
     * Writes the slots of the rules {@code event} may start into {@code out} (from {@code from});
     * returns the new end. May contain duplicates.
     */
    int candidates(Event event, int[][] out, int from) {
        int n = from;
        for (int i = 0; i < fields.length; i++) {
            Object v = event.get(fields[i]);
            if (v == null) {
                continue;
            }
            int[] slots = byValue.get(i).get(v);
            if (slots != null) {
                n = append(out, n, slots);
            }
        }
        return append(out, n, scan);
    }

    private static int append(int[][] out, int n, int[] slots) {
        if (n + slots.length > out[0].length) {
            out[0] = Arrays.copyOf(out[0], Math.max(out[0].length * 2, n + slots.length));
        }
        System.arraycopy(slots, 0, out[0], n, slots.length);
        return n + slots.length;
    }

    /**
     * The index key of a program's start — every first TAKE must require the same field to equal a
     * constant — or null if the rule must see every event.
     */
    static Key startKey(Program program) {
        List<Condition> takes = new ArrayList<>();
        List<NfaState> seen = new ArrayList<>();
        List<NfaState> stack = new ArrayList<>(List.of(program.start()));
        while (!stack.isEmpty()) {
            NfaState s = stack.remove(stack.size() - 1);
            if (seen.contains(s)) {
                continue;
            }
            seen.add(s);
            for (Edge e : s.edges) {
                if (e.action() == Action.TAKE) {
                    takes.add(e.condition());
                } else if (e.action() == Action.PROCEED) {
                    if (e.target().isFinal()) {
                        return null;
                    }
                    stack.add(e.target());
                }
            }
        }
        Key result = null;
        for (Condition c : takes) {
            Key k = keyOf(c);
            if (k == null || (result != null && result.field() != k.field())) {
                return null;
            }
            result = result == null ? k : new Key(k.field(), union(result.values(), k.values()));
        }
        return result;
    }

    private static Key keyOf(Condition c) {
        return switch (c) {
            case Condition.FieldEquals f -> new Key(f.field(), Set.of(f.value()));
            case Condition.And a -> {
                Key l = keyOf(a.left());
                yield l != null ? l : keyOf(a.right());
            }
            case Condition.Or o -> {
                Key l = keyOf(o.left());
                Key r = keyOf(o.right());
                yield l != null && r != null && l.field() == r.field() ? new Key(l.field(), union(l.values(), r.values())) : null;
            }
            default -> null;
        };
    }

    private static Set<Object> union(Set<Object> a, Set<Object> b) {
        Set<Object> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
