package io.cepheus.server.dataplane;

import java.nio.charset.StandardCharsets;

/**
 * How often each string key was seen, in fixed memory: a count-min sketch (Cormode and
 * Muthukrishnan, "An improved data stream summary: the count-min sketch and its applications", J.
 * Algorithms 55, 2005) with conservative update (Estan and Varghese, "New directions in traffic
 * measurement and accounting", SIGCOMM 2002).
 *
 * <p>Design: {@code depth} rows of {@code width} counters. Adding a key raises, in each row, the
 * counter its hash picks — conservatively, only those below the key's new estimate — and a key's
 * estimate is the least of its counters. So an estimate is never below the key's true count (an
 * estimate of 0 means the key was never added), and it exceeds it by at most {@code ε·N} with
 * probability at least {@code 1 − δ}, where {@code N} is the total added, {@code ε = e / width} and
 * {@code δ = e^−depth}; conservative update only lowers estimates. While fewer distinct keys than
 * about a tenth of the width were added, collisions in every row are so unlikely that estimates are
 * exact in practice. Rows are indexed by double hashing (Kirsch and Mitzenmacher, "Less hashing, same
 * performance", 2006): {@code h1 + i·h2} from the two halves of one 64-bit hash of the key's UTF-8
 * bytes (FNV-1a, then MurmurHash3's finaliser). Memory: {@code 8·width·depth} bytes. Adding and
 * estimating cost {@code depth} counter reads.
 *
 * <p>Thread-safe (synchronized: what it counts — late and dead-lettered records — is rare).
 */
final class CountMinSketch {

    private final long[][] rows;
    private final int width;
    private long total;

    /**
     * @param width counters per row (ε = e / width)
     * @param depth rows (δ = e^−depth)
     */
    CountMinSketch(int width, int depth) {
        if (width < 1 || depth < 1) {
            throw new IllegalArgumentException("a sketch of " + width + " x " + depth + " counters: both must be 1 or more");
        }
        this.width = width;
        this.rows = new long[depth][width];
    }

    /** Counts {@code key} once more. */
    synchronized void add(String key) {
        long h = hash(key);
        long next = estimate(h) + 1;
        for (int i = 0; i < rows.length; i++) {
            int at = index(h, i);
            rows[i][at] = Math.max(rows[i][at], next);
        }
        total++;
    }

    /** How often {@code key} was added: never less than the truth (see the class comment for how much more). */
    synchronized long estimate(String key) {
        return estimate(hash(key));
    }

    /** How many were added, over all keys: the {@code N} of the error bound. */
    synchronized long total() {
        return total;
    }

    private long estimate(long h) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < rows.length; i++) {
            least = Math.min(least, rows[i][index(h, i)]);
        }
        return least;
    }

    private int index(long h, int row) {
        int h1 = (int) h;
        int h2 = (int) (h >>> 32);
        return Math.floorMod(h1 + row * h2, width);
    }

    private static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
