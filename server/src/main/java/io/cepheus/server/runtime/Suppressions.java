package io.cepheus.server.runtime;

import io.cepheus.core.state.KeyedStore;
import io.cepheus.core.state.StateBackend;
import io.cepheus.core.state.StateCodec;
import java.nio.ByteBuffer;

/**
 * Per-key alert suppression in event time ({@code suppress for 10m}): an alert at {@code t} mutes
 * its rule and suppression key until {@code t + duration} (exclusive). Kept in a store of the key
 * space's backend ({@code NAME.suppress}), so it is part of the checkpointed state like the partial
 * matches. Not thread-safe.
 */
final class Suppressions {

    private final KeyedStore<Long> until;

    Suppressions(StateBackend backend, String name) {
        this.until = backend.open(name + ".suppress", LONG);
    }

    /**
     * Whether an alert of {@code rule} with {@code key} at {@code timestamp} is muted; if not, it
     * mutes the next ones for {@code millis}.
     */
    boolean mutes(String rule, String key, long timestamp, long millis) {
        String k = rule + '\u0000' + key;
        Long end = until.get(k);
        if (end != null && timestamp < end) {
            return true;
        }
        until.put(k, timestamp > Long.MAX_VALUE - millis ? Long.MAX_VALUE : timestamp + millis);
        return false;
    }

    void flush() {
        until.flush();
    }

    void close() {
        until.close();
    }

    /** Deletes every entry and closes the store. */
    void destroy() {
        try {
            until.clear();
            until.flush();
        } finally {
            until.close();
        }
    }

    /** Deletes the suppression store of key space {@code name}, which must not be open. */
    static void delete(StateBackend backend, String name) {
        new Suppressions(backend, name).destroy();
    }

    private static final StateCodec<Long> LONG = new StateCodec<>() {
        @Override
        public byte[] encode(Long value) {
            return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
        }

        @Override
        public Long decode(byte[] bytes) {
            if (bytes.length != Long.BYTES) {
                throw new IllegalStateException("corrupt suppression entry of " + bytes.length + " bytes");
            }
            return ByteBuffer.wrap(bytes).getLong();
        }
    };
}
