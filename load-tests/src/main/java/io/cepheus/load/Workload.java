package io.cepheus.load;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One comparison workload: a rule shape and the stream it runs on (see {@code
 * shared/docs/peer-comparison.md}, table "Workloads"). Immutable.
 *
 * @param id short name used on the command line and in tables, e.g. {@code W1-10k}
 * @param shape which rule
 * @param size the shape's size: number of rules for {@link Shape#MANY_RULES}, pattern length for
 *     {@link Shape#SEQUENCE}, otherwise 1
 * @param events events in the full-size stream
 * @param keys distinct keys
 * @param types the event types and their weights
 */
public record Workload(String id, Shape shape, int size, int events, int keys, TypeMix types)
        implements java.io.Serializable {

    /** The rule shapes W1–W5. */
    public enum Shape {
        /** W1: A then later B with B.amount greater than A.amount, within 10 s, no skip. */
        RISE,
        /** W2: A+ B strictly contiguous, B only if sum(A.amount) exceeds 1500, skip past last event. */
        KLEENE_SUM,
        /** W3: A with no B for the key within 10 s. */
        ABSENCE,
        /** W4: rule i is Ti then T(i+1 mod N) with a larger amount, within 10 s. */
        MANY_RULES,
        /** W5: T0, T1, T2, ... (step j has type T(j mod 4)), relaxed, within 10 s of the first. */
        SEQUENCE
    }

    /** Window of every windowed workload. */
    public static final long WINDOW_MILLIS = 10_000;

    /** Sum of A amounts a W2 match needs to exceed. */
    public static final long KLEENE_SUM_THRESHOLD = 1_500;

    public Workload {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(types, "types");
        if (size < 1 || events < 1 || keys < 1) {
            throw new IllegalArgumentException("workload " + id + " needs size, events and keys >= 1, was "
                    + size + ", " + events + ", " + keys);
        }
    }

    /** The workloads of the comparison, in table order. */
    public static List<Workload> all() {
        return List.of(
                new Workload("W1-1k", Shape.RISE, 1, 1_000_000, 1_000, TypeMix.abc(25, 25, 50)),
                new Workload("W1-10k", Shape.RISE, 1, 1_000_000, 10_000, TypeMix.abc(25, 25, 50)),
                new Workload("W2", Shape.KLEENE_SUM, 1, 500_000, 1_000, TypeMix.abc(50, 25, 25)),
                new Workload("W3", Shape.ABSENCE, 1, 500_000, 1_000, TypeMix.abc(20, 10, 70)),
                new Workload("W4-100", Shape.MANY_RULES, 100, 100_000, 1_000, TypeMix.uniform(100)),
                new Workload("W4-1000", Shape.MANY_RULES, 1_000, 100_000, 1_000, TypeMix.uniform(1_000)),
                new Workload("W5-3", Shape.SEQUENCE, 3, 300_000, 100, TypeMix.uniform(4)),
                new Workload("W5-12", Shape.SEQUENCE, 12, 300_000, 100, TypeMix.uniform(4)),
                new Workload("W5-24", Shape.SEQUENCE, 24, 300_000, 100, TypeMix.uniform(4)));
    }

    /**
     * The workload with this id (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known ids if there is none
     */
    public static Workload byId(String id) {
        for (Workload w : all()) {
            if (w.id.equalsIgnoreCase(id)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + id + "', expected one of "
                + all().stream().map(Workload::id).toList());
    }

    /** Workloads whose id equals {@code selector} or starts with it followed by '-' (so W1 selects W1-1k and W1-10k). */
    public static List<Workload> select(String selector) {
        String s = selector.toLowerCase(Locale.ROOT);
        List<Workload> found = all().stream()
                .filter(w -> w.id.toLowerCase(Locale.ROOT).equals(s) || w.id.toLowerCase(Locale.ROOT).startsWith(s + "-"))
                .toList();
        if (found.isEmpty()) {
            byId(selector); // throws with the list of ids
        }
        return found;
    }

    /** This workload with another number of events (at least 1). */
    public Workload withEvents(int count) {
        return new Workload(id, shape, size, Math.max(1, count), keys, types);
    }

    /** This workload with its event count scaled by {@code factor}. */
    public Workload scaled(double factor) {
        return withEvents((int) Math.round(events * factor));
    }
}
