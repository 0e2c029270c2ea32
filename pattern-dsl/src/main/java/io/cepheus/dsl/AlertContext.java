package io.cepheus.dsl;

import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.pattern.Aggregate;
import io.cepheus.core.pattern.MatchContext;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * A {@link MatchContext} over a finished {@link Match}, so that alert expressions compile exactly
 * like conditions. Aggregates are folded over the match's events when asked (an alert is rendered
 * once per result), with the engine's value conventions: nulls skipped, COUNT a Long, AVG of longs a
 * Double, of decimals a BigDecimal.
 */
final class AlertContext implements MatchContext {

    private final Match match;
    private final List<Aggregate> aggregates;
    private final Object[] cache;

    AlertContext(Match match, List<Aggregate> aggregates) {
        this.match = match;
        this.aggregates = aggregates;
        this.cache = new Object[aggregates.size()];
    }

    /** The match's last event: what bare field names refer to in an alert. */
    @Override
    public Event lastEvent() {
        List<Event> all = match.allEvents();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    @Override
    public Object aggregate(int slot) {
        if (cache[slot] == null) {
            cache[slot] = compute(aggregates.get(slot), match.events(aggregates.get(slot).step()));
        }
        return cache[slot] == NULL ? null : cache[slot];
    }

    private static final Object NULL = new Object();

    private static Object compute(Aggregate a, List<Event> events) {
        Object result = switch (a.kind()) {
            case COUNT -> (long) events.size();
            case FIRST -> events.isEmpty() ? null : events.get(0);
            case LAST -> events.isEmpty() ? null : events.get(events.size() - 1);
            default -> fold(a, events);
        };
        return result == null ? NULL : result;
    }

    private static Object fold(Aggregate a, List<Event> events) {
        Object acc = null;
        long count = 0;
        for (Event e : events) {
            Object v = e.get(a.field());
            if (v == null) {
                continue;
            }
            count++;
            acc = switch (a.kind()) {
                case SUM, AVG -> acc == null ? v : add(acc, v);
                case MIN -> acc == null || compare(v, acc) < 0 ? v : acc;
                default -> acc == null || compare(v, acc) > 0 ? v : acc;
            };
        }
        if (acc == null || a.kind() != Aggregate.Kind.AVG) {
            return acc;
        }
        if (acc instanceof BigDecimal d) {
            return d.divide(BigDecimal.valueOf(count), MathContext.DECIMAL64);
        }
        return ((Number) acc).doubleValue() / count;
    }

    private static Object add(Object acc, Object v) {
        if (acc instanceof BigDecimal || v instanceof BigDecimal) {
            return Values.toDecimal(acc).add(Values.toDecimal(v));
        }
        if ((acc instanceof Long || acc instanceof Integer) && (v instanceof Long || v instanceof Integer)) {
            return ((Number) acc).longValue() + ((Number) v).longValue();
        }
        return ((Number) acc).doubleValue() + ((Number) v).doubleValue();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && a.getClass() != b.getClass()) {
            return Values.toDecimal(x).compareTo(Values.toDecimal(y));
        }
        return ((Comparable) a).compareTo(b);
    }

    @Override
    public List<Event> events(String step) {
        return match.events(step);
    }

    @Override
    public long startTimestamp() {
        return match.firstTimestamp();
    }

    /** Alert expressions read no per-key baselines (the language has none yet). */
    @Override
    public Object baseline(int slot) {
        throw new IndexOutOfBoundsException("alert expressions declare no baselines, asked for slot " + slot);
    }
}
