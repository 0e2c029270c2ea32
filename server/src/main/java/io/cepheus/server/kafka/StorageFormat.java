package io.cepheus.server.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Formats the embedded node's log directory once, as {@code kafka-storage.sh format} does (Kafka's
 * own {@link Formatter}: a new cluster id, the latest production metadata version and features).
 * A directory that holds {@code meta.properties} is left as it is, so topics and records survive
 * restarts.
 */
final class StorageFormat {

    private StorageFormat() {}

    /**
     * @return true if the directory was formatted now, false if it already was
     * @throws KafkaStartException if the directory cannot be created or formatted
     */
    static boolean ensureFormatted(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return false;
        }
        try {
            Files.createDirectories(logDir);
            String dir = logDir.toAbsolutePath().toString();
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setNodeId(BrokerProperties.NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dir)
                    .addDirectory(dir)
                    .run();
            return true;
        } catch (IOException e) {
            throw new KafkaStartException("cannot create the Kafka log directory " + logDir + ": " + e, e);
        } catch (Exception e) {
            throw new KafkaStartException("cannot format the Kafka log directory " + logDir + ": " + e.getMessage(), e);
        }
    }
}
