package io.cepheus.server.dataplane;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * The outermost layer of a CEP store: before Kafka Streams commits the task it runs the task's
 * {@link PreCommitHooks hook} (the CEP runtime writes its dirty state into the store), then lets the
 * layers below flush. Everything else is passed through.
 *
 * <p><b>Why here, in Kafka Streams 4.4.0.</b> A task's commit ({@code TaskExecutor.commitTasksAndMaybeUpdateCommittableOffsets})
 * is {@code StreamTask.prepareCommit} — {@code ProcessorStateManager.flushCache}, which calls
 * {@code flushCache()} on every registered store that is a {@code CachedStateStore} (as this layer
 * is, through {@code WrappedStateStore}), then flushes the record collector — then the producer's
 * {@code commitTransaction} with the input offsets, then {@code postCommit}, which calls {@code
 * StateStore.commit(offsets)} (KIP-892: the transactional RocksDB store makes its batch durable).
 * So writes made in {@code flushCache} go through the store stack and its changelog into the
 * transaction being committed; writes made in {@code commit(offsets)} would be too late (after the
 * producer committed), and {@code StateStore.flush()} is deprecated and no longer called. On a clean
 * close or revocation the task is committed the same way (also when its processors were closed
 * first: the hook outlives the processor). On a dirty close the store rolls back to its last commit
 * and the hook is dropped with it.
 */
final class PreCommitStore extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]>
        implements KeyValueStore<Bytes, byte[]> {

    private final PreCommitHooks hooks;
    private TaskId task;

    private PreCommitStore(KeyValueStore<Bytes, byte[]> inner, PreCommitHooks hooks) {
        super(inner);
        this.hooks = hooks;
    }

    /** {@code inner}'s stores, each with this layer outside. */
    static StoreBuilder<KeyValueStore<Bytes, byte[]>> builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> inner,
                                                              PreCommitHooks hooks) {
        return new Builder(inner, hooks);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        task = context.taskId();
        super.init(context, root);
    }

    @Override
    public void flushCache() {
        if (task != null) {
            hooks.run(task, name());
        }
        super.flushCache();
    }

    @Override
    public void close() {
        if (task != null) {
            hooks.remove(task, name());
        }
        super.close();
    }

    @Override
    public void put(Bytes key, byte[] value) {
        wrapped().put(key, value);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        return wrapped().putIfAbsent(key, value);
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        wrapped().putAll(entries);
    }

    @Override
    public byte[] delete(Bytes key) {
        return wrapped().delete(key);
    }

    @Override
    public byte[] get(Bytes key) {
        return wrapped().get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS serializer) {
        return wrapped().prefixScan(prefix, serializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    @Override
    public ReadOnlyKeyValueStore<Bytes, byte[]> readOnly(IsolationLevel isolation) {
        return wrapped().readOnly(isolation);
    }

    private record Builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> inner, PreCommitHooks hooks)
            implements StoreBuilder<KeyValueStore<Bytes, byte[]>> {

        @Override
        public StoreBuilder<KeyValueStore<Bytes, byte[]>> withCachingEnabled() {
            return new Builder(inner.withCachingEnabled(), hooks);
        }

        @Override
        public StoreBuilder<KeyValueStore<Bytes, byte[]>> withCachingDisabled() {
            return new Builder(inner.withCachingDisabled(), hooks);
        }

        @Override
        public StoreBuilder<KeyValueStore<Bytes, byte[]>> withLoggingEnabled(Map<String, String> config) {
            return new Builder(inner.withLoggingEnabled(config), hooks);
        }

        @Override
        public StoreBuilder<KeyValueStore<Bytes, byte[]>> withLoggingDisabled() {
            return new Builder(inner.withLoggingDisabled(), hooks);
        }

        @Override
        public KeyValueStore<Bytes, byte[]> build() {
            return new PreCommitStore(inner.build(), hooks);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
