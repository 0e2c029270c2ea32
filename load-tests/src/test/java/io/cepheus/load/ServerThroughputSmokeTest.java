package io.cepheus.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.server.backtest.Alert;
import io.cepheus.server.backtest.Backtest;
import io.cepheus.server.backtest.BacktestListener;
import io.cepheus.server.backtest.Inputs;
import io.cepheus.server.rules.Compilation;
import io.cepheus.server.rules.RuleTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ServerThroughput} in small: what its server runs give is right — the alerts on the alerts
 * topic are the ones {@code backtest} gives for the same records (one partition, so the same order),
 * by id, on both routes (the stream's key declared: the direct path; not: the repartition topic).
 * The benchmark itself is a main, not run here.
 */
class ServerThroughputSmokeTest {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f]+)\"");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ServerThroughput.Route.class)
    void theServerRunGivesTheAlertsOfBacktest(ServerThroughput.Route route) throws Exception {
        int rules = 3;
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(
                ServerThroughput.records(ServerThroughput.TOPIC, 20_000, 50, 42, i -> ServerThroughput.START + i));
        // a last record far later (a type no rule reads) moves the watermark past every other one
        records.add(new ProducerRecord<>(ServerThroughput.TOPIC, "k0".getBytes(StandardCharsets.UTF_8),
                ServerThroughput.value("k0", ServerThroughput.TYPES - 1, 1, ServerThroughput.START + 3_600_000)));

        Set<String> expected = backtest(rules, records);
        ServerThroughput bench = new ServerThroughput(dir, route);
        try {
            bench.createTopic(ServerThroughput.TOPIC, 1);
            bench.send(records);
            ServerThroughput.Result result = bench.server("smoke", rules, records.size());
            Set<String> got = new HashSet<>();
            for (String alert : bench.readValues("smoke-alerts")) {
                Matcher m = ID.matcher(alert);
                assertThat(m.find()).as(alert).isTrue();
                got.add(m.group(1));
            }

            assertThat(expected).hasSizeGreaterThan(50);
            assertThat(got).isEqualTo(expected);
            assertThat(result.alerts()).isEqualTo(expected.size());
        } finally {
            bench.close();
        }
    }

    private Set<String> backtest(int rules, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Path rulesFile = dir.resolve("rules.cep");
        Files.writeString(rulesFile, ServerThroughput.rules(rules, ServerThroughput.TOPIC));
        Path events = dir.resolve("events.jsonl");
        Files.write(events, records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList());
        Compilation compilation = RuleTools.compileFiles(List.of(rulesFile));
        assertThat(compilation.hasErrors()).as(compilation.render()).isFalse();
        Set<String> ids = new HashSet<>();
        new Backtest(compilation.rules().rules()).run(
                Inputs.resolve(compilation.rules(), compilation.rules().rules(), List.of(events.toString())),
                new BacktestListener() {
                    @Override
                    public void alert(Alert alert) {
                        ids.add(alert.id());
                    }
                });
        return ids;
    }
}
