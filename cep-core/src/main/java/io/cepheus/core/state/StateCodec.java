package io.cepheus.core.state;

/** Turns a state value into bytes and back. Must round-trip exactly. Thread-safe. */
public interface StateCodec<V> {

    byte[] encode(V value);

    /** @throws IllegalStateException if the bytes are not a value of this codec's format */
    V decode(byte[] bytes);

    /** The codec of values that are their bytes already. */
    static StateCodec<byte[]> bytes() {
        return Bytes.INSTANCE;
    }

    /** See {@link #bytes()}. */
    enum Bytes implements StateCodec<byte[]> {
        INSTANCE;

        @Override
        public byte[] encode(byte[] value) {
            return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return bytes;
        }
    }
}
