package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.node.ServerNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The events of an example produced to its stream's topic (one partition) give on the alerts topic,
 * read committed, the alerts {@code cepheus backtest} gives for the same file: same id, rule, version,
 * key, kind, times, title, summary, fields, severity and tags, and as many events per step. The stream goes idle after 1 s, and the
 * wall clock then closes every window, as the end of the file does in a backtest.
 */
class ParityTest extends WithCluster {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unpaid-order", "card-testing", "late-events", "burst-chain", "hourly-merchant-total",
        "card-velocity-window", "busy-session", "missing-heartbeat"})
    void theDataPlaneGivesWhatBacktestGives(String example) {
        Path rules = Examples.rules(example, dir.resolve(example).resolve("rules"), example);
        List<String> expected = Examples.backtest(example, rules);
        StreamLayout stream = Examples.compile(rules).streams().getFirst();
        cluster.produceKeyed(example + "-" + stream.name(), Examples.events(example), stream.keyField());

        try (ServerNode node = cluster.start(cluster.config(example, dir.resolve(example).resolve("data"), rules,
                Map.of("CEPHEUS_IDLE_TIMEOUT", "1s")))) {
            List<ConsumerRecord<byte[], byte[]>> records = cluster.read(example + "-alerts", expected.size());
            List<String> alerts = records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();

            assertThat(Examples.comparable(alerts)).isEqualTo(expected);
            assertThat(records).allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8))
                    .matches("[a-z_]+\\|.+"));
            // key spaces keyed by the record key skip the repartition topic: no event of theirs is on it
            List<OfflineRule> all = Examples.compile(rules).rules();
            long repartitioned = cluster.readAll(example + "-keyed-repartition").stream()
                    .filter(r -> new KeyedSerde().deserialize("", r.value()) instanceof Routed.KeyedEvent).count();
            if (DirectPath.rules(all, false).isEmpty()) {
                assertThat(repartitioned).isZero();
            } else {
                assertThat(repartitioned).isPositive();
            }
        }
    }
}
