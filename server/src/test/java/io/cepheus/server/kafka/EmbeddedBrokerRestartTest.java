package io.cepheus.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's log outlives it: a restart over the same directory keeps topics and records. */
class EmbeddedBrokerRestartTest {

    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aRestartOverTheSameDirectoryKeepsTopicsAndRecords() throws Exception {
        Path logDir = dir.resolve("kafka");
        try (EmbeddedBroker first = new EmbeddedBroker(logDir, 0, START)) {
            KafkaClients clients = new KafkaClients(first.start());
            new Records(clients).createTopic("kept");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients.producer())) {
                producer.send(EmbeddedBrokerTest.record("kept", "k", "before restart")).get();
            }
            assertThat(first.formattedOnStart()).isTrue();
        }

        try (EmbeddedBroker second = new EmbeddedBroker(logDir, 0, START)) {
            KafkaClients clients = new KafkaClients(second.start());

            assertThat(second.formattedOnStart()).isFalse();
            assertThat(new Records(clients).readAll("kept", 1)).containsExactly("k=before restart");
        }
    }

    @Test
    void aSecondBrokerOnTheSameDirectoryIsRefusedAndTheFirstGoesOn() throws Exception {
        Path logDir = dir.resolve("kafka");
        try (EmbeddedBroker first = new EmbeddedBroker(logDir, 0, START)) {
            KafkaClients clients = new KafkaClients(first.start());
            EmbeddedBroker second = new EmbeddedBroker(logDir, 0, START);

            assertThatThrownBy(second::start)
                    .isInstanceOf(KafkaStartException.class)
                    .hasMessage("the Kafka log directory " + logDir + " is in use by another embedded broker"
                            + " (another cepheus serve on the same data directory?)");
            second.close();

            assertThat(first.isRunning()).isTrue();
            new Records(clients).createTopic("still-there");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients.producer())) {
                producer.send(EmbeddedBrokerTest.record("still-there", "k", "v")).get();
            }
        }
        // released on close: the directory can be used again
        try (EmbeddedBroker again = new EmbeddedBroker(logDir, 0, START)) {
            assertThat(new Records(new KafkaClients(again.start())).readAll("still-there", 1)).containsExactly("k=v");
        }
    }

    @Test
    void aTakenPortIsNamedAndNothingStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            EmbeddedBroker broker = new EmbeddedBroker(dir.resolve("kafka"), port, START);

            assertThatThrownBy(broker::start)
                    .isInstanceOf(KafkaStartException.class)
                    .hasMessage("the embedded Kafka broker cannot listen on 127.0.0.1:" + port
                            + " for clients: Address already in use (another Kafka running?"
                            + " set kafka.port / CEPHEUS_KAFKA_PORT to a free port, or 0 for any)");
            assertThat(broker.isRunning()).isFalse();
            assertThat(dir.resolve("kafka/meta.properties")).doesNotExist();
        }
    }
}
