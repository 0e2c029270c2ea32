package io.cepheus.core;

import io.cepheus.core.state.StateBackend;
import io.cepheus.core.window.AggregateRule;
import io.cepheus.core.window.Baseline;
import java.util.List;

/**
 * The stored state of an engine, opened for reading only ({@link CepEngine.Builder#openReadOnly()}):
 * a key's live partial matches and the engine's clocks, as of what the backend holds — after the
 * writing engine's last {@link CepEngine#flush()}. For inspection from another place than the engine
 * (an interactive query): a view writes nothing, neither on opening (an engine opening stores its
 * rule incarnations and clocks) nor after, so a backend that refuses writes serves it.
 *
 * <p>Design: the view reads the engine's meta entry (clocks and rule incarnations) once, when it
 * opens, and loads the rules it is given into a rule table as the engine does — so a key's stored
 * runs decode with the programs of the incarnations that wrote them, and runs of rules not given
 * (or of other versions or shapes) are left out. It reads no buffer and registers no timers: opening
 * costs two reads and compiling the rules; {@link #partialMatches} reads one key. A rule change
 * between the view's opening and a read is seen as that rule's partial matches left out.
 *
 * <p>Not thread-safe: one thread uses a view (a view per query is cheap). The backend's own
 * thread-safety decides whether that thread may be another than the engine's. (A {@link
 * io.cepheus.core.state.HeapStateBackend} keeps live objects and decodes a closed store's value in
 * place when it is read, by a view as by an engine; a backend of bytes, such as RocksDB or a Kafka
 * Streams store, is only read.)
 */
public final class EngineView implements AutoCloseable {

    private final EngineStores stores;
    private final RuleTable table;
    private final TimeState time;
    private final boolean stored;

    EngineView(String name, TimeMode timeMode, StateBackend backend, List<String> inputs, List<Rule> rules,
               List<Rule> drainingRules, List<AggregateRule> aggregateRules, List<Baseline> baselines) {
        RuleTable[] tableRef = new RuleTable[1];
        KeyStateCodec codec = new KeyStateCodec(inc -> tableRef[0].pattern(inc), inc -> tableRef[0].aggregate(inc),
                List.copyOf(baselines), () -> tableRef[0].generation);
        this.stores = new EngineStores(backend, name, codec);
        try {
            EngineStores.Meta meta = stores.readMeta(inputs);
            if (meta != null && meta.timeMode() != timeMode) {
                throw new IllegalStateException("engine '" + name + "' was stored in " + meta.timeMode()
                        + "; it cannot be read in " + timeMode);
            }
            this.stored = meta != null;
            this.time = meta != null ? meta.time() : new TimeState(inputs);
            this.table = meta != null ? new RuleTable(meta.rules(), meta.nextIncarnation()) : new RuleTable(List.of(), 1);
            tableRef[0] = table;
            table.loadAll(rules, drainingRules, aggregateRules);
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    /** Whether the backend held state of this engine when the view opened (false: every read is empty). */
    public boolean hasState() {
        return stored;
    }

    /**
     * The live partial matches (and held-back completed matches) of {@code key}, by rule then start,
     * draining versions included when they were given: what {@link CepEngine#partialMatches} of the
     * writing engine gives. O(the key's state).
     *
     * @throws IllegalStateException if the key's stored state is corrupt or of an unknown format
     */
    public List<PartialMatchView> partialMatches(String key) {
        return CepEngine.views(table, key, stores.keys.get(key));
    }

    /** The engine's watermark when the view opened; {@code Long.MIN_VALUE} before the first. */
    public long currentWatermark() {
        return time.watermark;
    }

    /** One input's watermark when the view opened. @throws IllegalArgumentException if there is no such input */
    public long currentWatermark(String input) {
        return time.inputWatermarks[time.input(input)];
    }

    /** Whether an input was idle when the view opened. @throws IllegalArgumentException if there is no such input */
    public boolean isIdle(String input) {
        return time.idle[time.input(input)];
    }

    /** Releases the view's store names; the backend stays open. */
    @Override
    public void close() {
        stores.close();
    }
}
