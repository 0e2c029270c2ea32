package io.cepheus.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cepheus.core.CepEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    static ServerConfig load(Map<String, String> env) {
        return new ConfigLoader(env).load(Optional.empty(), Map.of());
    }

    @Test
    void withNothingSetEveryOptionHasItsDefault() {
        ServerConfig config = load(Map.of("HOME", "/root", "PATH", "/bin"));

        assertThat(config).isEqualTo(new ServerConfig(
                new HttpSettings("0.0.0.0", 8080),
                Path.of("./data"),
                new KafkaSettings(Optional.empty(), 9092, Duration.ofSeconds(60)),
                Optional.empty(),
                new TopicNames("cepheus-alerts", "cepheus-dlq", "cepheus-control"),
                new ProcessingSettings(ProcessingGuarantee.EXACTLY_ONCE_V2, 0, Duration.ofSeconds(30), 10_000, 1_000_000,
                        Duration.ofSeconds(45)),
                DataPlaneSettings.defaults()));
        assertThat(config.kafka().embedded()).isTrue();
        assertThat(config.kafkaDir()).isEqualTo(Path.of("./data/kafka"));
    }

    @Test
    void theDefaultCapsOnPartialMatchesAreTheEngines() {
        assertThat(load(Map.of()).processing().maxPartialMatches()).isEqualTo(CepEngine.DEFAULT_MAX_PARTIAL_MATCHES);
        assertThat((long) load(Map.of()).processing().maxPartialMatchesPerRule())
                .isEqualTo(CepEngine.DEFAULT_MAX_PARTIAL_MATCHES_PER_RULE);
    }

    @Test
    void everyOptionCanBeSetInTheEnvironment() {
        ServerConfig config = load(Map.ofEntries(
                Map.entry("CEPHEUS_HTTP_HOST", "127.0.0.1"),
                Map.entry("CEPHEUS_HTTP_PORT", "0"),
                Map.entry("CEPHEUS_DATA_DIR", dir.toString()),
                Map.entry("CEPHEUS_KAFKA_BOOTSTRAP", "k1:9092, k2:9093"),
                Map.entry("CEPHEUS_KAFKA_PORT", "0"),
                Map.entry("CEPHEUS_KAFKA_START_TIMEOUT", "500ms"),
                Map.entry("CEPHEUS_RULES", dir.toString()),
                Map.entry("CEPHEUS_TOPIC_ALERTS", "a"),
                Map.entry("CEPHEUS_TOPIC_DLQ", "d"),
                Map.entry("CEPHEUS_TOPIC_CONTROL", "c"),
                Map.entry("CEPHEUS_IDLE_TIMEOUT", "2m"),
                Map.entry("CEPHEUS_PROCESSING_GUARANTEE", "at_least_once"),
                Map.entry("CEPHEUS_STANDBY_REPLICAS", "1"),
                Map.entry("CEPHEUS_MAX_PARTIAL_MATCHES", "500"),
                Map.entry("CEPHEUS_MAX_PARTIAL_MATCHES_PER_RULE", "20000"),
                Map.entry("CEPHEUS_SESSION_TIMEOUT", "10s"),
                Map.entry("CEPHEUS_STREAMS_APPLICATION_ID", "fraud.eu-1"),
                Map.entry("CEPHEUS_STREAM_PARTITIONS", "3"),
                Map.entry("CEPHEUS_KEYED_PARTITIONS", "6"),
                Map.entry("CEPHEUS_STATE_TRANSACTIONAL", "FALSE"),
                Map.entry("CEPHEUS_STREAM_THREADS", "2"),
                Map.entry("CEPHEUS_COMMIT_INTERVAL", "1s"),
                Map.entry("CEPHEUS_PRODUCER_LINGER", "0ms"),
                Map.entry("CEPHEUS_PRODUCER_BATCH_BYTES", "65536")));

        assertThat(config).isEqualTo(new ServerConfig(
                new HttpSettings("127.0.0.1", 0),
                dir,
                new KafkaSettings(Optional.of("k1:9092,k2:9093"), 0, Duration.ofMillis(500)),
                Optional.of(dir),
                new TopicNames("a", "d", "c"),
                new ProcessingSettings(ProcessingGuarantee.AT_LEAST_ONCE, 1, Duration.ofMinutes(2), 500, 20_000,
                        Duration.ofSeconds(10)),
                new DataPlaneSettings("fraud.eu-1", 3, Optional.of(6), false, 2, Optional.of(Duration.ofSeconds(1)),
                        Optional.of(Duration.ZERO), 65_536)));
        assertThat(config.kafka().embedded()).isFalse();
    }

    @Test
    void theRestApiOptions() {
        ServerConfig config = load(Map.of("CEPHEUS_ADMIN_TOKEN", "s3cr3t-s3cr3t-s3cr3t",
                "CEPHEUS_HTTP_MAX_REQUEST_BYTES", "2048", "CEPHEUS_HTTP_CORS_ORIGINS", "https://a.example, http://b:3000",
                "CEPHEUS_INGEST_MAX_CONCURRENT", "2", "CEPHEUS_TOPIC_AUDIT", "audit", "CEPHEUS_ALERTS_RETENTION", "2h",
                "CEPHEUS_ALERTS_HEARTBEAT", "500ms", "CEPHEUS_API_KAFKA_TIMEOUT", "5s"));

        assertThat(config.api()).isEqualTo(new ApiSettings(Optional.of("s3cr3t-s3cr3t-s3cr3t"), 2048,
                List.of("https://a.example", "http://b:3000"), 2, Duration.ofHours(2), Duration.ofMillis(500),
                Duration.ofSeconds(5)));
        assertThat(config.topics().alertStatus()).isEqualTo("cepheus-alerts-status");
        assertThat(config.api().toString()).doesNotContain("s3cr3t");
        assertThat(config.topics().audit()).isEqualTo("audit");
        assertThat(load(Map.of()).api()).isEqualTo(ApiSettings.defaults());
        assertThatThrownBy(() -> load(Map.of("CEPHEUS_HTTP_CORS_ORIGINS", "console.example")))
                .isInstanceOf(ConfigException.class).hasMessage("invalid CEPHEUS_HTTP_CORS_ORIGINS: 'console.example' is"
                        + " not * or a list of origins (e.g. https://console.example.com,http://localhost:3000)");
        assertThatThrownBy(() -> load(Map.of("CEPHEUS_TOPIC_AUDIT", "cepheus-control")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid CEPHEUS_TOPIC_AUDIT: 'cepheus-control' is also the value of topic.control (default)");
    }

    @Test
    void demoModeIsOffUnlessTheFlagOrItsVariableSaysSo() {
        assertThat(load(Map.of()).demo()).isEqualTo(DemoSettings.off());
        assertThat(new ConfigLoader(Map.of()).load(Optional.empty(), Map.of("demo", "true")).demo())
                .isEqualTo(new DemoSettings(true, 20, java.util.OptionalInt.empty()));
        assertThat(load(Map.of("CEPHEUS_DEMO", "TRUE", "CEPHEUS_DEMO_RATE", "5", "CEPHEUS_DEMO_SEED", "42")).demo())
                .isEqualTo(new DemoSettings(true, 5, java.util.OptionalInt.of(42)));
    }

    @Test
    void theWebhookOptions() {
        String key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        ServerConfig config = load(Map.of("CEPHEUS_WEBHOOK_SECRET_KEY", key, "CEPHEUS_WEBHOOK_ALLOW_LOOPBACK", "true",
                "CEPHEUS_WEBHOOK_RETRY_SCHEDULE", "50ms, 1s,2m", "CEPHEUS_WEBHOOK_TIMEOUT", "2s",
                "CEPHEUS_WEBHOOK_CONCURRENCY", "8", "CEPHEUS_WEBHOOK_CIRCUIT_OPEN", "1m", "CEPHEUS_WEBHOOK_RETENTION", "1d"));

        assertThat(config.webhooks()).isEqualTo(new WebhookSettings(Optional.of(key), true,
                List.of(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofMinutes(2)), Duration.ofSeconds(2), 8,
                Duration.ofMinutes(1), Duration.ofDays(1)));
        assertThat(config.webhooks().toString()).doesNotContain(key);
        assertThat(load(Map.of()).webhooks()).isEqualTo(WebhookSettings.defaults());
        assertThat(config.topics().deliveries()).isEqualTo("cepheus-alerts-deliveries");
        assertThat(config.webhookKeyFile()).isEqualTo(Path.of("./data/webhook-secret.key"));
    }

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheFile() throws IOException {
        Path file = write("http.port=1\nkafka.port=1\nrules=" + dir + "\n");
        Path flagRules = Files.createDirectory(dir.resolve("flag-rules"));

        ServerConfig config = new ConfigLoader(Map.of("CEPHEUS_HTTP_PORT", "2", "CEPHEUS_RULES", "/nonexistent"))
                .load(Optional.of(file), Map.of("rules", flagRules.toString()));

        assertThat(config.http().port()).isEqualTo(2);
        assertThat(config.kafka().embeddedPort()).isEqualTo(1);
        assertThat(config.rules()).contains(flagRules);
    }

    @Test
    void anOptionSetToNothingIsUnset() {
        ServerConfig config = load(Map.of("CEPHEUS_KAFKA_BOOTSTRAP", "", "CEPHEUS_RULES", " "));

        assertThat(config.kafka().bootstrap()).isEmpty();
        assertThat(config.rules()).isEmpty();
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                bad("CEPHEUS_HTTP_PORT", "abc", "is not a port number (0 to 65535; 0 picks a free port)"),
                bad("CEPHEUS_HTTP_PORT", "65536", "is not a port number (0 to 65535; 0 picks a free port)"),
                bad("CEPHEUS_HTTP_PORT", "-1", "is not a port number (0 to 65535; 0 picks a free port)"),
                bad("CEPHEUS_HTTP_PORT", "", "is not a port number (0 to 65535; 0 picks a free port)"),
                bad("CEPHEUS_KAFKA_PORT", "9092x", "is not a port number (0 to 65535; 0 picks a free port)"),
                bad("CEPHEUS_HTTP_HOST", "local host", "is not a host name or IP address (e.g. 0.0.0.0 or 127.0.0.1)"),
                bad("CEPHEUS_KAFKA_BOOTSTRAP", "localhost", "is not a list of host:port (e.g. kafka1:9092,kafka2:9092)"),
                bad("CEPHEUS_KAFKA_BOOTSTRAP", "a:1,,b:2", "is not a list of host:port (e.g. kafka1:9092,kafka2:9092)"),
                bad("CEPHEUS_KAFKA_START_TIMEOUT", "0s",
                        "is not a duration above zero (a whole number with ms, s, m, h or d, e.g. 30s)"),
                bad("CEPHEUS_IDLE_TIMEOUT", "30", "is not a duration above zero (a whole number with ms, s, m, h or d, e.g. 30s)"),
                bad("CEPHEUS_IDLE_TIMEOUT", "1.5s",
                        "is not a duration above zero (a whole number with ms, s, m, h or d, e.g. 30s)"),
                bad("CEPHEUS_IDLE_TIMEOUT", "PT30S",
                        "is not a duration above zero (a whole number with ms, s, m, h or d, e.g. 30s)"),
                bad("CEPHEUS_PROCESSING_GUARANTEE", "exactly_once",
                        "is not one of exactly_once_v2, at_least_once"),
                bad("CEPHEUS_STANDBY_REPLICAS", "-1", "is not a whole number of 0 or more"),
                bad("CEPHEUS_MAX_PARTIAL_MATCHES", "0", "is not a whole number of 1 or more"),
                bad("CEPHEUS_MAX_PARTIAL_MATCHES", "many", "is not a whole number of 1 or more"),
                bad("CEPHEUS_TOPIC_ALERTS", "my alerts",
                        "is not a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -, not . or ..)"),
                bad("CEPHEUS_TOPIC_DLQ", "..", "is not a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -, not . or ..)"),
                bad("CEPHEUS_TOPIC_CONTROL", "x".repeat(250),
                        "is not a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -, not . or ..)"),
                bad("CEPHEUS_RULES", "/no/such/dir", "does not exist"),
                bad("CEPHEUS_RULES", "pom.xml", "is not a directory"),
                bad("CEPHEUS_DATA_DIR", "pom.xml", "is not a directory"),
                bad("CEPHEUS_STREAMS_APPLICATION_ID", "my app", "is not an application id (1 to 200 of a-z A-Z 0-9 . _ -)"),
                bad("CEPHEUS_STREAM_PARTITIONS", "0", "is not a whole number of 1 or more"),
                bad("CEPHEUS_KEYED_PARTITIONS", "-2", "is not a whole number of 1 or more"),
                bad("CEPHEUS_STATE_TRANSACTIONAL", "yes", "is not true or false"),
                bad("CEPHEUS_DEMO", "on", "is not true or false"),
                bad("CEPHEUS_DEMO_RATE", "0", "is not a whole number of 1 or more"),
                bad("CEPHEUS_DEMO_SEED", "-5", "is not a whole number of 0 or more"),
                bad("CEPHEUS_WEBHOOK_SECRET_KEY", "c2hvcnQ=", "is not an AES key (base64 of 16, 24 or 32 bytes; e.g. the"
                        + " output of openssl rand -base64 32)"),
                bad("CEPHEUS_WEBHOOK_SECRET_KEY", "not base64!", "is not an AES key (base64 of 16, 24 or 32 bytes; e.g."
                        + " the output of openssl rand -base64 32)"),
                bad("CEPHEUS_WEBHOOK_RETRY_SCHEDULE", "5s,,1m", "is not a list of 1 to 30 durations above zero (e.g."
                        + " 5s,30s,2m)"),
                bad("CEPHEUS_WEBHOOK_RETRY_SCHEDULE", "0s", "is not a list of 1 to 30 durations above zero (e.g."
                        + " 5s,30s,2m)"),
                bad("CEPHEUS_WEBHOOK_ALLOW_LOOPBACK", "maybe", "is not true or false"),
                bad("CEPHEUS_WEBHOOK_CONCURRENCY", "0", "is not a whole number of 1 or more"),
                bad("CEPHEUS_STREAM_THREADS", "0", "is not a whole number of 1 or more"),
                bad("CEPHEUS_COMMIT_INTERVAL", "0s",
                        "is not a duration above zero (a whole number with ms, s, m, h or d, e.g. 30s)"),
                bad("CEPHEUS_PRODUCER_LINGER", "-5ms", "is not a duration (a whole number with ms, s, m, h or d, e.g. 5ms)"),
                bad("CEPHEUS_PRODUCER_LINGER", "5", "is not a duration (a whole number with ms, s, m, h or d, e.g. 5ms)"));
    }

    private static Arguments bad(String variable, String value, String problem) {
        return Arguments.of(variable, value, problem);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalidValues")
    void anInvalidValueIsNamedWithItsVariable(String variable, String value, String problem) {
        assertThatThrownBy(() -> load(Map.of(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid " + variable + ": '" + value.strip() + "' " + problem);
    }

    @Test
    void anInvalidValueInTheFileIsNamedWithItsKeyAndTheFile() throws IOException {
        Path file = write("# a comment\nhttp.port = 80 80\n");

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid http.port in " + file
                        + ": '80 80' is not a port number (0 to 65535; 0 picks a free port)");
    }

    @Test
    void anInvalidFlagIsNamedAsTheFlag() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.empty(), Map.of("rules", "/no/such/dir")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid --rules: '/no/such/dir' does not exist");
    }

    @Test
    void twoTopicsWithOneNameAreAnError() {
        assertThatThrownBy(() -> load(Map.of("CEPHEUS_TOPIC_DLQ", "cepheus-alerts")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid CEPHEUS_TOPIC_DLQ: 'cepheus-alerts' is also the value of topic.alerts (default)");
        assertThatThrownBy(() -> load(Map.of("CEPHEUS_TOPIC_CONTROL", "x", "CEPHEUS_TOPIC_DLQ", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid CEPHEUS_TOPIC_CONTROL: 'x' is also the value of CEPHEUS_TOPIC_DLQ");
    }

    @Test
    void anUnknownVariableIsAnErrorWithTheClosestName() {
        assertThatThrownBy(() -> load(Map.of("CEPHEUS_HTTP_PROT", "8080")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown environment variable CEPHEUS_HTTP_PROT (did you mean CEPHEUS_HTTP_PORT?)");
        assertThatThrownBy(() -> load(Map.of("CEPHEUS_COLOUR", "blue")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown environment variable CEPHEUS_COLOUR (cepheus serve --help lists the options)");
    }

    @Test
    void anUnknownKeyInTheFileIsAnError() throws IOException {
        Path file = write("data.dri=/tmp\n");

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown option 'data.dri' in " + file + " (did you mean data.dir?)");
    }

    @Test
    void aMissingConfigFileIsAnError() {
        Path missing = dir.resolve("missing.properties");

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(missing), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cannot read the config file " + missing + ": no such file");
    }

    @Test
    void theFileIsReadAsUtf8() throws IOException {
        Path rules = Files.createDirectory(dir.resolve("règles"));
        Path file = write("rules=" + rules + "\n");

        assertThat(new ConfigLoader(Map.of()).load(Optional.of(file), Map.of()).rules()).contains(rules);
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("cepheus.properties"), text);
    }
}
