package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.server.node.ServerNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Time in the data plane: an idle stream's windows close with the wall clock; a restart continues where it stopped. */
class TimeTest extends WithCluster {

    static final String SILENCE = """
            stream beats {
              topic "idle-beats"
              time ts
              key host
              fields {
                host: string
                type: string
                ts: timestamp
              }
            }

            rule silent {
              from beats
              partition by host
              pattern beat -> not next_beat
              where
                beat: type == "heartbeat"
                next_beat: type == "heartbeat"
              within 3s
              alert {
                summary "${host} silent"
              }
            }
            """;

    static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void anAbsenceFiresOnAnIdleStreamWithinItsWindowPlusTheIdleTimeout() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("idle-rules"));
        Files.writeString(rules.resolve("beats.cep"), SILENCE);
        try (ServerNode node = cluster.start(cluster.config("idle", dir.resolve("idle-data"), rules,
                Map.of("CEPHEUS_IDLE_TIMEOUT", "1s")))) {
            Instant sent = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            ProducerRecord<byte[], byte[]> beat = new ProducerRecord<>("idle-beats", "h1".getBytes(StandardCharsets.UTF_8),
                    ("{\"host\":\"h1\",\"type\":\"heartbeat\",\"ts\":\"" + sent + "\"}").getBytes(StandardCharsets.UTF_8));
            beat.headers().add("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));
            cluster.send(List.of(beat));

            List<ConsumerRecord<byte[], byte[]>> alerts = cluster.read("idle-alerts", 1);
            Duration took = Duration.between(sent, Instant.now());

            assertThat(alerts).hasSize(1);
            JsonNode alert = new ObjectMapper().readTree(alerts.getFirst().value());
            assertThat(alert.get("kind").asText()).isEqualTo("timeout");
            assertThat(alert.get("fired").asText()).isEqualTo(sent.plusSeconds(3).toString());
            assertThat(alert.get("steps").get("beat").get(0).get("host").asText()).isEqualTo("h1");
            assertThat(new String(alerts.getFirst().headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                    .isEqualTo(TRACEPARENT);
            // the window (3 s) and the idle timeout (1 s), plus a punctuation (250 ms), a commit and a poll
            assertThat(took).isLessThan(Duration.ofSeconds(3 + 1 + 3));
        }
    }

    @Test
    void aNodeStoppedMidStreamAndStartedAgainGivesTheUninterruptedAlerts() throws Exception {
        String example = "unpaid-order";
        Path rules = Examples.rules(example, dir.resolve("restart-rules"), "restart");
        List<String> expected = Examples.backtest(example, rules);
        List<String> events = Examples.events(example);
        String key = Examples.compile(rules).streams().getFirst().keyField();
        int half = events.size() / 2;
        // the idle timeout outlasts the restart: a stream idle meanwhile would move to the wall clock
        Map<String, String> env = Map.of("CEPHEUS_IDLE_TIMEOUT", "5s");

        cluster.produceKeyed("restart-orders", events.subList(0, half), key);
        try (ServerNode first = cluster.start(cluster.config("restart", dir.resolve("restart-data"), rules, env))) {
            await().atMost(Cluster.DEADLINE).until(() -> committed("restart", "restart-orders") >= half);
        }
        try (ServerNode second = cluster.start(cluster.config("restart", dir.resolve("restart-data"), rules, env))) {
            cluster.produceKeyed("restart-orders", events.subList(half, events.size()), key);
            List<String> alerts = cluster.read("restart-alerts", expected.size()).stream()
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();

            assertThat(Examples.comparable(alerts)).isEqualTo(expected);
        }
    }

    @Test
    void watermarkStepsReachTheOtherTasksAtMostEveryFewMilliseconds() throws Exception {
        // no key: every event, and every broadcast watermark step, goes through the repartition topic
        cluster.createTopic("ms-clicks", 2);
        Path rules = Files.createDirectories(dir.resolve("ms-rules"));
        Files.writeString(rules.resolve("clicks.cep"), """
                stream clicks {
                  topic "ms-clicks"
                  time ts
                  fields {
                    user: string
                    type: string
                    ts: timestamp
                  }
                }

                rule click_then_buy {
                  from clicks
                  partition by user
                  pattern a -> b
                  where
                    a: type == "click"
                    b: type == "buy"
                  within 1s
                  alert { summary "${user}" }
                }
                """);
        int perPartition = 10_000;
        long base = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
        List<ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        for (int i = 0; i < perPartition; i++) {
            for (int p = 0; p < 2; p++) { // each record a millisecond later: its partition's watermark moves every time
                String event = "{\"user\":\"u" + p + "-" + (i % 7) + "\",\"type\":\"" + (i % 2 == 0 ? "click" : "buy")
                        + "\",\"ts\":" + (base + i) + "}";
                records.add(new ProducerRecord<>("ms-clicks", p, null, event.getBytes(StandardCharsets.UTF_8)));
            }
        }
        try (ServerNode node = cluster.start(cluster.config("ms", dir.resolve("ms-data"), rules, Map.of()))) {
            cluster.send(records);
            await().atMost(Cluster.DEADLINE).until(() -> cluster.committed("ms", "ms-clicks") == 2L * perPartition);

            long written;
            try (Admin admin = Admin.create(cluster.clients.admin())) {
                Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ends = Map.of(
                        new TopicPartition("ms-keyed-repartition", 0), org.apache.kafka.clients.admin.OffsetSpec.latest(),
                        new TopicPartition("ms-keyed-repartition", 1), org.apache.kafka.clients.admin.OffsetSpec.latest());
                written = admin.listOffsets(ends).all().get().values().stream().mapToLong(o -> o.offset()).sum();
            }
            // the events, then watermark records and transaction markers; a watermark record per step
            // and keyed partition would be 2 x 2 x 10,000 more
            assertThat(written).isGreaterThanOrEqualTo(2L * perPartition).isLessThan(2L * perPartition + perPartition);
            assertThat(cluster.read("ms-alerts", 1)).isNotEmpty(); // the buffered events were released
        }
    }

    /** The offset the application committed on partition 0 of {@code topic}. */
    private static long committed(String app, String topic) throws Exception {
        try (Admin admin = Admin.create(cluster.clients.admin())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(app)
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata o = offsets.get(new TopicPartition(topic, 0));
            return o == null ? 0 : o.offset();
        }
    }
}
