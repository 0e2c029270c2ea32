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
 * Test harness: one embedded broker and one node on it (for one test class), or another node on the
 * same broker ({@link #joining}); REST Assured requests against a node with a role's token, each
 * response held against the OpenAPI document ({@link OpenApiContract}), and reading a topic with a
 * deadline. Public for the web console's browser tests ({@code io.cepheus.server.console}).
 */
public final class ApiNode implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    public static final Duration DEADLINE = Duration.ofSeconds(60);
    static final OpenApiContract CONTRACT = new OpenApiContract();

    /** The broker this node started; null for a node that joined another's. */
    private EmbeddedBroker broker;
    public final KafkaClients clients;
    public final ServerNode node;
    public final String base;

    /**
     * A broker in {@code dir/kafka} and a node on it with data in {@code dir/data}.
     *
     * @param env more {@code CEPHEUS_*} settings
     */
    public ApiNode(Path dir, Map<String, String> env) {
        this(new EmbeddedBroker(dir.resolve("kafka"), 0, DEADLINE), null, dir.resolve("data"), env);
    }

    /**
     * Another node on {@code first}'s broker, with its data in {@code dataDir} (a node closed before
     * over the same directory comes back with what it kept).
     */
    static ApiNode joining(ApiNode first, Path dataDir, Map<String, String> env) {
        return new ApiNode(null, first.clients, dataDir, env);
    }

    private ApiNode(EmbeddedBroker broker, KafkaClients clients, Path dataDir, Map<String, String> env) {
        this.broker = broker;
        this.clients = broker == null ? clients : new KafkaClients(broker.start());
        Map<String, String> all = new HashMap<>(Map.of(
                "CEPHEUS_KAFKA_BOOTSTRAP", this.clients.bootstrap(),
                "CEPHEUS_HTTP_HOST", "127.0.0.1",
                "CEPHEUS_HTTP_PORT", "0",
                "CEPHEUS_DATA_DIR", dataDir.toString(),
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

    /** Stops the broker this node started: Kafka is gone for the node until {@link #restartBroker}. */
    void stopBroker() {
        broker.close();
    }

    /** Starts the broker again over its log, on the same port: the node's clients find it again. */
    void restartBroker() {
        String bootstrap = clients.bootstrap();
        broker = new EmbeddedBroker(broker.logDir(), Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)),
                DEADLINE);
        broker.start();
    }

    /** The value of a sample of this node's {@code /metrics}, e.g. {@code name{label="v"}}; 0 if absent. */
    double metric(String sample) {
        for (String line : anonymous().get("/metrics").asString().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).strip());
            }
        }
        return 0;
    }

    /** A request with no token. */
    public RequestSpecification anonymous() {
        return given().baseUri(base).filter(CONTRACT)
                .config(RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
                        .encodeContentTypeAs("application/x-ndjson", ContentType.TEXT)
                        .encodeContentTypeAs("text/csv", ContentType.TEXT)));
    }

    /** A request with {@code token}. */
    public RequestSpecification as(String token) {
        return anonymous().header("Authorization", "Bearer " + token);
    }

    public RequestSpecification admin() {
        return as(ADMIN_TOKEN);
    }

    /** Makes a token of {@code role} through the API and returns it. */
    public String token(String name, String role) {
        return admin().contentType("application/json").body(Map.of("name", name, "role", role))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
    }

    /** The values of {@code topic}'s records (every partition from the start), once {@code done} holds for them. */
    public List<String> read(String topic, Predicate<List<String>> done) {
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

    /** Closes the node, and the broker if it started it. */
    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
