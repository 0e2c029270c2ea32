package io.cepheus.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing secrets encrypted with AES-GCM, bound to their endpoint; the key configured or generated once. */
class SecretBoxTest {

    static final byte[] KEY = new byte[32];
    static final String SECRET = "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTA=";

    @TempDir
    Path dir;

    @Test
    void aSecretSealedForAnEndpointOpensForItAndNeverShows() {
        SecretBox box = new SecretBox(KEY);

        String sealed = box.seal("pager", SECRET);

        assertThat(sealed).startsWith("v1:").doesNotContain(SECRET).doesNotContain("c2VjcmV0");
        assertThat(box.seal("pager", SECRET)).as("a new nonce each time").isNotEqualTo(sealed);
        assertThat(box.open("pager", sealed)).isEqualTo(SECRET);
    }

    @Test
    void anotherKeyOrAnotherEndpointDoesNotOpenIt() {
        String sealed = new SecretBox(KEY).seal("pager", SECRET);
        byte[] other = new byte[32];
        other[0] = 1;

        assertThatThrownBy(() -> new SecretBox(other).open("pager", sealed))
                .hasMessage("the signing secret of endpoint pager does not decrypt with this node's key"
                        + " (webhook.secret.key): every node needs the same key");
        assertThatThrownBy(() -> new SecretBox(KEY).open("chat", sealed)).hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> new SecretBox(KEY).open("pager", "whsec_plain"))
                .hasMessage("the signing secret of endpoint pager is not encrypted by Cepheus");
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedOnceIntoAFileOnlyItsOwnerReads() throws Exception {
        Path file = dir.resolve("webhook-secret.key");

        SecretKeys.Loaded first = SecretKeys.load(Optional.empty(), file);
        SecretKeys.Loaded second = SecretKeys.load(Optional.empty(), file);

        assertThat(first.generated()).isTrue();
        assertThat(second.generated()).isFalse();
        assertThat(second.box().open("x", first.box().seal("x", SECRET))).isEqualTo(SECRET);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SecretKeys.load(Optional.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), file).file()).isEmpty();
    }
}
