package io.cepheus.server.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The node's id, kept in {@code node-id} in its data directory: made at the first start, the same at
 * every later one. The webhook dispatcher is a static member of its consumer group under it, so a
 * node restarted after a crash takes its alerts partitions back at once.
 */
final class NodeId {

    private NodeId() {}

    /** @throws UncheckedIOException if the file cannot be read or written */
    static String load(Path dataDir) {
        Path file = dataDir.resolve("node-id");
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (id.matches("[A-Za-z0-9-]{1,64}")) {
                    return id;
                }
            }
            String id = UUID.randomUUID().toString();
            Files.writeString(file, id + "\n", StandardCharsets.US_ASCII);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the node id " + file + ": " + e.getMessage(), e);
        }
    }
}
