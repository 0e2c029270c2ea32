package io.cepheus.core.state;

/**
 * Puts a write-back cache ({@link CachingKeyedStore}) in front of every store of another backend:
 * the caching layer of Kafka Streams' store stack, composed by the caller and flushed by it (through
 * {@link KeyedStore#flush()}, which an engine's {@code flush()} calls) before it commits.
 * Closing this backend closes the one behind it.
 */
public final class CachingStateBackend implements StateBackend {

    private final StateBackend inner;
    private final int keysPerStore;

    /**
     * @param inner the backend whose stores are cached
     * @param keysPerStore how many keys each store keeps live (≥ 1)
     */
    public CachingStateBackend(StateBackend inner, int keysPerStore) {
        if (keysPerStore < 1) {
            throw new IllegalArgumentException("keysPerStore must be at least 1, was " + keysPerStore);
        }
        this.inner = java.util.Objects.requireNonNull(inner, "inner");
        this.keysPerStore = keysPerStore;
    }

    @Override
    public <V> KeyedStore<V> open(String name, StateCodec<V> codec) {
        return new CachingKeyedStore<>(inner.open(name, codec), keysPerStore);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "cached " + inner;
    }
}
