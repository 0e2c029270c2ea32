package io.cepheus.server.backtest;

import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which stream each input file holds. An input is written {@code FILE} or {@code
 * STREAM=FILE}. Without a stream: a file named after a declared stream ({@code logins.jsonl})
 * holds that stream; otherwise, if the rules run read exactly one stream (or exactly one is
 * declared), that one. Inputs are named by their file name, or by their path as given when two
 * share a file name.
 */
public final class Inputs {

    private Inputs() {}

    /**
     * @param rules the compiled rule set
     * @param run the rules that will run
     * @param specs the inputs as written
     * @throws IllegalArgumentException saying what is wrong with an input, for the user
     */
    public static List<Input> resolve(RuleSet rules, List<OfflineRule> run, List<String> specs) {
        List<Path> paths = new ArrayList<>();
        List<StreamLayout> streams = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            String streamName = null;
            String file = spec;
            if (eq > 0 && rules.stream(spec.substring(0, eq)).isPresent()) {
                streamName = spec.substring(0, eq);
                file = spec.substring(eq + 1);
            }
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("no such events file: " + file);
            }
            paths.add(path);
            streams.add(streamName != null ? rules.stream(streamName).orElseThrow() : guess(rules, run, path));
        }
        Set<String> names = new HashSet<>();
        Set<String> clashes = new HashSet<>();
        for (Path p : paths) {
            if (!names.add(p.getFileName().toString())) {
                clashes.add(p.getFileName().toString());
            }
        }
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            Path p = paths.get(i);
            String name = clashes.contains(p.getFileName().toString()) ? p.toString() : p.getFileName().toString();
            inputs.add(new Input(p, name, streams.get(i)));
        }
        return inputs;
    }

    private static StreamLayout guess(RuleSet rules, List<OfflineRule> run, Path path) {
        String base = path.getFileName().toString();
        int dot = base.indexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base;
        if (rules.stream(stem).isPresent()) {
            return rules.stream(stem).orElseThrow();
        }
        Set<String> read = new LinkedHashSet<>();
        run.forEach(r -> r.inputs().forEach(s -> read.add(s.name())));
        if (read.size() == 1) {
            return rules.stream(read.iterator().next()).orElseThrow();
        }
        if (rules.streams().size() == 1) {
            return rules.streams().getFirst();
        }
        if (rules.streams().isEmpty()) {
            throw new IllegalArgumentException("the rule files declare no stream, so " + path + " cannot be read");
        }
        List<String> declared = rules.streams().stream().map(StreamLayout::name).toList();
        throw new IllegalArgumentException("cannot tell which stream " + path + " holds: the rules read "
                + String.join(", ", read.isEmpty() ? declared : List.copyOf(read))
                + "; write STREAM=" + path + " or name the file after its stream");
    }
}
