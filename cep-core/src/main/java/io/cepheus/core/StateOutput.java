package io.cepheus.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Where the state encoders write: a growing byte array with the big-endian writes of {@link
 * java.io.DataOutputStream} — same bytes — minus its layers (a stream over a {@link
 * java.io.ByteArrayOutputStream}, whose every write takes a lock, and a copy through a scratch
 * buffer for each number). The key states of every key written at a commit go through here, one
 * value at a time. Not thread-safe.
 */
final class StateOutput {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf;
    private int size;

    StateOutput(int capacity) {
        this.buf = new byte[capacity];
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    void writeByte(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    void writeBoolean(boolean v) {
        writeByte(v ? 1 : 0);
    }

    void writeInt(int v) {
        ensure(Integer.BYTES);
        INT.set(buf, size, v);
        size += Integer.BYTES;
    }

    void writeLong(long v) {
        ensure(Long.BYTES);
        LONG.set(buf, size, v);
        size += Long.BYTES;
    }

    /** As {@link java.io.DataOutputStream#writeDouble}: the bits of {@link Double#doubleToLongBits}. */
    void writeDouble(double v) {
        writeLong(Double.doubleToLongBits(v));
    }

    void write(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    /** {@code v} as an unsigned LEB128 varint: 7 bits a byte, low bits first, 1 to 5 bytes (read with {@link #readVarInt}). */
    void writeVarInt(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** {@code v} as an unsigned LEB128 varint of 1 to 10 bytes (read with {@link #readVarLong}). */
    void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** {@code v} zigzag-encoded (0, -1, 1, -2, … as 0, 1, 2, 3, …) as a varint: small negatives stay short. */
    void writeSignedVarLong(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    /** What {@link #writeVarInt} wrote. */
    static int readVarInt(java.io.DataInput in) throws java.io.IOException {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = in.readByte();
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new java.io.IOException("a varint longer than 5 bytes");
    }

    /** What {@link #writeVarLong} wrote. */
    static long readVarLong(java.io.DataInput in) throws java.io.IOException {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = in.readByte();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new java.io.IOException("a varint longer than 10 bytes");
    }

    /** What {@link #writeSignedVarLong} wrote. */
    static long readSignedVarLong(java.io.DataInput in) throws java.io.IOException {
        long z = readVarLong(in);
        return (z >>> 1) ^ -(z & 1);
    }

    /** An int length and the UTF-8 bytes of {@code s} (read with {@link #readString}). */
    void writeString(String s) {
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        writeInt(utf8.length);
        write(utf8);
    }

    /** What {@link #writeString} wrote. */
    static String readString(java.io.DataInputStream in) throws java.io.IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new java.io.IOException("a string of " + n + " bytes");
        }
        byte[] utf8 = new byte[n];
        in.readFully(utf8);
        return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Forgets what was written, keeping the buffer. */
    void reset() {
        size = 0;
    }

    /** The buffer's length: what can be written before it grows. */
    int capacity() {
        return buf.length;
    }

    /** Bytes written so far. */
    int size() {
        return size;
    }

    /** A copy of what was written. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
