package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cepheus.server.backtest.Alert;
import io.cepheus.server.backtest.AlertJson;
import io.cepheus.server.backtest.Backtest;
import io.cepheus.server.backtest.BacktestListener;
import io.cepheus.server.backtest.Input;
import io.cepheus.server.rules.Compilation;
import io.cepheus.server.rules.RuleSet;
import io.cepheus.server.rules.RuleTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The example catalogue as test data: rules copied with their topics renamed, events, and what backtest gives. */
final class Examples {

    static final Path DIR = Path.of(System.getProperty("cepheus.examples", "../rules-examples"));
    /** Reads numbers exactly (25.00 stays 25.00), on both sides of a comparison. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();

    private Examples() {}

    /**
     * Copies the rules of example {@code name} to {@code target}, each stream reading topic {@code
     * prefix-STREAM} instead of its own, so that cases sharing a broker do not share topics.
     */
    static Path rules(String name, Path target, String prefix) {
        try {
            Files.createDirectories(target);
            StringBuilder out = new StringBuilder();
            for (String line : Files.readAllLines(DIR.resolve(name).resolve("rules.cep"))) {
                if (line.strip().startsWith("topic \"")) {
                    continue;
                }
                out.append(line).append('\n');
                if (line.startsWith("stream ") && line.strip().endsWith("{")) {
                    String stream = line.substring("stream ".length(), line.indexOf('{')).strip();
                    out.append("  topic \"").append(prefix).append('-').append(stream).append("\"\n");
                }
            }
            Files.writeString(target.resolve("rules.cep"), out);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event lines of example {@code name}: every line but blank ones and comments. */
    static List<String> events(String name) {
        try {
            return Files.readAllLines(DIR.resolve(name).resolve("events.jsonl")).stream()
                    .filter(l -> !l.isBlank() && !l.strip().startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rules of the {@code *.cep} files of {@code rulesDir}. */
    static RuleSet compile(Path rulesDir) {
        try (java.util.stream.Stream<Path> files = Files.list(rulesDir)) {
            Compilation c = RuleTools.compileFiles(files.filter(f -> f.toString().endsWith(".cep")).sorted().toList());
            assertThat(c.hasErrors()).as(c.render()).isFalse();
            return c.rules();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code cepheus backtest} gives for example {@code name}, normalised by {@link #comparable}. */
    static List<String> backtest(String name, Path rulesDir) {
        return backtest(DIR.resolve(name).resolve("events.jsonl"), rulesDir);
    }

    /** What {@code cepheus backtest} gives for the events of {@code events}, normalised by {@link #comparable}. */
    static List<String> backtest(Path events, Path rulesDir) {
        RuleSet rules = compile(rulesDir);
        assertThat(rules.streams()).hasSize(1);
        List<String> alerts = new ArrayList<>();
        try {
            new Backtest(rules.rules()).run(List.of(new Input(events, events.getFileName().toString(),
                    rules.streams().getFirst())), new BacktestListener() {
                        @Override
                        public void alert(Alert alert) {
                            alerts.add(AlertJson.line(alert, false));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return comparable(alerts);
    }

    /** Alerts as JSON lines, normalised by {@link #comparable}, sorted. */
    static List<String> comparable(List<String> records) {
        return records.stream().map(r -> {
            try {
                return comparable((ObjectNode) JSON.readTree(r));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).sorted().toList();
    }

    /**
     * An alert without what differs by nature between backtest and the server — the way events are
     * named in steps (line numbers, event objects), the trigger (a line, an event id) and when it was
     * emitted (backtest's watermark follows each file, and its input ends) — but with the number of
     * events of each step, and with everything else: rule, version, key, kind, times, title, summary,
     * fields, severity, tags and id (both derive event identities from the events' id fields or
     * contents, so the same events give the same alert ids).
     */
    static String comparable(ObjectNode alert) {
        ObjectNode o = alert.deepCopy();
        JsonNode steps = o.remove("steps");
        if (steps != null) {
            ObjectNode counts = o.putObject("stepCounts");
            for (Iterator<Map.Entry<String, JsonNode>> it = steps.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                counts.put(e.getKey(), e.getValue().size());
            }
        }
        o.remove(List.of("trigger", "emitted"));
        return o.toString();
    }
}
