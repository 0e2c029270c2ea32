package io.cepheus.server.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the first byte that is not well-formed UTF-8 (RFC 3629, Unicode table 3-7).
 *
 * <p>Design: ASCII runs are skipped eight bytes at a time (one {@code long} read through a
 * {@link VarHandle}, tested against {@code 0x80} in every byte); a non-ASCII byte starts the check
 * of one sequence: a lead byte C2–F4, then one to three continuation bytes 80–BF, where the second
 * byte has a narrower range after E0 (A0–BF: no overlong forms), ED (80–9F: no surrogates), F0
 * (90–BF: no overlong forms) and F4 (80–8F: nothing above U+10FFFF). Linear in the input, no
 * allocation. Stateless.
 */
final class Utf8 {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private Utf8() {}

    /**
     * @return the index of the first byte of the first ill-formed sequence in {@code b[from, to)}, or
     *     -1 if all of it is UTF-8
     */
    static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (i + 8 <= to && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
            int lead = b[i] & 0xff;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int length = sequenceLength(b, i, to);
            if (length < 0) {
                return i;
            }
            i += length;
        }
        return -1;
    }

    /** The length of the well-formed multi-byte sequence at {@code i}, or -1. */
    private static int sequenceLength(byte[] b, int i, int to) {
        int lead = b[i] & 0xff;
        int length;
        int secondMin = 0x80;
        int secondMax = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            if (lead == 0xe0) {
                secondMin = 0xa0;
            } else if (lead == 0xed) {
                secondMax = 0x9f;
            }
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            if (lead == 0xf0) {
                secondMin = 0x90;
            } else if (lead == 0xf4) {
                secondMax = 0x8f;
            }
        } else {
            return -1;
        }
        if (i + length > to) {
            return -1;
        }
        int second = b[i + 1] & 0xff;
        if (second < secondMin || second > secondMax) {
            return -1;
        }
        for (int k = 2; k < length; k++) {
            if ((b[i + k] & 0xc0) != 0x80) {
                return -1;
            }
        }
        return length;
    }
}
