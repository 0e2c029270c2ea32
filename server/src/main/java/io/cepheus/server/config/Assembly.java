package io.cepheus.server.config;

import io.cepheus.server.config.Parser.BadValue;
import io.cepheus.server.config.Sources.Setting;
import java.util.Optional;

/** Parses every option of {@link Sources} and builds the {@link ServerConfig}, with messages that name the option. */
final class Assembly {

    private final Sources sources;

    Assembly(Sources sources) {
        this.sources = sources;
    }

    ServerConfig config() {
        HttpSettings http = new HttpSettings(required(Options.HTTP_HOST), required(Options.HTTP_PORT));
        KafkaSettings kafka = new KafkaSettings(optional(Options.KAFKA_BOOTSTRAP), required(Options.KAFKA_PORT),
                required(Options.KAFKA_START_TIMEOUT));
        ProcessingSettings processing = new ProcessingSettings(required(Options.PROCESSING_GUARANTEE),
                required(Options.STANDBY_REPLICAS), required(Options.IDLE_TIMEOUT),
                required(Options.MAX_PARTIAL_MATCHES), required(Options.MAX_PARTIAL_MATCHES_PER_RULE),
                required(Options.SESSION_TIMEOUT));
        DataPlaneSettings dataPlane = new DataPlaneSettings(required(Options.STREAMS_APPLICATION_ID),
                required(Options.STREAM_PARTITIONS), optional(Options.KEYED_PARTITIONS),
                required(Options.STATE_TRANSACTIONAL), required(Options.STREAM_THREADS),
                optional(Options.COMMIT_INTERVAL), optional(Options.PRODUCER_LINGER),
                required(Options.PRODUCER_BATCH_BYTES));
        ApiSettings api = new ApiSettings(optional(Options.ADMIN_TOKEN), required(Options.HTTP_MAX_REQUEST_BYTES),
                optional(Options.HTTP_CORS_ORIGINS).orElse(java.util.List.of()), required(Options.INGEST_MAX_CONCURRENT),
                required(Options.ALERTS_RETENTION), required(Options.ALERTS_HEARTBEAT), required(Options.API_KAFKA_TIMEOUT));
        DemoSettings demo = new DemoSettings(required(Options.DEMO), required(Options.DEMO_RATE),
                optional(Options.DEMO_SEED).map(java.util.OptionalInt::of).orElse(java.util.OptionalInt.empty()));
        WebhookSettings webhooks = new WebhookSettings(optional(Options.WEBHOOK_SECRET_KEY),
                required(Options.WEBHOOK_ALLOW_LOOPBACK), required(Options.WEBHOOK_RETRY_SCHEDULE),
                required(Options.WEBHOOK_TIMEOUT), required(Options.WEBHOOK_CONCURRENCY),
                required(Options.WEBHOOK_CIRCUIT_OPEN), required(Options.WEBHOOK_RETENTION));
        return new ServerConfig(http, required(Options.DATA_DIR), kafka, optional(Options.RULES), topics(),
                processing, dataPlane, api, demo, webhooks);
    }

    private TopicNames topics() {
        String alerts = required(Options.TOPIC_ALERTS);
        String deadLetter = distinct(Options.TOPIC_DLQ, Options.TOPIC_ALERTS);
        distinct(Options.TOPIC_CONTROL, Options.TOPIC_ALERTS);
        String control = distinct(Options.TOPIC_CONTROL, Options.TOPIC_DLQ);
        distinct(Options.TOPIC_AUDIT, Options.TOPIC_ALERTS);
        distinct(Options.TOPIC_AUDIT, Options.TOPIC_DLQ);
        String audit = distinct(Options.TOPIC_AUDIT, Options.TOPIC_CONTROL);
        return new TopicNames(alerts, deadLetter, control, audit);
    }

    /** The value of {@code option}, checked to differ from {@code other}'s. */
    private String distinct(Option<String> option, Option<String> other) {
        String value = required(option);
        if (value.equals(required(other))) {
            throw new ConfigException("invalid " + setting(option).origin() + ": '" + value + "' is also the value of "
                    + setting(other).origin());
        }
        return value;
    }

    private <T> T required(Option<T> option) {
        return parse(option, setting(option));
    }

    /** Unset, or set to nothing, is empty. */
    private <T> Optional<T> optional(Option<T> option) {
        return sources.get(option).filter(s -> !s.text().isEmpty()).map(s -> parse(option, s));
    }

    private Setting setting(Option<?> option) {
        return sources.get(option).orElseThrow(() -> new IllegalStateException(option.key() + " has no default"));
    }

    private static <T> T parse(Option<T> option, Setting setting) {
        try {
            return option.parser().parse(setting.text());
        } catch (BadValue e) {
            throw new ConfigException("invalid " + setting.origin() + ": '" + setting.text() + "' " + e.getMessage());
        }
    }
}
