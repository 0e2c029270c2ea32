package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.server.node.ServerNode;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * A batch mixing good records with many kinds of bad ones: every bad record lands in the dead-letter
 * topic with its reason, origin and original bytes; the good ones give their alerts; the data plane
 * keeps running.
 */
class DeadLetterTest extends WithCluster {

    static final String RULES = """
            stream txs {
              topic "dl-txs"
              time ts
              key account
              fields {
                account: string
                amount: decimal
                count: long
                flag: bool
                ts: timestamp
              }
            }

            rule big {
              from txs
              partition by account
              pattern b
              where
                b: amount > 100
              alert {
                summary "${account} paid ${b.amount}"
              }
            }
            """;

    /** A record to produce and, for a bad one, the reason it must be dead-lettered with. */
    record Case(String name, byte[] value, String reason) {
        static Case good(String json) {
            return new Case("good", json.getBytes(StandardCharsets.UTF_8), null);
        }

        static Case bad(String name, String text, String reason) {
            return new Case(name, text == null ? null : text.getBytes(StandardCharsets.UTF_8), reason);
        }
    }

    static String tx(String account, String amount, String ts) {
        return "{\"account\":\"" + account + "\",\"amount\":" + amount + ",\"count\":1,\"flag\":true,\"ts\":\"" + ts + "\"}";
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithTheirReasonAndGoodOnesGiveTheirAlerts() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("txs.cep"), RULES);
        byte[] oversize = new byte[(1 << 20) + 10];
        Arrays.fill(oversize, (byte) ' ');
        byte[] json = tx("a9", "1", "2026-03-01T10:00:09Z").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(json, 0, oversize, 0, json.length);
        List<Case> cases = List.of(
                Case.good(tx("a1", "150.00", "2026-03-01T10:00:00Z")),
                Case.bad("truncated JSON", "{\"account\":\"a2\",\"amount\":", "invalid_json"),
                Case.bad("plain text", "hello", "invalid_json"),
                Case.bad("two values", tx("a2", "1", "2026-03-01T10:00:01Z") + " {}", "invalid_json"),
                Case.bad("a tombstone", null, "invalid_json"),
                Case.bad("an array", "[1,2]", "not_an_object"),
                Case.bad("a string", "\"tx\"", "not_an_object"),
                Case.bad("a word for a decimal", tx("a2", "\"ten\"", "2026-03-01T10:00:01Z"), "wrong_type"),
                Case.bad("a string for a bool",
                        "{\"account\":\"a2\",\"amount\":1,\"flag\":\"yes\",\"ts\":\"2026-03-01T10:00:01Z\"}", "wrong_type"),
                Case.bad("a fraction for a long",
                        "{\"account\":\"a2\",\"amount\":1,\"count\":1.5,\"ts\":\"2026-03-01T10:00:01Z\"}", "wrong_type"),
                Case.bad("no time", "{\"account\":\"a2\",\"amount\":1}", "missing_time"),
                Case.bad("a null time", "{\"account\":\"a2\",\"amount\":1,\"ts\":null}", "missing_time"),
                Case.bad("year 10000", "{\"account\":\"a2\",\"amount\":1,\"ts\":253402300800000}", "time_out_of_range"),
                Case.bad("a 101-digit number", tx("a2", "1" + "0".repeat(100), "2026-03-01T10:00:01Z"),
                        "number_out_of_range"),
                new Case("invalid UTF-8", new byte[] {'{', '"', 'a', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                        "invalid_utf8"),
                new Case("over 1 MiB", oversize, "oversize"),
                Case.good(tx("a3", "250.00", "2026-03-01T10:00:10Z")),
                Case.bad("late", tx("a4", "500.00", "2026-03-01T10:00:05Z"), "late"),
                Case.bad("a year ahead", tx("a5", "500.00", "2027-03-01T10:00:05Z"), "too_far_ahead"),
                Case.good(tx("a6", "99.00", "2026-03-01T10:00:11Z")),
                Case.good(tx("a7", "101.00", "2026-03-01T10:00:12Z")),
                Case.bad("keyed by something else", tx("a8", "700.00", "2026-03-01T10:00:13Z"), "key_mismatch"));
        createTopicForLargeRecords("dl-txs");
        produce("dl-txs", cases);

        try (ServerNode node = cluster.start(cluster.config("dl", dir.resolve("data"), rules,
                Map.of("CEPHEUS_IDLE_TIMEOUT", "1s")))) {
            List<ConsumerRecord<byte[], byte[]>> alerts = cluster.read("dl-alerts", 3);
            List<Case> bad = cases.stream().filter(c -> c.reason() != null).toList();
            List<ConsumerRecord<byte[], byte[]>> dead = cluster.read("dl-dlq", bad.size());

            assertThat(alerts).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsExactly("big|a1", "big|a3", "big|a7");
            assertThat(dead).hasSize(bad.size());
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < dead.size(); i++) {
                ConsumerRecord<byte[], byte[]> r = dead.get(i);
                Case c = bad.get(i);
                seen.add(c.name() + ": " + header(r, DeadLetters.REASON));
                if (c.reason().equals("oversize")) {
                    assertThat(header(r, DeadLetters.TRUNCATED)).isEqualTo(Integer.toString(c.value().length));
                    assertThat(r.value()).isEqualTo(Arrays.copyOf(c.value(), DeadLetters.MAX_VALUE_BYTES));
                } else {
                    assertThat(r.value()).as(c.name()).isEqualTo(c.value());
                }
                assertThat(header(r, DeadLetters.STREAM)).isEqualTo("txs");
                assertThat(header(r, DeadLetters.TOPIC)).isEqualTo("dl-txs");
                assertThat(header(r, DeadLetters.PARTITION)).isEqualTo("0");
                assertThat(header(r, DeadLetters.OFFSET)).isEqualTo(Integer.toString(cases.indexOf(c)));
                assertThat(header(r, DeadLetters.MESSAGE)).isNotBlank();
                assertThat(header(r, "origin")).isEqualTo(c.name());
            }
            assertThat(seen).isEqualTo(bad.stream().map(c -> c.name() + ": " + c.reason()).toList());
            assertThat(node.dataPlane().orElseThrow().isRunning()).isTrue();
            String metrics = scrape(node);
            assertThat(metrics).contains(
                    "cepheus_records_in_total{stream=\"txs\"} " + cases.size() + ".0",
                    "cepheus_records_dead_lettered_total{reason=\"invalid_json\",stream=\"txs\"} 4.0",
                    "cepheus_records_dead_lettered_total{reason=\"late\",stream=\"txs\"} 1.0",
                    "cepheus_records_late_total{stream=\"txs\"} 1.0",
                    "cepheus_alerts_total{rule=\"big\"} 3.0",
                    "cepheus_processing_latency_seconds_count ",
                    "cepheus_watermark_lag_seconds{stream=\"txs\"} ",
                    "cepheus_partial_matches{rule=\"big\"} 0");
            assertThat(bad.stream().map(Case::name).distinct().count()).isGreaterThanOrEqualTo(12);
        }
    }

    private static String scrape(ServerNode node) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, node.registry().scrape(), EscapingScheme.ALLOW_UTF8);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * The topic, made before the node starts, takes records of 2 MiB, so that oversize records reach the
     * server; it has two partitions, so that the stream's {@code key} promise is checked (all records go
     * to the first, in order).
     */
    private static void createTopicForLargeRecords(String topic) throws Exception {
        try (Admin admin = Admin.create(cluster.clients.admin())) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(2), Optional.empty())
                    .configs(Map.of("max.message.bytes", Integer.toString(2 << 20))))).all().get();
        }
    }

    /** A good record's key is its account (the stream declares {@code key account}); a bad one's, its case. */
    private static byte[] key(Case c) {
        String key = c.reason() == null ? new String(c.value(), StandardCharsets.UTF_8).replaceAll(".*\"account\":\"([^\"]*)\".*", "$1")
                : "k-" + c.name();
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** Each record with an {@code origin} header naming its case, in order. */
    private static void produce(String topic, List<Case> cases) throws Exception {
        Map<String, Object> config = cluster.clients.producer();
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (Case c : cases) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, 0,
                        Instant.now().toEpochMilli(), key(c), c.value());
                r.headers().add("origin", c.name().getBytes(StandardCharsets.UTF_8));
                producer.send(r).get();
            }
        }
    }
}
