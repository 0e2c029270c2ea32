package io.cepheus.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.server.config.DataPlaneSettings;
import io.cepheus.server.config.ProcessingGuarantee;
import io.cepheus.server.config.ProcessingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data plane's options reach Kafka Streams as the settings Kafka Streams itself reads. */
class KafkaClientsTest {

    private static final ProcessingSettings AT_LEAST_ONCE = new ProcessingSettings(ProcessingGuarantee.AT_LEAST_ONCE, 0,
            Duration.ofSeconds(30), 10_000, 1_000_000, Duration.ofSeconds(45));

    @Test
    void commitIntervalAndProducerLingerAreKafkaStreamsOwn(@TempDir Path state) {
        DataPlaneSettings dataPlane = new DataPlaneSettings("app", 1, Optional.empty(), true, 1,
                Optional.of(Duration.ofMillis(250)), Optional.of(Duration.ofMillis(5)), 65_536);

        StreamsConfig config = new StreamsConfig(new KafkaClients("127.0.0.1:9092").streams(dataPlane, state, AT_LEAST_ONCE));

        assertThat(config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(250L);
        assertThat(config.getProducerConfigs("client").get(ProducerConfig.LINGER_MS_CONFIG)).isEqualTo(5L);
        assertThat(config.getProducerConfigs("client").get(ProducerConfig.BATCH_SIZE_CONFIG)).isEqualTo(65_536);
    }

    @Test
    void theProducerBatchesAQuarterMebibyteByDefault(@TempDir Path state) {
        StreamsConfig config = new StreamsConfig(new KafkaClients("127.0.0.1:9092").streams(DataPlaneSettings.defaults(),
                state, AT_LEAST_ONCE));

        assertThat(config.getProducerConfigs("client").get(ProducerConfig.BATCH_SIZE_CONFIG)).isEqualTo(262_144);
    }

    @Test
    void tasksDoNotIdleForEmptyPartitions(@TempDir Path state) {
        StreamsConfig config = new StreamsConfig(new KafkaClients("127.0.0.1:9092").streams(DataPlaneSettings.defaults(),
                state, AT_LEAST_ONCE));

        assertThat(config.getLong(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    }

    @Test
    @SuppressWarnings("deprecation") // the option goes in Kafka 5, where what it opts in to is the default
    void theGlobalProcessingHandlerOptInReachesTheMainConsumersAssignor(@TempDir Path state) {
        StreamsConfig config = new StreamsConfig(new KafkaClients("127.0.0.1:9092").streams(DataPlaneSettings.defaults(),
                state, AT_LEAST_ONCE));

        // Kafka Streams' partition assignor builds a StreamsConfig of these and warns at every start when false
        StreamsConfig assignors = new StreamsConfig(config.getMainConsumerConfigs("group", "client", 0));

        assertThat(assignors.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
    }

    @Test
    void unsetTheyAreKafkaStreamsDefaults(@TempDir Path state) {
        Map<String, Object> settings = new KafkaClients("127.0.0.1:9092").streams(DataPlaneSettings.defaults(), state,
                AT_LEAST_ONCE);

        assertThat(settings).doesNotContainKeys(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG));
        StreamsConfig config = new StreamsConfig(settings);
        assertThat(config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(30_000L); // at least once
        assertThat(config.getProducerConfigs("client").get(ProducerConfig.LINGER_MS_CONFIG)).isEqualTo("100");
    }
}
