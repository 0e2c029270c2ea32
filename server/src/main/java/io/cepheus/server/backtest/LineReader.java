package io.cepheus.server.backtest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a file as lines of bytes, undecoded: a line is a range of {@link #buffer()}, valid until
 * the next call of {@link #next()}.
 *
 * <p>Design: one byte array of at least 1 MiB (and two bytes more than the longest line kept),
 * filled from the stream; a line is found by scanning for its end, and the unread rest is moved to
 * the front before the next fill, so each byte is read once and copied at most once. Lines end at
 * {@code \n}, {@code \r} or {@code \r\n}, as {@link java.io.BufferedReader#readLine()} has it. A
 * line longer than {@code maxLineBytes} is not kept: the reader skips to its end, counting its
 * bytes, and reports it as {@link #tooLong()} with its {@link #length()}; so memory stays bounded
 * whatever the input. A UTF-8 byte-order mark at the start of the file is skipped. No allocation
 * per line.
 *
 * <p>Not thread-safe.
 */
final class LineReader implements Closeable {

    private static final int MIN_BUFFER = 1 << 20;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    private boolean pendingCr;
    private long consumed;
    private long lineNumber;
    private int start;
    private int end;
    private long length;
    private boolean tooLong;

    /** @param maxLineBytes longer lines are skipped and reported as {@link #tooLong()} */
    LineReader(InputStream in, int maxLineBytes) {
        this(in, maxLineBytes, MIN_BUFFER);
    }

    /** With a buffer of {@code minBuffer} bytes, or more if a line of {@code maxLineBytes} needs it (for tests). */
    LineReader(InputStream in, int maxLineBytes, int minBuffer) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.buf = new byte[Math.max(minBuffer, maxLineBytes + 2)];
    }

    /**
     * Moves to the next line.
     *
     * @return false at the end of the input
     */
    boolean next() throws IOException {
        if (!started) {
            started = true;
            fill();
            if (limit - pos >= 3 && buf[pos] == (byte) 0xef && buf[pos + 1] == (byte) 0xbb && buf[pos + 2] == (byte) 0xbf) {
                pos += 3;
                consumed += 3;
            }
        }
        if (pendingCr) {
            pendingCr = false;
            if (pos == limit && !eof) {
                fill();
            }
            if (pos < limit && buf[pos] == '\n') {
                pos++;
                consumed++;
            }
        }
        int scan = pos;
        while (true) {
            int i = endOfLine(scan);
            if (i >= 0) {
                take(pos, i);
                return true;
            }
            if (limit - pos > maxLineBytes) {
                skipLongLine();
                return true;
            }
            if (eof) {
                if (pos == limit) {
                    return false;
                }
                take(pos, limit);
                return true;
            }
            int scanned = limit - pos;
            fill();
            scan = pos + scanned;
        }
    }

    /** The line is {@code buf[from, to)}; its end of line, if any, starts at {@code to}. */
    private void take(int from, int to) {
        length = to - from;
        tooLong = length > maxLineBytes;
        start = tooLong ? to : from;
        end = to;
        lineNumber++;
        pos = to;
        consumeEndOfLine();
    }

    private void skipLongLine() throws IOException {
        long count = limit - pos;
        pos = limit;
        while (true) {
            fill();
            int i = endOfLine(pos);
            if (i >= 0) {
                count += i - pos;
                pos = i;
                break;
            }
            count += limit - pos;
            pos = limit;
            if (eof) {
                break;
            }
        }
        start = pos;
        end = pos;
        length = count;
        tooLong = true;
        lineNumber++;
        consumeEndOfLine();
    }

    /** At an end of line (or the end of the input): steps over it. */
    private void consumeEndOfLine() {
        consumed += length;
        if (pos == limit) {
            return;
        }
        byte b = buf[pos++];
        consumed++;
        if (b == '\r') {
            if (pos < limit) {
                if (buf[pos] == '\n') {
                    pos++;
                    consumed++;
                }
            } else {
                pendingCr = true;
            }
        }
    }

    private int endOfLine(int from) {
        byte[] b = buf;
        for (int i = from; i < limit; i++) {
            byte c = b[i];
            if (c <= '\r' && (c == '\n' || c == '\r')) {
                return i;
            }
        }
        return -1;
    }

    /** Moves the unread bytes to the front and reads more after them; sets {@code eof} at the end. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < buf.length && !eof) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
                if (n > 0) {
                    return;
                }
            }
        }
    }

    /** The array holding the current line. */
    byte[] buffer() {
        return buf;
    }

    /** Where the current line starts in {@link #buffer()}. */
    int start() {
        return start;
    }

    /** Where the current line ends (exclusive) in {@link #buffer()}; equal to start when {@link #tooLong()}. */
    int end() {
        return end;
    }

    /** The current line's length in bytes, without its end of line. */
    long length() {
        return length;
    }

    /** Whether the current line was longer than the limit, and skipped. */
    boolean tooLong() {
        return tooLong;
    }

    /** The current line's 1-based number. */
    long lineNumber() {
        return lineNumber;
    }

    /** Bytes of the input read up to the end of the current line. */
    long position() {
        return consumed;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
