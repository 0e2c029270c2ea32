package io.cepheus.server.webhooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The key of the {@link SecretBox}: the configured one ({@code webhook.secret.key}), else the key
 * file in the data directory, generated (256 random bits, base64, readable by its owner only) at the
 * first start. A generated key is this node's own: nodes that share a control topic need the same
 * key, so copy the file or configure the key.
 */
public final class SecretKeys {

    /**
     * The key and where it came from.
     *
     * @param generated true if the key file was made at this start
     * @param file the key file, when the key is not configured
     */
    public record Loaded(SecretBox box, boolean generated, Optional<Path> file) {}

    private SecretKeys() {}

    /**
     * @param configured the configured key (base64), if any
     * @param file where the key is kept when none is configured
     * @throws UncheckedIOException if the file cannot be read or written
     * @throws IllegalStateException if the file does not hold a key
     */
    public static Loaded load(Optional<String> configured, Path file) {
        if (configured.isPresent()) {
            return new Loaded(new SecretBox(Base64.getDecoder().decode(configured.get())), false, Optional.empty());
        }
        boolean generated = false;
        try {
            if (!Files.exists(file)) {
                generated = create(file);
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            byte[] key;
            try {
                key = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the webhook key file " + file + " does not hold a base64 key");
            }
            return new Loaded(new SecretBox(key), generated, Optional.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the webhook key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean create(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".webhook-key", ".tmp");
        try {
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false; // made meanwhile by another
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
