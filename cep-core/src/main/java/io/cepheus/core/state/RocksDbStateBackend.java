package io.cepheus.core.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * Keeps state in a RocksDB database under a directory, one column family per store. Values are
 * encoded with the store's codec on every write and decoded on every read; keys are UTF-8.
 *
 * <p>Writes skip the write-ahead log: durability comes from the engine's snapshots (and, in the
 * server, from Kafka changelogs), as in Kafka Streams and Flink.
 */
public final class RocksDbStateBackend implements StateBackend {

    static {
        RocksDB.loadLibrary();
    }

    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final OpenNames names = new OpenNames();

    /**
     * Opens or creates the database in {@code directory}.
     *
     * @throws UncheckedIOException if the directory cannot be created or RocksDB fails to open
     */
    public RocksDbStateBackend(Path directory) {
        try {
            Files.createDirectories(directory);
            dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
            cfOptions = new ColumnFamilyOptions();
            writeOptions = new WriteOptions().setDisableWAL(true);
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (byte[] name : existingFamilies(directory)) {
                descriptors.add(new ColumnFamilyDescriptor(name, cfOptions));
            }
            db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + directory, e);
        } catch (RocksDBException e) {
            throw new UncheckedIOException(new IOException("cannot open RocksDB in " + directory + ": " + e.getMessage(), e));
        }
    }

    private List<byte[]> existingFamilies(Path directory) throws RocksDBException {
        List<byte[]> names = new ArrayList<>();
        if (Files.exists(directory.resolve("CURRENT"))) {
            try (org.rocksdb.Options options = new org.rocksdb.Options()) {
                names.addAll(RocksDB.listColumnFamilies(options, directory.toString()));
            }
        }
        if (names.isEmpty()) {
            names.add(RocksDB.DEFAULT_COLUMN_FAMILY);
        }
        return names;
    }

    @Override
    public synchronized <V> KeyedStore<V> open(String name, StateCodec<V> codec) {
        names.acquire(name);
        byte[] cfName = name.getBytes(StandardCharsets.UTF_8);
        for (ColumnFamilyHandle handle : handles) {
            try {
                if (java.util.Arrays.equals(handle.getName(), cfName)) {
                    return new RocksStore<>(name, handle, codec);
                }
            } catch (RocksDBException e) {
                throw new IllegalStateException("cannot read a column family name: " + e.getMessage(), e);
            }
        }
        try {
            ColumnFamilyHandle handle = db.createColumnFamily(new ColumnFamilyDescriptor(cfName, cfOptions));
            handles.add(handle);
            return new RocksStore<>(name, handle, codec);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot create store " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        handles.forEach(ColumnFamilyHandle::close);
        handles.clear();
        db.close();
        writeOptions.close();
        cfOptions.close();
        dbOptions.close();
    }

    @Override
    public String toString() {
        return "rocksdb";
    }

    private final class RocksStore<V> implements KeyedStore<V> {
        private final String name;
        private final ColumnFamilyHandle handle;
        private final StateCodec<V> codec;

        RocksStore(String name, ColumnFamilyHandle handle, StateCodec<V> codec) {
            this.name = name;
            this.handle = handle;
            this.codec = codec;
        }

        @Override
        public V get(String key) {
            try {
                byte[] bytes = db.get(handle, key.getBytes(StandardCharsets.UTF_8));
                return bytes == null ? null : codec.decode(bytes);
            } catch (RocksDBException e) {
                throw new IllegalStateException("RocksDB read failed for key " + key + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void put(String key, V value) {
            try {
                db.put(handle, writeOptions, key.getBytes(StandardCharsets.UTF_8), codec.encode(value));
            } catch (RocksDBException e) {
                throw new IllegalStateException("RocksDB write failed for key " + key + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void remove(String key) {
            try {
                db.delete(handle, writeOptions, key.getBytes(StandardCharsets.UTF_8));
            } catch (RocksDBException e) {
                throw new IllegalStateException("RocksDB delete failed for key " + key + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void forEach(BiConsumer<String, V> action) {
            try (RocksIterator it = db.newIterator(handle)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    action.accept(new String(it.key(), StandardCharsets.UTF_8), codec.decode(it.value()));
                }
            }
        }

        @Override
        public void forEachEncoded(BiConsumer<String, byte[]> action) {
            try (RocksIterator it = db.newIterator(handle)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    action.accept(new String(it.key(), StandardCharsets.UTF_8), it.value());
                }
            }
        }

        @Override
        public long approximateSize() {
            try {
                return db.getLongProperty(handle, "rocksdb.estimate-num-keys");
            } catch (RocksDBException e) {
                return -1;
            }
        }

        @Override
        public void close() {
            names.release(name);
        }

        @Override
        public void clear() {
            List<byte[]> keys = new ArrayList<>();
            try (RocksIterator it = db.newIterator(handle)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    keys.add(it.key());
                }
            }
            try {
                for (byte[] k : keys) {
                    db.delete(handle, writeOptions, k);
                }
            } catch (RocksDBException e) {
                throw new IllegalStateException("RocksDB clear failed: " + e.getMessage(), e);
            }
        }
    }
}
