package io.cepheus.server.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Event identities that do not depend on where an event came from (a file line, a Kafka offset):
 * the value of the stream's declared id field ({@link #ofId}), else the record's content ({@link
 * #ofContent}) — so a replay of the same events gives the same match ids, and {@code backtest} and
 * the server give the same alert the same id. Not cryptographic.
 *
 * <p>Design: a 64-bit hash of bytes, eight bytes at a time (multiply, rotate, xor, as the Murmur and
 * xxHash families do), the tail byte by byte, then the length and SplitMix64's finalizer for
 * avalanche. Ids of id values start from another seed than ids of contents, so that an id value and
 * a record of the same bytes do not collide by construction. Stateless and thread-safe.
 */
public final class EventIds {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;

    private static final long CONTENT_SEED = P2;
    private static final long ID_SEED = 0x165667B19E3779F9L;

    private EventIds() {}

    /** The id of the record {@code buf[offset, offset + length)}. */
    public static long ofContent(byte[] buf, int offset, int length) {
        return hash(buf, offset, length, CONTENT_SEED);
    }

    /**
     * The id of an event whose declared id field holds {@code value}: a hash of the value's UTF-8 text,
     * so records with the same id value are the same event whatever else they hold.
     */
    public static long ofId(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return hash(bytes, 0, bytes.length, ID_SEED);
    }

    private static long hash(byte[] buf, int offset, int length, long seed) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        long h = seed;
        int i = offset;
        int end = offset + length;
        for (; i + 8 <= end; i += 8) {
            long k = (long) LONGS.get(buf, i) * P1;
            h = Long.rotateLeft(h ^ Long.rotateLeft(k, 31) * P2, 27) * P1 + 0x52DCE729L;
        }
        for (; i < end; i++) {
            h = Long.rotateLeft(h ^ (buf[i] & 0xffL) * P1, 11) * P2;
        }
        return mix(h ^ length);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
