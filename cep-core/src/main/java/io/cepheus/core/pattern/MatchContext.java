package io.cepheus.core.pattern;

import io.cepheus.core.Event;
import java.util.List;

/**
 * What an iterative condition sees of the partial match it would extend. Valid only during the
 * call of {@link Condition#test}; do not keep it.
 */
public interface MatchContext {

    /**
     * The value of the rule's aggregate number {@code slot} (see {@link Aggregate}) over the events
     * bound so far — not including the event being tested. Computed incrementally: O(1).
     *
     * @return null when no event with a non-null value is bound to the aggregate's step yet
     *     (except {@code COUNT}, which is then 0)
     * @throws IndexOutOfBoundsException if the rule declares no such aggregate
     */
    Object aggregate(int slot);

    /**
     * The events bound to {@code step} so far, in order. This walks the partial match: O(length).
     * Prefer {@link #aggregate} for first, last, count, sum, min, max.
     */
    List<Event> events(String step);

    /**
     * The event bound to {@code step} {@code offset} places after its first (0: the first), so far;
     * null when fewer are bound. What SQL's {@code FIRST(step.x, offset)} reads. O(length of the
     * partial match).
     *
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    default Event eventFromFirst(String step, int offset) {
        List<Event> events = events(step);
        return checkedOffset(offset) < events.size() ? events.get(offset) : null;
    }

    /**
     * The event bound to {@code step} {@code offset} places before its last (0: the last), so far;
     * null when fewer are bound. What SQL's {@code LAST(step.x, offset)} reads. The engine walks back
     * from the last bound event: O(offset + events bound after it).
     *
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    default Event eventFromLast(String step, int offset) {
        List<Event> events = events(step);
        return checkedOffset(offset) < events.size() ? events.get(events.size() - 1 - offset) : null;
    }

    private static int checkedOffset(int offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        return offset;
    }

    /** Timestamp of the first event of the partial match; the event's own when there is none yet. */
    long startTimestamp();

    /**
     * The value of the engine's baseline number {@code slot} (see {@link
     * io.cepheus.core.window.Baseline}) for this key, as of the event being tested and not
     * including it.
     *
     * @throws IndexOutOfBoundsException if the engine declares no such baseline
     */
    Object baseline(int slot);

    /**
     * The event bound last in the partial match, whatever its step (what SQL's {@code PREV} reads
     * for the event being tested); null when nothing is bound yet. O(1).
     *
     * <p>A default so that other implementations (e.g. contexts over a finished match) keep
     * compiling; the engine's context overrides it.
     */
    default Event lastEvent() {
        throw new UnsupportedOperationException("this context does not know the last bound event");
    }
}
