package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.server.node.ServerNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * A stream that declares an id field ({@code id txn_id}): an event's identity is its id value, so
 * {@code backtest} and the data plane give the same alerts the same ids, records that differ only
 * in other members are the same event, and a record without an id is a dead letter ({@code missing_id}).
 */
class EventIdTest extends WithCluster {

    /** A stream of transactions identified by {@code txn_id}, on {@code topic}. */
    static String stream(String topic) {
        return """
                stream txs {
                  topic "TOPIC"
                  time ts
                  id txn_id
                  key account
                  fields {
                    txn_id: string
                    account: string
                    amount: decimal
                    ts: timestamp
                  }
                }

                """.replace("TOPIC", topic);
    }

    /** A big payment, then a small one of the same account, within an hour. */
    static final String RULE = """
            rule big_then_small {
              title "Big, then small"
              severity high
              tags fraud, cards
              from txs
              partition by account
              pattern big -> small
              where
                big: amount > 100
                small: amount < 10
              within 1h
              alert {
                summary "${account}: ${big.amount}, then ${small.amount}"
              }
            }
            """;

    static final String RULES = stream("ids-txs") + RULE;

    static final List<String> EVENTS = List.of(
            "{\"txn_id\":\"t1\",\"account\":\"a1\",\"amount\":150.00,\"ts\":\"2026-03-01T10:00:00Z\"}",
            "{\"txn_id\":\"t2\",\"account\":\"a2\",\"amount\":210.00,\"ts\":\"2026-03-01T10:01:00Z\"}",
            "{\"account\":\"a1\",\"amount\":1.00,\"ts\":\"2026-03-01T10:01:30Z\"}",
            "{\"txn_id\":\"t3\",\"account\":\"a1\",\"amount\":5.00,\"ts\":\"2026-03-01T10:02:00Z\"}",
            "{\"txn_id\":null,\"account\":\"a2\",\"amount\":2.00,\"ts\":\"2026-03-01T10:02:30Z\"}",
            "{\"txn_id\":\"t4\",\"account\":\"a2\",\"amount\":3.00,\"ts\":\"2026-03-01T10:03:00Z\"}");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void backtestAndTheDataPlaneGiveTheSameAlertIdsAndRecordsWithoutAnIdAreDeadLetters() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("txs.cep"), RULES);
        Path events = Files.write(dir.resolve("events.jsonl"), EVENTS);
        List<String> expected = Examples.backtest(events, rules);
        assertThat(expected).hasSize(2);
        cluster.produceKeyed("ids-txs", EVENTS, "account");

        try (ServerNode node = cluster.start(cluster.config("ids", dir.resolve("data"), rules,
                Map.of("CEPHEUS_IDLE_TIMEOUT", "1s")))) {
            List<ConsumerRecord<byte[], byte[]>> alerts = cluster.read("ids-alerts", expected.size());
            List<ConsumerRecord<byte[], byte[]>> dead = cluster.read("ids-dlq", 2);

            assertThat(Examples.comparable(alerts.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .toList())).isEqualTo(expected);
            assertThat(JSON.readTree(alerts.getFirst().value()).toString()).contains(
                    "\"title\":\"Big, then small\",\"summary\":\"a1: 150.00, then 5.00\",\"fields\":{},"
                            + "\"severity\":\"high\",\"tags\":[\"fraud\",\"cards\"],\"id\":");
            assertThat(dead).extracting(r -> header(r, DeadLetters.REASON) + " " + header(r, DeadLetters.MESSAGE))
                    .containsExactly("missing_id missing event id 'txn_id'", "missing_id missing event id 'txn_id'");
        }
    }

    @Test
    void recordsWithTheSameIdButOtherContentAreTheSameEvents() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("same-rules"));
        Files.writeString(rules.resolve("txs.cep"), RULES);
        Path events = Files.write(dir.resolve("same.jsonl"), EVENTS);
        Path resent = Files.write(dir.resolve("resent.jsonl"), EVENTS.stream()
                .map(line -> "{\"resent\":true," + line.substring(1)).toList());

        List<String> ids = ids(Examples.backtest(events, rules));
        List<String> resentIds = ids(Examples.backtest(resent, rules));

        assertThat(ids).hasSize(2).doesNotContainNull();
        assertThat(resentIds).isEqualTo(ids);
    }

    private static List<String> ids(List<String> alerts) {
        return alerts.stream().map(a -> {
            try {
                return JSON.readTree(a).path("id").asText(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).sorted().toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
