package io.cepheus.core.state;

/** Turns a state value into bytes and back. Must round-trip exactly. Thread-safe. */
public interface StateCodec<V> {

    byte[] encode(V value);

    /** @throws IllegalStateException if the bytes are not a value of this codec's format */
    V decode(byte[] bytes);
}
