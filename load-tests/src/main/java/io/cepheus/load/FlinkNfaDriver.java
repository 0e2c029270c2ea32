package io.cepheus.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.cep.nfa.NFA;
import org.apache.flink.cep.nfa.NFAState;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.nfa.sharedbuffer.SharedBuffer;
import org.apache.flink.cep.nfa.sharedbuffer.SharedBufferAccessor;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.time.TimerService;

/**
 * Drives Flink CEP's {@link NFA} directly, with no job around it: the core-to-core comparison.
 * Per pattern, one compiled NFA, one shared buffer over a {@link KeySwitchingStateStore} and a map
 * of per-key NFA states, as Flink's {@code CepOperator} keeps them on a heap backend. For each event,
 * in timestamp order, every pattern advances the key's time to the event's timestamp (which prunes
 * expired partial matches and completes trailing absences) and then processes the event — the
 * order {@code CepOperator} uses when the watermark releases an event. Flink has no index across
 * patterns: every event goes to every pattern. At the end, time advances to {@code Long.MAX_VALUE}
 * for every key, as Flink's final watermark does.
 *
 * <p>Not thread-safe.
 */
public final class FlinkNfaDriver {

    private static final TimerService NO_PROCESSING_TIME = () -> 0L;

    private final List<Pattern<FlinkEvent, ?>> patterns;
    private final FlinkEvent[] events;

    public FlinkNfaDriver(Workload workload, EventStream stream) {
        this.patterns = FlinkPatterns.of(workload);
        int n = stream.size();
        events = new FlinkEvent[n];
        for (int i = 0; i < n; i++) {
            events[i] = new FlinkEvent(stream.keyOf(i), stream.type(i), stream.amount(i), stream.timestamp(i));
        }
    }

    public int events() {
        return events.length;
    }

    /**
     * Runs every event through every pattern and ends the input.
     *
     * @return the number of results
     */
    public long run() {
        KeySwitchingStateStore store = new KeySwitchingStateStore();
        TypeSerializer<FlinkEvent> serializer =
                TypeInformation.of(FlinkEvent.class).createSerializer(new SerializerConfigImpl());
        List<Runner> runners = new ArrayList<>(patterns.size());
        try {
            for (Pattern<FlinkEvent, ?> p : patterns) {
                runners.add(new Runner(p, new SharedBuffer<>(store, serializer)));
            }
            long results = 0;
            for (FlinkEvent e : events) {
                store.setCurrentKey(e.key);
                for (Runner r : runners) {
                    results += r.process(e);
                }
            }
            for (Runner r : runners) {
                results += r.end(store);
            }
            return results;
        } catch (Exception e) {
            throw new IllegalStateException("Flink's NFA failed: " + e.getMessage(), e);
        } finally {
            runners.forEach(Runner::close);
        }
    }

    /** One pattern: its NFA, its shared buffer and its per-key states. */
    private static final class Runner {
        private final NFA<FlinkEvent> nfa;
        private final AfterMatchSkipStrategy skip;
        private final SharedBuffer<FlinkEvent> buffer;
        private final Map<String, NFAState> states = new HashMap<>();

        Runner(Pattern<FlinkEvent, ?> pattern, SharedBuffer<FlinkEvent> buffer) {
            this.nfa = NFACompiler.compileFactory(pattern, false).createNFA();
            this.skip = pattern.getAfterMatchSkipStrategy();
            this.buffer = buffer;
        }

        @SuppressWarnings("try") // Flink's accessor declares close() throws Exception
        long process(FlinkEvent e) throws Exception {
            NFAState state = states.get(e.key);
            boolean fresh = state == null;
            if (fresh) {
                state = nfa.createInitialNFAState();
            }
            long results;
            try (SharedBufferAccessor<FlinkEvent> accessor = buffer.getAccessor()) {
                results = nfa.advanceTime(accessor, state, e.timestamp, skip).f0.size();
                results += nfa.process(accessor, state, e, e.timestamp, skip, NO_PROCESSING_TIME).size();
            }
            if (fresh && state.isStateChanged()) {
                states.put(e.key, state);
            }
            return results;
        }

        @SuppressWarnings("try") // as above
        long end(KeySwitchingStateStore store) throws Exception {
            long results = 0;
            for (Map.Entry<String, NFAState> entry : states.entrySet()) {
                store.setCurrentKey(entry.getKey());
                try (SharedBufferAccessor<FlinkEvent> accessor = buffer.getAccessor()) {
                    results += nfa.advanceTime(accessor, entry.getValue(), Long.MAX_VALUE, skip).f0.size();
                }
            }
            return results;
        }

        void close() {
            buffer.releaseCacheStatisticsTimer();
        }
    }
}
