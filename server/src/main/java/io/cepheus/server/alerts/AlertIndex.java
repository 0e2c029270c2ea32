package io.cepheus.server.alerts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts this node has read from the alerts topic, and their lifecycle from the status topic, in
 * a RocksDB database of its own (layout: {@link IndexCodec}). Each batch the reader applies — alerts,
 * status records and the offsets after them — is one atomic write, so a node restarted after a crash
 * resumes from offsets that match what it holds.
 *
 * <p>Alerts get consecutive positions as they are read; newest first is descending position. Lists
 * walk the positions (or one rule's, when the filter names a rule) from the newest and test the
 * rest of the filter on each entry's header, reading the status only when the filter asks for one;
 * a page costs its items plus what the filter skips, at most {@link #SCAN_BUDGET} entries (then the
 * page is short and its cursor goes on from where the walk stopped). Retention deletes, oldest
 * first, what was indexed before the cut-off.
 *
 * <p>Thread-safe: one writer at a time (the reader thread, and {@link #expire}), any number of readers.
 */
public final class AlertIndex implements AutoCloseable {

    /** Entries one list request walks at most. */
    static final int SCAN_BUDGET = 100_000;

    private static final Logger log = LoggerFactory.getLogger(AlertIndex.class);

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final RocksDB db;
    private final WriteOptions writes = new WriteOptions();
    private final ReadWriteLock open = new ReentrantReadWriteLock();
    private final Object changed = new Object();
    private volatile long position;
    private volatile boolean closed;
    private volatile boolean waitsEnded;
    private final long migrated;

    private AlertIndex(Options options, RocksDB db) throws RocksDBException {
        this.options = options;
        this.db = db;
        this.migrated = IndexMigration.migrate(db, writes);
        if (migrated > 0) {
            log.info("the alert index moved {} alerts to layout version {}", migrated, IndexCodec.VERSION);
        }
        byte[] last = db.get(IndexCodec.META);
        this.position = last == null ? 0 : IndexCodec.number(last);
    }

    /**
     * Opens the index in {@code dir}, creating it if missing, and brings an index written by earlier
     * code to this code's layout ({@link IndexMigration}).
     *
     * @throws UncheckedIOException if it cannot be opened (another process holds it, say)
     * @throws IllegalStateException if a newer Cepheus wrote it
     */
    public static AlertIndex open(Path dir) {
        Options options = new Options().setCreateIfMissing(true);
        RocksDB db = null;
        try {
            Files.createDirectories(dir);
            db = RocksDB.open(options, dir.toString());
            return new AlertIndex(options, db);
        } catch (RocksDBException | IOException e) {
            close(db, options);
            throw new UncheckedIOException("cannot open the alert index in " + dir + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        } catch (IllegalStateException e) {
            close(db, options);
            throw e;
        }
    }

    private static void close(RocksDB db, Options options) {
        if (db != null) {
            db.close();
        }
        options.close();
    }

    /** How many alert entries opening this index rewrote to the current layout (0 unless it was older). */
    long migrated() {
        return migrated;
    }

    /** One record read from a topic, for {@link #apply}. */
    public sealed interface Update {
        String topic();

        int partition();

        long offset();
    }

    /** A record of the alerts topic: the alert's JSON, and when it was read (retention counts from it). */
    public record AlertRecord(String topic, int partition, long offset, long indexed, byte[] json) implements Update {}

    /** A record of the status topic; {@code value} null for a tombstone. */
    public record StatusRecord(String topic, int partition, long offset, String id, byte[] value) implements Update {}

    /** An alert with its lifecycle. */
    public record Found(IndexedAlert alert, AlertStatus status) {}

    /** A page, newest first, and the position to list before for the next one. */
    public record Listing(List<Found> items, OptionalLong next) {}

    /** Alerts after a position, oldest first, and the last position looked at. */
    public record Feed(List<Found> items, long last) {}

    /**
     * Applies records in topic order, in one atomic write with the offsets after them: alerts get the
     * next positions (an id already held is skipped: the topic may repeat an alert), status records
     * replace the alert's status. A record that is not an alert or a status is skipped and logged.
     *
     * @return how many records were skipped as malformed
     */
    public int apply(List<? extends Update> updates) {
        int malformed = 0;
        open.readLock().lock();
        try (WriteBatch batch = new WriteBatch()) {
            checkOpen();
            long next = position;
            Map<String, Long> ids = new java.util.HashMap<>();
            for (Update u : updates) {
                batch.put(IndexCodec.offsetKey(u.topic(), u.partition()), IndexCodec.number(u.offset() + 1));
                try {
                    switch (u) {
                        case AlertRecord r -> {
                            IndexedAlert a = IndexCodec.parse(next + 1, r.indexed(), r.json());
                            if (ids.containsKey(a.id()) || db.get(IndexCodec.idKey(a.id())) != null) {
                                continue;
                            }
                            next++;
                            ids.put(a.id(), next);
                            batch.put(IndexCodec.alertKey(next), IndexCodec.value(a));
                            batch.put(IndexCodec.idKey(a.id()), IndexCodec.number(next));
                            batch.put(IndexCodec.ruleKey(a.rule(), next), new byte[0]);
                            batch.put(IndexCodec.timeKey(r.indexed(), next), new byte[0]);
                        }
                        case StatusRecord s -> {
                            if (s.value() == null) {
                                batch.delete(IndexCodec.statusKey(s.id()));
                            } else {
                                StatusRecords.status(s.value());
                                batch.put(IndexCodec.statusKey(s.id()), s.value());
                            }
                        }
                    }
                } catch (IllegalArgumentException e) {
                    malformed++;
                    log.warn("record {}-{}@{} not indexed: {}", u.topic(), u.partition(), u.offset(), e.getMessage());
                }
            }
            batch.put(IndexCodec.META, IndexCodec.number(next));
            db.write(writes, batch);
            position = next;
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write to the alert index: " + e.getMessage(), e);
        } finally {
            open.readLock().unlock();
        }
        synchronized (changed) {
            changed.notifyAll();
        }
        return malformed;
    }

    /** The position of the newest alert read; 0 before the first. */
    public long position() {
        return position;
    }

    /** The offset after the last record applied from {@code topic}'s {@code partition}; empty if none. */
    public OptionalLong nextOffset(String topic, int partition) {
        byte[] v = get(IndexCodec.offsetKey(topic, partition));
        return v == null ? OptionalLong.empty() : OptionalLong.of(IndexCodec.number(v));
    }

    /**
     * Waits until a record at {@code offset} of {@code topic}'s {@code partition} (or a later one) is
     * applied: read-your-writes for a node that wrote it.
     *
     * @return whether it was within {@code timeout}
     */
    public boolean awaitOffset(String topic, int partition, long offset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (nextOffset(topic, partition).orElse(0) <= offset) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return false;
                }
                changed.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /**
     * Waits until an alert after {@code position} is indexed, at most {@code timeout}.
     *
     * @return whether there is one
     */
    public boolean awaitAfter(long position, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (this.position <= position) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed || waitsEnded) {
                    return false;
                }
                changed.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Ends every wait of {@link #awaitAfter}, now and later: the node stops, and so do its live feeds. */
    public void endWaits() {
        waitsEnded = true;
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Whether {@link #endWaits} or {@link #close} was called. */
    public boolean waitsEnded() {
        return waitsEnded || closed;
    }

    /** The alert with {@code id}, with its status. */
    public Optional<Found> get(String id) {
        byte[] p = get(IndexCodec.idKey(id));
        if (p == null) {
            return Optional.empty();
        }
        long at = IndexCodec.number(p);
        byte[] v = get(IndexCodec.alertKey(at));
        return v == null ? Optional.empty() : Optional.of(new Found(IndexCodec.alert(at, v), status(id)));
    }

    /** The status of alert {@code id}: open if it has none. */
    public AlertStatus status(String id) {
        byte[] v = get(IndexCodec.statusKey(id));
        return v == null ? AlertStatus.open(id) : StatusRecords.status(v);
    }

    /**
     * Up to {@code limit} alerts that {@code filter} wants, newest first, before position {@code before}
     * (all when empty).
     */
    public Listing list(AlertFilter filter, OptionalLong before, int limit) {
        long from = before.orElse(Long.MAX_VALUE) - 1;
        List<Found> items = new ArrayList<>();
        open.readLock().lock();
        try (RocksIterator it = db.newIterator()) {
            checkOpen();
            byte[] prefix = filter.rule().map(IndexCodec::rulePrefix).orElse(new byte[] {IndexCodec.ALERT});
            it.seekForPrev(filter.rule().map(r -> IndexCodec.ruleKey(r, from)).orElse(IndexCodec.alertKey(from)));
            int scanned = 0;
            long last = from + 1;
            for (; it.isValid() && IndexCodec.startsWith(it.key(), prefix); it.prev()) {
                if (items.size() == limit) {
                    return new Listing(items, OptionalLong.of(last));
                }
                if (scanned++ == SCAN_BUDGET) {
                    return new Listing(items, OptionalLong.of(last));
                }
                long at = filter.rule().isPresent() ? IndexCodec.positionOfRuleKey(it.key())
                        : IndexCodec.positionOfAlertKey(it.key());
                last = at;
                wanted(filter, at, filter.rule().isPresent() ? null : it.value()).ifPresent(items::add);
            }
            return new Listing(items, OptionalLong.empty());
        } finally {
            open.readLock().unlock();
        }
    }

    /** Up to {@code max} alerts that {@code filter} wants after {@code position}, oldest first: the live feed. */
    public Feed after(long position, AlertFilter filter, int max) {
        List<Found> items = new ArrayList<>();
        long last = position;
        open.readLock().lock();
        try (RocksIterator it = db.newIterator()) {
            checkOpen();
            it.seek(IndexCodec.alertKey(position + 1));
            int scanned = 0;
            for (; it.isValid() && it.key()[0] == IndexCodec.ALERT && items.size() < max && scanned++ < SCAN_BUDGET;
                 it.next()) {
                last = IndexCodec.positionOfAlertKey(it.key());
                wanted(filter, last, it.value()).ifPresent(items::add);
            }
            return new Feed(items, last);
        } finally {
            open.readLock().unlock();
        }
    }

    /** The alert at {@code at} with its status, if {@code filter} wants it; {@code value} read if null. */
    private Optional<Found> wanted(AlertFilter filter, long at, byte[] value) {
        byte[] v = value != null ? value : get(IndexCodec.alertKey(at));
        if (v == null) {
            return Optional.empty(); // expired meanwhile
        }
        IndexedAlert a = IndexCodec.alert(at, v);
        AlertStatus s = filter.needsStatus() ? status(a.id()) : null;
        if (!filter.test(a, s == null ? AlertStatus.State.OPEN : s.status())) {
            return Optional.empty();
        }
        return Optional.of(new Found(a, s == null ? status(a.id()) : s));
    }

    /** What the index holds of rule {@code rule}'s alerts (a walk over them). */
    public RuleAlertStats stats(String rule) {
        TreeMap<LocalDate, Long> perDay = new TreeMap<>();
        TreeMap<Instant, Long> perHour = new TreeMap<>();
        Map<AlertStatus.Disposition, Long> dispositions = new EnumMap<>(AlertStatus.Disposition.class);
        long count = 0;
        Instant lastFired = null;
        byte[] prefix = IndexCodec.rulePrefix(rule);
        open.readLock().lock();
        try (RocksIterator it = db.newIterator()) {
            checkOpen();
            for (it.seek(prefix); it.isValid() && IndexCodec.startsWith(it.key(), prefix); it.next()) {
                long at = IndexCodec.positionOfRuleKey(it.key());
                byte[] v = get(IndexCodec.alertKey(at));
                if (v == null) {
                    continue;
                }
                IndexedAlert a = IndexCodec.alert(at, v);
                count++;
                perDay.merge(LocalDate.ofInstant(a.time(), ZoneOffset.UTC), 1L, Long::sum);
                perHour.merge(a.time().truncatedTo(java.time.temporal.ChronoUnit.HOURS), 1L, Long::sum);
                lastFired = lastFired == null || a.time().isAfter(lastFired) ? a.time() : lastFired;
                AlertStatus s = status(a.id());
                if (s.disposition() != null) {
                    dispositions.merge(s.disposition(), 1L, Long::sum);
                }
            }
        } finally {
            open.readLock().unlock();
        }
        return new RuleAlertStats(count, perDay, perHour, dispositions, lastFired);
    }

    /**
     * Deletes the alerts indexed before {@code cutoff}, with their statuses.
     *
     * @return how many
     */
    public int expire(Instant cutoff) {
        int removed = 0;
        open.readLock().lock();
        try (RocksIterator it = db.newIterator(); WriteBatch batch = new WriteBatch()) {
            checkOpen();
            byte[] end = IndexCodec.timeKey(cutoff.toEpochMilli(), 0);
            for (it.seek(new byte[] {IndexCodec.TIME}); it.isValid() && it.key()[0] == IndexCodec.TIME
                    && java.util.Arrays.compareUnsigned(it.key(), end) < 0; it.next()) {
                long at = IndexCodec.number(java.util.Arrays.copyOfRange(it.key(), 9, 17));
                batch.delete(it.key());
                byte[] v = get(IndexCodec.alertKey(at));
                if (v != null) {
                    IndexedAlert a = IndexCodec.alert(at, v);
                    batch.delete(IndexCodec.alertKey(at));
                    batch.delete(IndexCodec.idKey(a.id()));
                    batch.delete(IndexCodec.ruleKey(a.rule(), at));
                    batch.delete(IndexCodec.statusKey(a.id()));
                    removed++;
                }
            }
            db.write(writes, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write to the alert index: " + e.getMessage(), e);
        } finally {
            open.readLock().unlock();
        }
        return removed;
    }

    private byte[] get(byte[] key) {
        open.readLock().lock();
        try {
            checkOpen();
            return db.get(key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read the alert index: " + e.getMessage(), e);
        } finally {
            open.readLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the alert index is closed");
        }
    }

    /** Wakes every waiter and closes the database once no read or write is under way. Idempotent. */
    @Override
    public void close() {
        closed = true;
        synchronized (changed) {
            changed.notifyAll();
        }
        open.writeLock().lock();
        try {
            if (db.isOwningHandle()) {
                db.close();
                writes.close();
                options.close();
            }
        } finally {
            open.writeLock().unlock();
        }
    }
}
