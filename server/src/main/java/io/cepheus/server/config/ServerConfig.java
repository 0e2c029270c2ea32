package io.cepheus.server.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code cepheus serve} is configured with, validated: read by {@link ConfigLoader} from
 * the defaults, one properties file, {@code CEPHEUS_*} environment variables and command-line flags.
 * Immutable; safe to share between threads.
 *
 * @param http where the HTTP server listens
 * @param dataDir the node's data directory (the embedded broker's log under {@code kafka/})
 * @param kafka which Kafka to use: a cluster's bootstrap servers, or an embedded broker
 * @param rules the directory of {@code *.cep} rule files applied at start, if one is given
 * @param topics the names of the server's own topics
 * @param processing how the data plane processes records
 * @param dataPlane how the data plane is laid out (application id, partitions)
 * @param api the REST API's limits, CORS and first admin token
 * @param demo demo mode: example rules and a generator of events
 * @param webhooks how webhooks are delivered
 */
public record ServerConfig(
        HttpSettings http,
        Path dataDir,
        KafkaSettings kafka,
        Optional<Path> rules,
        TopicNames topics,
        ProcessingSettings processing,
        DataPlaneSettings dataPlane,
        ApiSettings api,
        DemoSettings demo,
        WebhookSettings webhooks) {

    public ServerConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(processing, "processing");
        Objects.requireNonNull(dataPlane, "dataPlane");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(demo, "demo");
        Objects.requireNonNull(webhooks, "webhooks");
    }

    /** A configuration without the demo, with the webhooks' defaults. */
    public ServerConfig(HttpSettings http, Path dataDir, KafkaSettings kafka, Optional<Path> rules, TopicNames topics,
                        ProcessingSettings processing, DataPlaneSettings dataPlane, ApiSettings api) {
        this(http, dataDir, kafka, rules, topics, processing, dataPlane, api, DemoSettings.off(),
                WebhookSettings.defaults());
    }

    /** A configuration with the REST API's defaults and without the demo. */
    public ServerConfig(HttpSettings http, Path dataDir, KafkaSettings kafka, Optional<Path> rules, TopicNames topics,
                        ProcessingSettings processing, DataPlaneSettings dataPlane) {
        this(http, dataDir, kafka, rules, topics, processing, dataPlane, ApiSettings.defaults());
    }

    /** The local state of the data plane's Kafka Streams: {@code streams} under the data directory. */
    public Path streamsDir() {
        return dataDir.resolve("streams");
    }

    /** The alert index (RocksDB): {@code alerts} under the data directory. */
    public Path alertsDir() {
        return dataDir.resolve("alerts");
    }

    /** The key that encrypts webhook signing secrets, when none is configured: {@code webhook-secret.key} under the data directory. */
    public Path webhookKeyFile() {
        return dataDir.resolve("webhook-secret.key");
    }

    /** The embedded broker's directory: {@code kafka} under the data directory. */
    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }
}
