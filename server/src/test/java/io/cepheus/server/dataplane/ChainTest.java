package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.node.ServerNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Chained rules over several partitions: the events of an example whose rules read other rules'
 * alerts, produced keyed to a stream topic of three partitions and run with three partitions of the
 * repartition topic, give exactly the alerts {@code cepheus backtest} gives. An alert is made in the
 * task of its rule's key, and the key it has for a rule that reads it belongs in general to another
 * task: another key space (a rule over the alerts and a stream), or another {@code partition by}.
 * Every record carries a {@code traceparent}; a rule over a stream and alerts keeps the one of the
 * record that completed its match, as a rule over one stream does.
 */
class ChainTest extends WithCluster {

    private static final int PARTITIONS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A rule over {@code failed_login_burst}'s alerts keyed by the user named last in each burst,
     * where that rule is keyed by IP: in burst-chain's events, u3 is last in A's burst at 10:02 and in
     * B's at 11:00:02.
     */
    private static final String BY_USER = """
            rule bursts_ending_with_one_user {
              title "Two bursts from different IPs, each ending with the same user, within an hour"
              severity medium
              from alerts(failed_login_burst)
              partition by last_user
              pattern b1 -> b2
              where
                b1: failures >= 3
                b2: failures >= 3 and key != b1.key
              within 1h
              alert {
                summary "User ${last_user}: bursts from ${b1.key} and ${b2.key}"
                first_ip: b1.key
                second_ip: b2.key
              }
            }
            """;

    /**
     * @param example the example
     * @param byUser whether {@link #BY_USER} runs beside its rules
     * @param without events left out: burst-then-success's event of 10.0.0.10 makes a later event of
     *     10.0.0.9 late in one partition; in a partition of its own, it is not (lateness is per partition)
     */
    @ParameterizedTest(name = "{0}, by user: {1}")
    @CsvSource({"burst-chain, false, -", "burst-chain, true, -", "burst-then-success, false, 10.0.0.10"})
    void chainedRulesOverSeveralPartitionsGiveWhatBacktestGives(String example, boolean byUser, String without)
            throws IOException {
        String name = example + (byUser ? "-by-user" : "");
        Path rules = Examples.rules(example, dir.resolve(name).resolve("rules"), name);
        if (byUser) {
            Files.writeString(rules.resolve("by-user.cep"), BY_USER);
        }
        List<String> events = Examples.events(example).stream()
                .filter(line -> !line.contains("\"" + without + "\"")).toList();
        Path eventsFile = Files.write(dir.resolve(name).resolve("events.jsonl"), events);
        List<String> expected = Examples.backtest(eventsFile, rules);
        if (byUser) {
            assertThat(expected).anySatisfy(a -> assertThat(a).contains("\"rule\":\"bursts_ending_with_one_user\""));
        }
        StreamLayout stream = Examples.compile(rules).streams().getFirst();
        String topic = name + "-" + stream.name();
        cluster.createTopic(topic, PARTITIONS);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String line : events) {
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, Cluster.keyOf(line, stream.keyField()),
                    line.getBytes(StandardCharsets.UTF_8));
            r.headers().add("traceparent", traceparent(line).getBytes(StandardCharsets.UTF_8));
            records.add(r);
        }
        cluster.send(records);

        try (ServerNode node = cluster.start(cluster.config(name, dir.resolve(name).resolve("data"), rules,
                Map.of("CEPHEUS_IDLE_TIMEOUT", "1s", "CEPHEUS_KEYED_PARTITIONS", String.valueOf(PARTITIONS))))) {
            List<ConsumerRecord<byte[], byte[]>> alerts = cluster.read(name + "-alerts", expected.size());

            assertThat(Examples.comparable(alerts.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .toList())).isEqualTo(expected);
            // a rule over a stream and alerts keeps the trace of the record that completed it
            for (ConsumerRecord<byte[], byte[]> alert : alerts) {
                JsonNode json = JSON.readTree(alert.value());
                if (json.get("rule").asText().equals("burst_then_success")) {
                    String completing = events.stream().filter(l -> l.contains("\"" + json.get("key").asText() + "\"")
                            && l.contains(json.get("last").asText()) && l.contains("success")).findFirst().orElseThrow();
                    Header trace = alert.headers().lastHeader("traceparent");
                    assertThat(trace).as("the traceparent of %s", json).isNotNull();
                    assertThat(new String(trace.value(), StandardCharsets.UTF_8)).isEqualTo(traceparent(completing));
                }
            }
        }
    }

    /** A W3C trace context made from the line: each record its own. */
    private static String traceparent(String line) {
        return "00-%032x-%016x-01".formatted(line.hashCode() & 0xffffffffL, (long) line.length());
    }
}
