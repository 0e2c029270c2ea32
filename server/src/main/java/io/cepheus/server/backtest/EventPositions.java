package io.cepheus.server.backtest;

import java.util.Arrays;

/**
 * Where each event of a backtest came from: event id (a hash of its declared id field or of the
 * line's content, the identity the server gives the same record) to position ({@code input << 32 |
 * line}). The first line with a given id keeps it: lines with the same id (identical lines, or the
 * same id field) are the same event to the engine.
 *
 * <p>Open addressing over two primitive arrays with linear probing, grown at half full: 32 bytes
 * per event at worst, no object per event. Not thread-safe.
 */
final class EventPositions {

    private static final long FREE = 0;
    private long[] ids = new long[1 << 12];
    private long[] positions = new long[1 << 12];
    private int size;
    /** Id 0 cannot be stored in the table (it marks a free slot); its position is kept apart. */
    private long zeroPosition = -1;

    /** Remembers {@code position} for {@code id} unless the id has one already. */
    void putIfAbsent(long id, long position) {
        if (id == FREE) {
            zeroPosition = zeroPosition < 0 ? position : zeroPosition;
            return;
        }
        if (2 * (size + 1) > ids.length) {
            grow();
        }
        int mask = ids.length - 1;
        for (int i = slot(id, mask); ; i = (i + 1) & mask) {
            if (ids[i] == id) {
                return;
            }
            if (ids[i] == FREE) {
                ids[i] = id;
                positions[i] = position;
                size++;
                return;
            }
        }
    }

    /** The position of {@code id}, or -1 if no event had it. */
    long get(long id) {
        if (id == FREE) {
            return zeroPosition;
        }
        int mask = ids.length - 1;
        for (int i = slot(id, mask); ; i = (i + 1) & mask) {
            if (ids[i] == id) {
                return positions[i];
            }
            if (ids[i] == FREE) {
                return -1;
            }
        }
    }

    private static int slot(long id, int mask) {
        return (int) (id ^ (id >>> 32)) & mask;
    }

    private void grow() {
        long[] oldIds = ids;
        long[] oldPositions = positions;
        ids = new long[oldIds.length * 2];
        positions = new long[oldIds.length * 2];
        size = 0;
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != FREE) {
                putIfAbsent(oldIds[i], oldPositions[i]);
            }
        }
        Arrays.fill(oldIds, FREE);
    }
}
