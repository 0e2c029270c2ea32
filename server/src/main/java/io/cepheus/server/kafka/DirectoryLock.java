package io.cepheus.server.kafka;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a log directory, held while the embedded broker runs. Kafka locks its log
 * directory only once the broker part starts; by then the controller part of a second node on the
 * same directory would already have written to the shared metadata log. This lock, taken first,
 * keeps a second node (another process, or this one) away entirely.
 */
final class DirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} through the file {@code dir.lock} beside it.
     *
     * @throws KafkaStartException if another broker holds it, or the file cannot be created
     */
    static DirectoryLock acquire(Path dir) {
        Path file = dir.resolveSibling(dir.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dir, channel);
            }
            return new DirectoryLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            throw inUse(dir, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new KafkaStartException("cannot lock the Kafka log directory " + dir + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel's close releases it too
        }
        closeQuietly(channel);
    }

    private static KafkaStartException inUse(Path dir, FileChannel channel) {
        closeQuietly(channel);
        return new KafkaStartException("the Kafka log directory " + dir + " is in use by another embedded broker"
                + " (another cepheus serve on the same data directory?)");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was locked through it
            }
        }
    }
}
