package io.cepheus.server.dataplane;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class with one embedded broker of its own ({@link Cluster}): started before its first
 * test, closed after its last, with a temporary directory for the broker and the tests' nodes.
 * Test classes run one after the other, so the static fields belong to one class at a time.
 */
abstract class WithCluster {

    @TempDir
    static Path dir;

    static Cluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new Cluster(dir);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }
}
