package io.cepheus.core.state;

/**
 * Creates keyed stores by name. Each name is one store: its contents outlive the store object
 * (a closed store opened again finds them), and a name can be open only once at a time, so two
 * engines on one backend can never write into each other's state. Closing the backend releases
 * every store it made.
 */
public interface StateBackend extends AutoCloseable {

    /**
     * Opens (or creates) the store {@code name}.
     *
     * @param codec how values become bytes, for backends (or layers) that keep bytes
     * @throws IllegalStateException if a store of that name is open already
     */
    <V> KeyedStore<V> open(String name, StateCodec<V> codec);

    @Override
    void close();
}
