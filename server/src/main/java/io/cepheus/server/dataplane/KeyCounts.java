package io.cepheus.server.dataplane;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per stream and key, how many of the key's records were late and how many were dead-lettered — what
 * "why hasn't it fired?" shows beside a key's partial matches — in bounded memory: two {@link
 * CountMinSketch}es per stream that had any ({@value #WIDTH} × {@value #DEPTH} counters, 64 KiB each),
 * however many keys. A count is never below the truth and, with probability 98 % or more, above it
 * by at most 0.13 % of the stream's total of that count (ε = e / {@value #WIDTH}, δ = e^−{@value
 * #DEPTH}); it is exact in practice while the stream had fewer than about 200 keys with such records.
 *
 * <p>Keys are the strings the rules partition by (a stream whose rules partition by several fields
 * counts a record under each of its keys, and keys of different fields that are the same string are
 * counted together) and, for a record whose value does not decode, its Kafka record key.
 *
 * <p>Thread-safe.
 */
public final class KeyCounts {

    static final int WIDTH = 2048;
    static final int DEPTH = 4;

    /**
     * A key's counts in one stream.
     *
     * @param late its events that were late: refused as late by the decode stage (so dead-lettered
     *     too), or late for the engines (a partition that woke behind an idle stream's watermark)
     * @param deadLettered its records sent to the dead-letter topic, for any reason (late ones included)
     */
    public record Counts(long late, long deadLettered) {
        public static final Counts NONE = new Counts(0, 0);
    }

    private record Sketches(CountMinSketch late, CountMinSketch deadLettered) {}

    private final Map<String, Sketches> streams = new ConcurrentHashMap<>();

    private Sketches of(String stream) {
        return streams.computeIfAbsent(stream, s -> new Sketches(new CountMinSketch(WIDTH, DEPTH),
                new CountMinSketch(WIDTH, DEPTH)));
    }

    /** A record of {@code stream} went to the dead-letter topic; it belongs to {@code keys} (each once). */
    void deadLettered(String stream, Collection<String> keys, boolean late) {
        Sketches s = of(stream);
        for (String key : keys) {
            s.deadLettered().add(key);
            if (late) {
                s.late().add(key);
            }
        }
    }

    /** An event of {@code stream} for {@code key} was late for the engines (not dead-lettered). */
    void lateInEngine(String stream, String key) {
        of(stream).late().add(key);
    }

    /** {@code key}'s counts in {@code stream}. */
    public Counts of(String stream, String key) {
        Sketches s = streams.get(stream);
        return s == null ? Counts.NONE : new Counts(s.late().estimate(key), s.deadLettered().estimate(key));
    }
}
