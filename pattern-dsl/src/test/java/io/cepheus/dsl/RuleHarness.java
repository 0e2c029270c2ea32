package io.cepheus.dsl;

import io.cepheus.core.CepEngine;
import io.cepheus.core.EngineOutput;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.MatchKind;
import io.cepheus.core.RuleId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Compiles rules from text and runs them through cep-core. Events are written as names like
 * {@code a}, {@code b1}, {@code d2}: the type is the leading letters. They go to the rule's
 * partition key (of stream {@code s}: "k" unless the text says otherwise), one per second.
 */
final class RuleHarness implements EngineOutput {

    /** A stream for table tests: the type of an event, its name, an amount and a key. */
    static final String STREAM = """
            stream s {
              time ts
              fields {
                type: string
                name: string
                amount: long
                price: decimal
                k: string
                ts: timestamp
              }
            }
            """;

    final CompiledRules rules;
    final CepEngine engine;
    final List<Match> matches = new ArrayList<>();
    final List<RuntimeException> errors = new ArrayList<>();
    private long nextTs = 1_000;
    private long nextId = 1;

    private RuleHarness(String text) {
        this.rules = RuleLanguage.compile(Source.of("test.cep", text));
        this.engine = CepEngine.builder().rules(rules.engineRules()).output(this).build();
    }

    /** Compiles {@link #STREAM} and {@code ruleText}. */
    static RuleHarness of(String ruleText) {
        return new RuleHarness(STREAM + ruleText);
    }

    /** A rule on stream s: {@code rule r { from s  pattern ...  where ...  <more> }}. */
    static RuleHarness rule(String pattern, String where, String more) {
        return of("rule r {\n  from s\n  pattern " + pattern + "\n  where " + where + "\n  " + more + "\n}\n");
    }

    /** Steps named by a single letter accepting events of that type. */
    static String types(String... steps) {
        return java.util.Arrays.stream(steps).map(s -> s + ": type == \"" + s + "\"").collect(Collectors.joining("\n    "));
    }

    static String typeOf(String name) {
        return name.replaceAll("[0-9]+$", "");
    }

    RuleHarness send(String name, Object... more) {
        return sendAt(nextTs, name, more);
    }

    RuleHarness sendAt(long ts, String name, Object... more) {
        StreamLayout layout = rules.streams().get("s");
        Object[] values = new Object[6 + more.length];
        values[0] = "type";
        values[1] = typeOf(name);
        values[2] = "name";
        values[3] = name;
        values[4] = "k";
        values[5] = "k";
        System.arraycopy(more, 0, values, 6, more.length);
        Event e = layout.event(nextId++, ts, values);
        for (CompiledRule r : rules.rules()) {
            String key = r.partitionKey(e);
            if (key != null) {
                engine.process(key.isEmpty() ? "k" : key, e);
                break;
            }
        }
        nextTs = ts + 1_000;
        return this;
    }

    RuleHarness end() {
        engine.advanceWatermark(Long.MAX_VALUE - 1);
        return this;
    }

    List<String> run(String names) {
        for (String n : names.trim().split("\\s+")) {
            send(n);
        }
        end();
        return matchStrings();
    }

    List<String> matchStrings() {
        return matches.stream().map(RuleHarness::format).toList();
    }

    static String format(Match m) {
        String names = m.allEvents().stream().map(e -> (String) e.get(1)).collect(Collectors.joining(" "));
        return m.kind() == MatchKind.MATCH ? names : m.kind().name().toLowerCase() + "(" + names + ")";
    }

    List<Alert> alerts() {
        return matches.stream().map(m -> rules.rule(m.rule().value()).render(m)).toList();
    }

    @Override
    public void onMatch(Match match) {
        matches.add(match);
    }

    @Override
    public void onRuleError(RuleId rule, String key, RuntimeException error) {
        errors.add(error);
    }
}
