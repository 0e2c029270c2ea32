package io.cepheus.dsl;

import io.cepheus.core.AggregateResult;
import io.cepheus.core.Event;
import io.cepheus.core.pattern.MatchContext;
import io.cepheus.core.window.AggregateValues;
import java.util.List;

/**
 * What the expressions of an aggregate rule ({@code when}, named aggregates, alert) read: the
 * measures of one window by slot, its bounds and, while the engine evaluates {@code when}, the
 * key's baselines. It is a {@link MatchContext} so that these expressions compile like conditions:
 * a measure is {@link #aggregate(int) aggregate(slot)}.
 */
final class AggregateContext implements MatchContext {

    private final AggregateValues live;
    private final Object[] values;
    private final long windowStart;
    private final long windowEnd;

    private AggregateContext(AggregateValues live, Object[] values, long windowStart, long windowEnd) {
        this.live = live;
        this.values = values;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
    }

    /** While the engine evaluates {@code when}. */
    static AggregateContext of(AggregateValues values) {
        return new AggregateContext(values, null, values.windowStart(), values.windowEnd());
    }

    /** For rendering a result: the measures in the rule's order. */
    static AggregateContext of(AggregateResult result) {
        return new AggregateContext(null, result.values().values().toArray(), result.windowStart(), result.windowEnd());
    }

    @Override
    public Object aggregate(int slot) {
        return live != null ? live.get(slot) : values[slot];
    }

    @Override
    public List<Event> events(String step) {
        return List.of();
    }

    @Override
    public long startTimestamp() {
        return windowStart;
    }

    long windowStart() {
        return windowStart;
    }

    long windowEnd() {
        return windowEnd;
    }

    /** Baselines are read by {@code when} only (the checker rejects them elsewhere). */
    @Override
    public Object baseline(int slot) {
        if (live == null) {
            throw new IndexOutOfBoundsException("baselines are read by 'when' only, asked for slot " + slot);
        }
        return live.baseline(slot);
    }

    @Override
    public Event lastEvent() {
        return null;
    }
}
