package io.cepheus.server.alerts;

import java.nio.ByteBuffer;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Brings an alert index written by earlier code to the layout of {@link IndexCodec#VERSION}, in place,
 * when it opens: positions, offsets, statuses and indexing times stay, so the reader resumes where it
 * was and live-feed clients' {@code Last-Event-ID}s stay valid (a rebuild from the topics would
 * renumber every alert and lose what the alerts topic no longer holds).
 *
 * <p>Version 1 → 2: each alert value gains a format byte and a flags byte (the shadow flag, read from
 * the alert's JSON). Entries are rewritten in batches of {@value #BATCH}; each value says by its first
 * byte which version it is in, so a migration cut short (a crash) goes on where it stopped at the next
 * open. The version key is written last. An index of a version this code does not know (written by
 * a newer Cepheus) is refused. Stateless.
 */
final class IndexMigration {

    static final int BATCH = 10_000;

    private IndexMigration() {}

    /**
     * Migrates {@code db} to the current version if it is older.
     *
     * @return how many alert entries were rewritten
     * @throws IllegalStateException if the index is of a newer version than this code writes
     */
    static long migrate(RocksDB db, WriteOptions writes) throws RocksDBException {
        byte[] stored = db.get(IndexCodec.VERSION_KEY);
        int version = stored == null ? 1 : ByteBuffer.wrap(stored).getInt();
        if (version > IndexCodec.VERSION) {
            throw new IllegalStateException("the alert index was written by a newer Cepheus (layout version " + version
                    + "; this one reads up to " + IndexCodec.VERSION + "): remove its directory and the node rebuilds it"
                    + " from the alerts topic");
        }
        long rewritten = version < IndexCodec.VERSION ? rewriteVersion1(db, writes) : 0;
        if (stored == null || version < IndexCodec.VERSION) {
            db.put(writes, IndexCodec.VERSION_KEY, ByteBuffer.allocate(4).putInt(IndexCodec.VERSION).array());
        }
        return rewritten;
    }

    private static long rewriteVersion1(RocksDB db, WriteOptions writes) throws RocksDBException {
        long rewritten = 0;
        WriteBatch batch = new WriteBatch();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[] {IndexCodec.ALERT}); it.isValid() && it.key()[0] == IndexCodec.ALERT; it.next()) {
                byte[] value = it.value();
                if (!IndexCodec.isVersion1(value)) {
                    continue;
                }
                long position = IndexCodec.positionOfAlertKey(it.key());
                batch.put(it.key(), IndexCodec.value(IndexCodec.alertOfVersion1(position, value)));
                if (++rewritten % BATCH == 0) {
                    db.write(writes, batch);
                    batch.close();
                    batch = new WriteBatch();
                }
            }
            db.write(writes, batch);
        } finally {
            batch.close();
        }
        return rewritten;
    }
}
