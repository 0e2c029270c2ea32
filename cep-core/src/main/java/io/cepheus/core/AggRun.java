package io.cepheus.core;

import io.cepheus.core.window.AggregateValues;
import io.cepheus.core.window.Window;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of one aggregate rule for one key. Three kinds, one per window family:
 *
 * <ul>
 *   <li>{@link Sliding}: the events of the window in order with their measure inputs, and one
 *       accumulator per measure that adds on arrival and removes on expiry (amortised O(1) per
 *       event, never a rescan); an armed flag for the fire-once-then-re-arm semantics;
 *   <li>{@link Fixed} (tumbling and hopping): the open windows by start, each with accumulators
 *       that only add; an event updates the {@code size / advance} windows that contain it;
 *   <li>{@link Session}: the open session's accumulators, first and last event time.
 * </ul>
 *
 * A run holds one timer: the earliest time at which something of it closes or expires.
 */
abstract sealed class AggRun {

    /** Receives the results of a run. */
    interface Sink {
        void fire(AggRuleRuntime rule, AggRun run, Values values, long timestamp, long trigger, long events);

        void distinctOverflow(AggRuleRuntime rule, long count);

        /** The cap on events kept per key in a sliding window (the engine's partial-match cap). */
        int maxWindowEvents();

        /** Oldest window events dropped early because a key's sliding window exceeded the cap. */
        void windowEventsDropped(AggRuleRuntime rule, long count);

        /** The baselines of the key being processed, or null if the engine has none. */
        Baselines baselines();
    }

    final AggRuleRuntime rule;
    long timer = RuleRun.NO_TIMER;

    AggRun(AggRuleRuntime rule) {
        this.rule = rule;
    }

    static AggRun create(AggRuleRuntime rule) {
        return switch (rule.rule().window()) {
            case Window.Sliding s -> new Sliding(rule, s.size().toMillis());
            case Window.Tumbling t -> new Fixed(rule, t.size().toMillis(), t.size().toMillis());
            case Window.Hopping h -> new Fixed(rule, h.size().toMillis(), h.advance().toMillis());
            case Window.Session s -> new Session(rule, s.gap().toMillis());
        };
    }

    abstract void onEvent(Event event, long seq, Sink sink);

    abstract void onTime(long time, Sink sink);

    /** When the run next needs time to pass, {@link RuleRun#NO_TIMER} for never. */
    abstract long nextDeadline();

    abstract boolean isEmpty();

    /** The key's baselines as the engine keeps them, for {@link Values#baseline}. */
    interface Baselines {
        Object value(int slot, long time);
    }

    /** The measure values over a window, as {@code when} and the result see them. */
    static final class Values implements AggregateValues {
        final AggRuleRuntime rule;
        final MeasureAcc[] accs;
        final long start;
        final long end;
        final long asOf;
        final Baselines baselines;

        Values(AggRuleRuntime rule, MeasureAcc[] accs, long start, long end, long asOf, Baselines baselines) {
            this.rule = rule;
            this.accs = accs;
            this.start = start;
            this.end = end;
            this.asOf = asOf;
            this.baselines = baselines;
        }

        @Override
        public Object baseline(int slot) {
            if (baselines == null) {
                throw new IndexOutOfBoundsException("the engine declares no baselines");
            }
            return baselines.value(slot, asOf);
        }

        @Override
        public Object get(int index) {
            return accs[index].value();
        }

        @Override
        public Object get(String name) {
            int i = rule.rule().measureIndex(name);
            if (i < 0) {
                throw new IllegalArgumentException("rule " + rule.id() + " has no measure named '" + name + "'");
            }
            return get(i);
        }

        @Override
        public long windowStart() {
            return start;
        }

        @Override
        public long windowEnd() {
            return end;
        }
    }

    static void addAll(MeasureAcc[] accs, long seq, Object[] inputs) {
        for (int i = 0; i < accs.length; i++) {
            if (inputs[i] != null) {
                accs[i].add(seq, inputs[i]);
            }
        }
    }

    /** Reports distinct values not counted since the last report ({@code seen} holds the total reported). */
    void reportOverflow(MeasureAcc[] accs, long[] seen, Sink sink) {
        if (!rule.countsDistinct()) {
            return;
        }
        long total = totalOverflow(accs);
        if (total > seen[0]) {
            sink.distinctOverflow(rule, total - seen[0]);
            seen[0] = total;
        }
    }

    static long totalOverflow(MeasureAcc[] accs) {
        long total = 0;
        for (MeasureAcc a : accs) {
            if (a instanceof MeasureAcc.Distinct d) {
                total += d.overflow;
            }
        }
        return total;
    }

    // ------------------------------------------------------------------ sliding

    static final class Sliding extends AggRun {
        final long size;
        final SlidingEntries entries;
        final MeasureAcc[] accs;
        boolean armed = true;
        long firedAt = Long.MIN_VALUE;
        final long[] overflowSeen = {0};

        Sliding(AggRuleRuntime rule, long size) {
            super(rule);
            this.size = size;
            this.accs = rule.newAccumulators(true);
            this.entries = new SlidingEntries(rule.measures().size());
        }

        private void expire(long time) {
            while (!entries.isEmpty() && entries.timestamp(0) <= time - size) {
                removeOldest();
            }
        }

        private void removeOldest() {
            long seq = entries.sequence(0);
            for (int i = 0; i < accs.length; i++) {
                Object input = entries.input(0, i);
                if (input != null) {
                    accs[i].remove(seq, input);
                }
            }
            entries.removeFirst();
        }

        @Override
        void onEvent(Event event, long seq, Sink sink) {
            long t = event.timestamp();
            expire(t);
            Object[] inputs = rule.inputs(event);
            entries.add(t, seq, inputs);
            addAll(accs, seq, inputs);
            int dropped = 0;
            while (entries.size() > sink.maxWindowEvents()) {
                removeOldest(); // a pathological burst: keep memory bounded, count what is lost
                dropped++;
            }
            if (dropped > 0) {
                sink.windowEventsDropped(rule, dropped);
            }
            reportOverflow(accs, overflowSeen, sink);
            Values values = new Values(rule, accs, t - size + 1, t + 1, t, sink.baselines());
            if (rule.rule().when().test(values)) {
                long rearm = rule.rule().rearmAfter() == null ? Long.MAX_VALUE : rule.rule().rearmAfter().toMillis();
                if (armed || (firedAt != Long.MIN_VALUE && t - firedAt >= rearm)) {
                    armed = false;
                    firedAt = t;
                    sink.fire(rule, this, values, t, event.id(), entries.size());
                }
            } else {
                armed = true;
            }
        }

        @Override
        void onTime(long time, Sink sink) {
            expire(time);
            if (entries.isEmpty()) {
                armed = true;
                firedAt = Long.MIN_VALUE;
            }
        }

        @Override
        long nextDeadline() {
            // one timer per key: when the newest event leaves the window, all state is gone
            return entries.isEmpty() ? RuleRun.NO_TIMER : entries.timestamp(entries.size() - 1) + size;
        }

        @Override
        boolean isEmpty() {
            return entries.isEmpty();
        }
    }

    // ------------------------------------------------------------------ tumbling and hopping

    static final class Fixed extends AggRun {
        static final class Pane {
            final MeasureAcc[] accs;
            long count;
            long lastEventId;

            Pane(MeasureAcc[] accs) {
                this.accs = accs;
            }
        }

        final long size;
        final long advance;
        final TreeMap<Long, Pane> windows = new TreeMap<>();
        final long[] overflowSeen = {0};

        Fixed(AggRuleRuntime rule, long size, long advance) {
            super(rule);
            this.size = size;
            this.advance = advance;
        }

        @Override
        void onEvent(Event event, long seq, Sink sink) {
            long t = event.timestamp();
            Object[] inputs = rule.inputs(event);
            long newest = Math.floorDiv(t, advance) * advance;
            for (long start = newest; start > t - size; start -= advance) {
                Pane pane = windows.computeIfAbsent(start, s -> new Pane(rule.newAccumulators(false)));
                addAll(pane.accs, seq, inputs);
                pane.count++;
                pane.lastEventId = event.id();
                reportOverflow(pane.accs, overflowSeen, sink);
            }
        }

        @Override
        void onTime(long time, Sink sink) {
            Iterator<Map.Entry<Long, Pane>> it = windows.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Long, Pane> w = it.next();
                long end = w.getKey() + size;
                if (end > time) {
                    break;
                }
                it.remove();
                Pane pane = w.getValue();
                Values values = new Values(rule, pane.accs, w.getKey(), end, end, sink.baselines());
                if (rule.rule().when().test(values)) {
                    sink.fire(rule, this, values, end, pane.lastEventId, pane.count);
                }
            }
        }

        @Override
        long nextDeadline() {
            return windows.isEmpty() ? RuleRun.NO_TIMER : windows.firstKey() + size;
        }

        @Override
        boolean isEmpty() {
            return windows.isEmpty();
        }
    }

    // ------------------------------------------------------------------ session

    static final class Session extends AggRun {
        final long gap;
        MeasureAcc[] accs;
        long first;
        long last;
        long count;
        long lastEventId;
        final long[] overflowSeen = {0};

        Session(AggRuleRuntime rule, long gap) {
            super(rule);
            this.gap = gap;
        }

        @Override
        void onEvent(Event event, long seq, Sink sink) {
            long t = event.timestamp();
            if (count > 0 && t - last >= gap) {
                close(sink);
            }
            if (count == 0) {
                accs = rule.newAccumulators(false);
                first = t;
            }
            addAll(accs, seq, rule.inputs(event));
            reportOverflow(accs, overflowSeen, sink);
            last = t;
            count++;
            lastEventId = event.id();
        }

        private void close(Sink sink) {
            Values values = new Values(rule, accs, first, last + 1, last + gap, sink.baselines());
            if (rule.rule().when().test(values)) {
                sink.fire(rule, this, values, last + gap, lastEventId, count);
            }
            count = 0;
            accs = null;
            overflowSeen[0] = 0;
        }

        @Override
        void onTime(long time, Sink sink) {
            if (count > 0 && time >= last + gap) {
                close(sink);
            }
        }

        @Override
        long nextDeadline() {
            return count == 0 ? RuleRun.NO_TIMER : last + gap;
        }

        @Override
        boolean isEmpty() {
            return count == 0;
        }
    }
}
