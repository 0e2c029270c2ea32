package io.cepheus.core;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The byte sink of the state encoders: a {@link java.io.ByteArrayOutputStream} without its
 * synchronized methods (an encoder writes a state's bytes one value at a time, and each of those
 * calls took a lock). Not thread-safe.
 */
final class StateBytes extends OutputStream {

    private byte[] buf;
    private int count;

    StateBytes(int capacity) {
        this.buf = new byte[capacity];
    }

    @Override
    public void write(int b) {
        if (count == buf.length) {
            grow(1);
        }
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (count + len > buf.length) {
            grow(len);
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private void grow(int more) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
    }

    /** A copy of the bytes written. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, count);
    }
}
