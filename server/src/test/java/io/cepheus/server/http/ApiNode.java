package io.cepheus.server.http;

import static io.restassured.RestAssured.given;

import io.cepheus.server.config.ConfigLoader;
import io.cepheus.server.kafka.EmbeddedBroker;
import io.cepheus.server.kafka.KafkaClients;
import io.cepheus.server.node.ServerNode;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Test harness: one embedded broker and one node on it (for one test class), REST Assured requests
 * against it with a role's token, each response held against the OpenAPI document ({@link
 * OpenApiContract}), and reading a topic with a deadline.
 */
final class ApiNode implements AutoCloseable {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final OpenApiContract CONTRACT = new OpenApiContract();

    private final EmbeddedBroker broker;
    final KafkaClients clients;
    final ServerNode node;
    final String base;

    /** @param env more {@code CEPHEUS_*} settings */
    ApiNode(Path dir, Map<String, String> env) {
        this.broker = new EmbeddedBroker(dir.resolve("kafka"), 0, DEADLINE);
        this.clients = new KafkaClients(broker.start());
        Map<String, String> all = new HashMap<>(Map.of(
                "CEPHEUS_KAFKA_BOOTSTRAP", clients.bootstrap(),
                "CEPHEUS_HTTP_HOST", "127.0.0.1",
                "CEPHEUS_HTTP_PORT", "0",
                "CEPHEUS_DATA_DIR", dir.resolve("data").toString(),
                "CEPHEUS_ADMIN_TOKEN", ADMIN_TOKEN,
                "CEPHEUS_IDLE_TIMEOUT", "1s"));
        all.putAll(env);
        this.node = new ServerNode(new ConfigLoader(all).load(Optional.empty(), Map.of()));
        try {
            this.base = "http://127.0.0.1:" + node.start().http().getPort();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A request with no token. */
    RequestSpecification anonymous() {
        return given().baseUri(base).filter(CONTRACT)
                .config(RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
                        .encodeContentTypeAs("application/x-ndjson", ContentType.TEXT)
                        .encodeContentTypeAs("text/csv", ContentType.TEXT)));
    }

    /** A request with {@code token}. */
    RequestSpecification as(String token) {
        return anonymous().header("Authorization", "Bearer " + token);
    }

    RequestSpecification admin() {
        return as(ADMIN_TOKEN);
    }

    /** Makes a token of {@code role} through the API and returns it. */
    String token(String name, String role) {
        return admin().contentType("application/json").body(Map.of("name", name, "role", role))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
    }

    /** The values of {@code topic}'s records (every partition from the start), once {@code done} holds for them. */
    List<String> read(String topic, Predicate<List<String>> done) {
        List<String> seen = new ArrayList<>();
        long end = System.nanoTime() + DEADLINE.toNanos();
        Map<String, Object> config = clients.consumer("test-" + UUID.randomUUID());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!done.test(seen) && System.nanoTime() < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return seen;
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
        broker.close();
    }
}
