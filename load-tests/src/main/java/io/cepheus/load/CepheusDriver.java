package io.cepheus.load;

import io.cepheus.core.CepEngine;
import io.cepheus.core.EngineOutput;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.Rule;
import io.cepheus.core.RuleId;
import io.cepheus.core.state.StateBackend;
import java.util.List;

/**
 * Runs a stream through a fresh Cepheus engine in event time, the way the benchmarks and the
 * comparison both do: each event is given to the engine and the watermark then advanced to its
 * timestamp (events arrive in order, so none waits); at the end the watermark jumps past every
 * window. Events are built before timing starts.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class CepheusDriver {

    private final List<Rule> rules;
    private final String[] keys;
    private final Event[] events;

    public CepheusDriver(List<Rule> rules, EventStream stream) {
        this.rules = List.copyOf(rules);
        int n = stream.size();
        keys = new String[n];
        events = new Event[n];
        for (int i = 0; i < n; i++) {
            keys[i] = stream.keyOf(i);
            events[i] = Event.of(i, stream.timestamp(i), stream.type(i), stream.amount(i));
        }
    }

    public int events() {
        return events.length;
    }

    /**
     * Runs every event through a fresh engine on the heap backend and ends the input.
     *
     * @return the number of results (matches and absences)
     * @throws IllegalStateException if a rule failed on an event, or an event was late
     */
    public long run() {
        return run(CepEngine.builder());
    }

    /**
     * As {@link #run()}, on {@code backend}, which should be empty; the caller closes it.
     */
    public long run(StateBackend backend) {
        return run(CepEngine.builder().stateBackend(backend));
    }

    private long run(CepEngine.Builder builder) {
        Counter counter = new Counter();
        try (CepEngine engine = builder.rules(rules).output(counter).build()) {
            for (int i = 0; i < events.length; i++) {
                Event e = events[i];
                engine.process(keys[i], e);
                engine.advanceWatermark(e.timestamp());
            }
            engine.advanceWatermark(Long.MAX_VALUE - 1);
        }
        return counter.results;
    }

    /** Counts results; any error or late event fails the run, since it would skew the counts. */
    static final class Counter implements EngineOutput {
        long results;

        @Override
        public void onMatch(Match match) {
            results++;
        }

        @Override
        public void onLateEvent(String key, Event event, long watermark) {
            throw new IllegalStateException("late event " + event + " for key " + key + " at watermark " + watermark);
        }

        @Override
        public void onRuleError(RuleId rule, String key, RuntimeException error) {
            throw new IllegalStateException("rule " + rule + " failed for key " + key, error);
        }
    }
}
