package io.cepheus.core.state;

/** Creates keyed stores. Closing the backend releases every store it made. */
public interface StateBackend extends AutoCloseable {

    /**
     * Opens (or creates) the store {@code name}.
     *
     * @param codec how values become bytes, for backends that keep bytes
     */
    <V> KeyedStore<V> open(String name, StateCodec<V> codec);

    @Override
    void close();
}
