package io.cepheus.core;

import io.cepheus.core.pattern.Aggregate;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * Incremental aggregate accumulators. A partial match holds one accumulator per aggregate slot;
 * binding an event to a step makes a new array with that step's slots updated: O(slots of the
 * step) per event, never a rescan of the match.
 */
final class Aggregates {

    /** Sum and count, for AVG. */
    record Avg(Object sum, long count) {}

    private Aggregates() {}

    static Object[] initial(List<Aggregate> aggregates) {
        Object[] accs = new Object[aggregates.size()];
        for (int i = 0; i < accs.length; i++) {
            if (aggregates.get(i).kind() == Aggregate.Kind.COUNT) {
                accs[i] = 0L;
            }
        }
        return accs;
    }

    /** The accumulators after binding {@code event} to step {@code stepIndex}; the same array if none change. */
    static Object[] bind(Program program, Object[] accs, int stepIndex, Event event) {
        if (stepIndex < 0) {
            return accs;
        }
        int[] slots = program.aggregatesByStep()[stepIndex];
        if (slots.length == 0) {
            return accs;
        }
        Object[] next = accs.clone();
        for (int slot : slots) {
            Aggregate a = program.aggregates().get(slot);
            next[slot] = add(a, next[slot], event);
        }
        return next;
    }

    private static Object add(Aggregate a, Object acc, Event event) {
        switch (a.kind()) {
            case COUNT:
                return (Long) acc + 1;
            case FIRST:
                return acc == null ? event : acc;
            case LAST:
                return event;
            default:
                break;
        }
        Object v = event.get(a.field());
        if (v == null) {
            return acc;
        }
        return switch (a.kind()) {
            case SUM -> acc == null ? Numbers.normalize(v) : Numbers.plus(acc, v);
            case AVG -> acc == null ? new Avg(Numbers.normalize(v), 1) : new Avg(Numbers.plus(((Avg) acc).sum(), v), ((Avg) acc).count() + 1);
            case MIN -> acc == null || Numbers.compare(v, acc) < 0 ? v : acc;
            case MAX -> acc == null || Numbers.compare(v, acc) > 0 ? v : acc;
            default -> throw new IllegalStateException("unreachable: " + a.kind());
        };
    }

    /** The value a condition sees for an accumulator. */
    static Object value(Aggregate a, Object acc) {
        if (a.kind() == Aggregate.Kind.AVG && acc instanceof Avg avg) {
            if (avg.sum() instanceof BigDecimal d) {
                return d.divide(BigDecimal.valueOf(avg.count()), MathContext.DECIMAL64);
            }
            return ((Number) avg.sum()).doubleValue() / avg.count();
        }
        return acc;
    }



}
