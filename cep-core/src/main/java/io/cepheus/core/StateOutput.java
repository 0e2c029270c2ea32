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

    /** Bytes written so far. */
    int size() {
        return size;
    }

    /** A copy of what was written. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
