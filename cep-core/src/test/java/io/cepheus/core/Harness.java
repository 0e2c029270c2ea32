package io.cepheus.core;

import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Step;
import io.cepheus.core.state.StateBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Test harness: events are written as names like {@code a}, {@code b1}, {@code d2}; the type is
 * the leading letters. Field 0 is the type, field 1 the name, field 2 an optional amount.
 */
final class Harness implements EngineOutput {

    static final int TYPE = 0;
    static final int NAME = 1;
    static final int AMOUNT = 2;

    final List<Match> matches = new ArrayList<>();
    final List<Event> late = new ArrayList<>();
    final List<RuntimeException> errors = new ArrayList<>();
    final CepEngine engine;
    private long nextTs = 1_000;
    private long nextId = 1;

    private Harness(CepEngine.Builder builder) {
        this.engine = builder.output(this).build();
    }

    static Harness of(Rule... rules) {
        return new Harness(CepEngine.builder().rules(List.of(rules)));
    }

    static Harness with(StateBackend backend, Rule... rules) {
        return new Harness(CepEngine.builder().stateBackend(backend).rules(List.of(rules)));
    }

    static Harness of(CepEngine.Builder builder) {
        return new Harness(builder);
    }

    /** A step named {@code name} accepting events of {@code type}. */
    static Step step(String name, String type) {
        return Step.of(name, Condition.fieldEquals(TYPE, type));
    }

    static Step step(String type) {
        return step(type, type);
    }

    static String typeOf(String name) {
        return name.replaceAll("[0-9]+$", "");
    }

    static Event event(long id, long ts, String name) {
        return Event.of(id, ts, typeOf(name), name, 0L);
    }

    /** Feeds names, one per second, for key "k", then ends the input. Returns matches as strings. */
    List<String> run(String names) {
        for (String n : names.trim().split("\\s+")) {
            send("k", n);
        }
        end();
        return matchStrings();
    }

    Harness send(String key, String name) {
        return send(key, name, 0L);
    }

    Harness send(String key, String name, long amount) {
        engine.process(key, Event.of(nextId++, nextTs, typeOf(name), name, amount));
        nextTs += 1_000;
        return this;
    }

    Harness sendAt(String key, long ts, String name, long amount) {
        engine.process(key, Event.of(nextId++, ts, typeOf(name), name, amount));
        return this;
    }

    Harness watermark(long wm) {
        engine.advanceWatermark(wm);
        return this;
    }

    Harness end() {
        engine.advanceWatermark(Long.MAX_VALUE - 1);
        return this;
    }

    List<String> matchStrings() {
        return matches.stream().map(Harness::format).toList();
    }

    static String format(Match m) {
        String names = m.allEvents().stream().map(e -> (String) e.get(NAME)).collect(Collectors.joining(" "));
        return m.kind() == MatchKind.MATCH ? names : m.kind().name().toLowerCase() + "(" + names + ")";
    }

    static List<String> list(String... matches) {
        return Arrays.asList(matches);
    }

    @Override
    public void onMatch(Match match) {
        matches.add(match);
    }

    @Override
    public void onLateEvent(String key, Event event, long watermark) {
        late.add(event);
    }

    @Override
    public void onRuleError(RuleId rule, String key, RuntimeException error) {
        errors.add(error);
    }

    /** An output that records what it gets, for tests that build engines themselves. */
    static final class Sink implements EngineOutput {
        final List<Match> matches = new ArrayList<>();
        final List<Event> late = new ArrayList<>();
        final List<String> dropped = new ArrayList<>();

        @Override
        public void onMatch(Match match) {
            matches.add(match);
        }

        @Override
        public void onLateEvent(String key, Event event, long watermark) {
            late.add(event);
        }

        @Override
        public void onPartialMatchesDropped(RuleId rule, long version, String key, int count) {
            dropped.add(rule + ":" + key + ":" + count);
        }

        List<String> rules() {
            return matches.stream().map(m -> m.rule().value()).toList();
        }
    }
}
