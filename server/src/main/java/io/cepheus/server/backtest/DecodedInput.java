package io.cepheus.server.backtest;

import io.cepheus.core.Event;
import io.cepheus.server.runtime.EventDecoder;
import io.cepheus.server.runtime.RejectedEventException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An events file read and decoded on a thread of its own, ahead of the run that consumes it: in
 * file order, each line that holds an event or tries to (blank lines and {@code #} comments are
 * skipped) becomes an event, or a rejection with its reason.
 *
 * <p>Design: a producer thread reads lines ({@link LineReader}) and decodes them ({@link
 * EventDecoder}, which is thread-safe) into batches of up to {@value #BATCH} items, and hands them
 * over through a queue of at most {@value #QUEUED} batches; the consumer — the backtest's thread,
 * which alone calls the listener and the engines — takes them in order. So reading and decoding,
 * about half the work per event, overlap the engines' work on another core, and the order of a
 * file's events and rejections is the file's. When asked, the producer also remembers each event's
 * line by its id ({@link EventPositions}, for the alerts' line numbers), off the consumer's thread.
 * A failure of the producer (an {@link IOException})
 * reaches the consumer where it happened in the file. Memory is bounded: at most {@value #QUEUED}
 * + 2 batches exist at a time, and {@link LineReader} bounds the line.
 *
 * <p>The consumer side is not thread-safe: one thread calls {@link #next()} and {@link #close()}.
 */
final class DecodedInput implements Closeable {

    static final int BATCH = 1024;
    static final int QUEUED = 4;

    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread producer;
    /** Event id to line, filled by the producer (under its own lock), or null when not asked for. */
    private final EventPositions positions;
    private Batch batch;
    private int at;

    /** A run of decoded lines; {@code last} ends the input, {@code failure} ends it badly. */
    private static final class Batch {
        final Event[] events = new Event[BATCH];
        final RejectedEventException[] rejections = new RejectedEventException[BATCH];
        final long[] lines = new long[BATCH];
        int size;
        long position;
        boolean last;
        Throwable failure;
    }

    /**
     * Starts reading.
     *
     * @param name names the producer thread
     * @param decoder decodes the lines; longer lines than its {@link EventDecoder#maxRecordBytes()} are
     *     skipped unread
     * @param trackLines whether to remember each event's line by its id, for {@link #lineOf}
     */
    DecodedInput(String name, InputStream in, EventDecoder decoder, boolean trackLines) {
        this.positions = trackLines ? new EventPositions() : null;
        LineReader reader = new LineReader(in, decoder.maxRecordBytes());
        this.producer = new Thread(() -> produce(reader, decoder), "cepheus-read " + name);
        producer.setDaemon(true);
        producer.start();
        this.batch = new Batch();
    }

    /**
     * Moves to the next item.
     *
     * @return false at the end of the input
     * @throws IOException if the input could not be read up to here
     */
    boolean next() throws IOException {
        at++;
        while (at >= batch.size) {
            if (batch.last) {
                at = batch.size;
                rethrow(batch.failure);
                return false;
            }
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading");
            }
            at = 0;
        }
        return true;
    }

    /** The current item's event; null when the line was rejected. */
    Event event() {
        return batch.events[at];
    }

    /** Why the current line was rejected; null when it holds an event. */
    RejectedEventException rejection() {
        return batch.rejections[at];
    }

    /** The current item's 1-based line number. */
    long line() {
        return batch.lines[at];
    }

    /**
     * The line of the first event of this input with id {@code id}, or -1 if none had it so far
     * (an event taken with {@link #next()} always has its line by now). Only when asked for at
     * construction; the producer records a batch's lines before it hands the batch over, so
     * remembering lines costs the consumer's thread nothing.
     *
     * @throws IllegalStateException if lines are not tracked
     */
    long lineOf(long id) {
        if (positions == null) {
            throw new IllegalStateException("lines are not tracked");
        }
        synchronized (positions) {
            return positions.get(id);
        }
    }

    /** Bytes of the file read up to the end of the current batch. */
    long position() {
        return batch.position;
    }

    /** Stops the producer and closes the file. */
    @Override
    public void close() {
        producer.interrupt();
    }

    private void produce(LineReader reader, EventDecoder decoder) {
        Batch b = new Batch();
        try (reader) {
            while (reader.next()) {
                byte[] buf = reader.buffer();
                int from = reader.start();
                int to = reader.end();
                while (from < to && blank(buf[from])) {
                    from++;
                }
                while (to > from && blank(buf[to - 1])) {
                    to--;
                }
                if (!reader.tooLong() && (from == to || buf[from] == '#')) {
                    continue;
                }
                long line = reader.lineNumber();
                b.lines[b.size] = line;
                try {
                    if (reader.tooLong()) {
                        throw decoder.tooLong(reader.length());
                    }
                    b.events[b.size] = decoder.decode(buf, from, to - from);
                } catch (RejectedEventException e) {
                    b.rejections[b.size] = e;
                }
                b.size++;
                if (b.size == BATCH) {
                    b.position = reader.position();
                    track(b);
                    queue.put(b);
                    b = new Batch();
                }
            }
            b.position = reader.position();
            track(b);
        } catch (InterruptedException | InterruptedIOException e) {
            return;
        } catch (Throwable t) {
            b.failure = t;
        }
        b.last = true;
        try {
            queue.put(b);
        } catch (InterruptedException e) {
            // the consumer is gone
        }
    }

    /** Remembers the lines of the batch's events (the first line of each id keeps it). */
    private void track(Batch b) {
        if (positions == null) {
            return;
        }
        synchronized (positions) {
            for (int i = 0; i < b.size; i++) {
                if (b.events[i] != null) {
                    positions.putIfAbsent(b.events[i].id(), b.lines[i]);
                }
            }
        }
    }

    private static void rethrow(Throwable failure) throws IOException {
        switch (failure) {
            case null -> { }
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(failure);
        }
    }

    /** ASCII white space, as {@link String#strip()} takes it. */
    private static boolean blank(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
    }
}
