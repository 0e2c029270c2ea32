package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cepheus.server.node.ServerNode;
import io.cepheus.server.runtime.EventIds;
import io.cepheus.server.runtime.LivePartialMatches;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Interactive queries of a rule and key's live partial matches against the real broker: on the node
 * that owns the key the pending partial match shows its bound events, deadline and version, a key with
 * none gives an empty answer, and with two nodes each answers for its own keys and names the other as
 * the owner of the rest. The streams' idle timeout is an hour, so that no wall-clock watermark ends
 * the partial matches while the test looks at them.
 */
class PartialMatchQueryTest extends WithCluster {

    static final String RULES = EventIdTest.RULE + """

            rule per_minute {
              from txs
              partition by account
              aggregate over last 1m {
                n: count()
              }
              when n > 100
            }
            """;

    static final String KEY_SPACE = "txs/account";
    static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    static final long LATER = T0 + 30_000;

    static String tx(String id, String account, String amount, long ts) {
        return "{\"txn_id\":\"" + id + "\",\"account\":\"" + account + "\",\"amount\":" + amount + ",\"ts\":\""
                + Instant.ofEpochMilli(ts) + "\"}";
    }

    /** The rules over {@code topic}; its stream declares {@code key account} (the direct path) if {@code direct}. */
    static Path rules(String name, String topic, boolean direct) throws IOException {
        Path rules = Files.createDirectories(dir.resolve(name).resolve("rules"));
        String stream = EventIdTest.stream(topic);
        Files.writeString(rules.resolve("txs.cep"), (direct ? stream : stream.replace("key account", "")) + RULES);
        return rules;
    }

    static Map<String, String> env() {
        return Map.of("CEPHEUS_IDLE_TIMEOUT", "1h");
    }

    @Test
    void theOwnerShowsAPendingPartialMatchWithItsEventsAndDeadlineAndAnEmptyAnswerForAKeyWithout() throws IOException {
        Path rules = rules("one", "pmq-txs", true);
        cluster.produceKeyed("pmq-txs", List.of(tx("t1", "a1", "150.00", T0), tx("t2", "a2", "50.00", LATER)), "account");

        try (ServerNode node = cluster.start(cluster.config("pmq", dir.resolve("one").resolve("data"), rules, env()))) {
            PartialMatchQuery query = node.dataPlane().orElseThrow().partialMatchQuery().orElseThrow();
            PartialMatchQuery.Local a1 = awaitLocal(query, "a1", m -> !m.partialMatches().isEmpty());

            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("txn_id", "t1");
            fields.put("account", "a1");
            fields.put("amount", new BigDecimal("150.00"));
            fields.put("ts", T0);
            assertThat(a1.owner()).isEqualTo(query.self());
            assertThat(a1.partition()).isZero();
            assertThat(a1.matches()).isEqualTo(new LivePartialMatches("big_then_small", "a1", KEY_SPACE, 1,
                    List.of(new LivePartialMatches.PartialMatch(1, "small", Map.of("big", List.of(
                            new LivePartialMatches.BoundEvent(Long.toHexString(EventIds.ofId("t1")), T0, fields))),
                            T0, T0 + 3_600_000, false)), LATER - 1));
            assertThat(a1.streams()).containsExactly(new PartialMatchQuery.StreamTime("txs", LATER - 1, false,
                    List.of(new PartialMatchQuery.PartitionTime(0, LATER - 1, false))));

            PartialMatchQuery.Local a2 = (PartialMatchQuery.Local) query.query("big_then_small", "a2");
            assertThat(a2.matches().partialMatches()).isEmpty();
            assertThat(((PartialMatchQuery.Local) query.query("big_then_small", "nobody")).matches().partialMatches())
                    .isEmpty();
            assertThatThrownBy(() -> query.query("nope", "a1"))
                    .hasMessage("no rule 'nope' (rules: big_then_small, per_minute)");
            assertThatThrownBy(() -> query.query("per_minute", "a1"))
                    .hasMessage("rule per_minute is an aggregate rule: it keeps windows, not partial matches");
        }
    }

    /**
     * The partition that holds {@code key}'s state: the repartition topic's ({@code keySpace|key}, {@link
     * KeyedPartitioner}), or on the direct path the source topic's (Kafka's default partitioner of the key).
     */
    private static int partitionOf(String key, boolean direct) {
        return direct ? Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 2
                : KeyedPartitioner.partitionOf(Routed.KeyedEvent.recordKey(KEY_SPACE, key), 2);
    }

    @ParameterizedTest(name = "direct path: {0}")
    @ValueSource(booleans = {false, true})
    void withTwoNodesEachAnswersForItsKeysAndNamesTheOwnerOfTheOthers(boolean direct) throws IOException {
        String app = "pmq2-" + direct;
        String topic = app + "-txs";
        Path rules = rules("two-" + direct, topic, direct);
        cluster.createTopic(topic, 2);
        List<String> keys = keysOnEachPartition(direct);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) { // keyed by account, so on the direct path in the key's partition
            records.add(new ProducerRecord<>(topic, keys.get(i).getBytes(StandardCharsets.UTF_8),
                    tx("big-" + i, keys.get(i), "150.00", T0).getBytes(StandardCharsets.UTF_8)));
        }
        records.add(record(topic, 0, tx("later-0", "zz", "50.00", LATER)));
        records.add(record(topic, 1, tx("later-1", "zz", "50.00", LATER)));
        cluster.send(records);

        try (ServerNode a = cluster.start(cluster.config(app, dir.resolve("two-" + direct).resolve("a"), rules, env()));
             ServerNode b = cluster.start(cluster.config(app, dir.resolve("two-" + direct).resolve("b"), rules, env()))) {
            PartialMatchQuery qa = a.dataPlane().orElseThrow().partialMatchQuery().orElseThrow();
            PartialMatchQuery qb = b.dataPlane().orElseThrow().partialMatchQuery().orElseThrow();
            assertThat(qa.self()).isNotEqualTo(qb.self());
            AtomicReference<String> last = new AtomicReference<>();

            await().atMost(Cluster.DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                List<PartialMatchQuery.Owner> owners = new ArrayList<>();
                for (String key : keys) {
                    PartialMatchQuery.Result ra = qa.query("big_then_small", key);
                    PartialMatchQuery.Result rb = qb.query("big_then_small", key);
                    last.set(key + ": " + ra + " / " + rb);
                    int partition = partitionOf(key, direct);
                    PartialMatchQuery.Local local = ra instanceof PartialMatchQuery.Local l ? l
                            : rb instanceof PartialMatchQuery.Local l ? l : null;
                    PartialMatchQuery.Result other = local == ra ? rb : ra;
                    assertThat(local).as(last.get()).isNotNull();
                    assertThat(other).as(last.get()).isEqualTo(new PartialMatchQuery.Remote(local.owner(), partition));
                    assertThat(local.partition()).isEqualTo(partition);
                    assertThat(local.matches().partialMatches()).as(last.get()).hasSize(1);
                    assertThat(local.matches().partialMatches().getFirst().steps().get("big"))
                            .extracting(e -> e.fields().get("account")).containsExactly(key);
                    owners.add(local.owner());
                }
                assertThat(owners).as("each node owns one of the two partitions")
                        .containsExactlyInAnyOrder(qa.self(), qb.self());
            });

            // each node holds one of the two partial matches; either node counts both, asking the other
            assertThat(a.dataPlane().orElseThrow().otherNodes()).containsExactly(qb.self());
            await().atMost(Cluster.DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                for (ServerNode node : List.of(a, b)) {
                    ClusterPartialMatches.Counts counts = node.dataPlane().orElseThrow().partialMatches();
                    assertThat(counts.nodes()).isEqualTo(2);
                    assertThat(counts.unanswered()).isEmpty();
                    assertThat(counts.byRule()).containsEntry("big_then_small", 2L);
                }
            });
        }
    }

    /** Two keys of the key space, the first on partition 0 (of the topic that holds their state), the second on 1. */
    private static List<String> keysOnEachPartition(boolean direct) {
        String[] found = new String[2];
        for (int i = 0; found[0] == null || found[1] == null; i++) {
            String key = "k" + i;
            int p = partitionOf(key, direct);
            if (found[p] == null) {
                found[p] = key;
            }
        }
        return List.of(found);
    }

    /** A record of account {@code zz} on {@code partition} (keyed by its account, as the direct path wants). */
    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, String value) {
        return new ProducerRecord<>(topic, partition, "zz".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    private static PartialMatchQuery.Local awaitLocal(PartialMatchQuery query, String key,
                                                      java.util.function.Predicate<LivePartialMatches> done) {
        AtomicReference<PartialMatchQuery.Result> result = new AtomicReference<>();
        await().atMost(Cluster.DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> {
            result.set(query.query("big_then_small", key));
            return result.get() instanceof PartialMatchQuery.Local l && done.test(l.matches());
        });
        return (PartialMatchQuery.Local) result.get();
    }
}
