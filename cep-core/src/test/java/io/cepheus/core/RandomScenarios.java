package io.cepheus.core;

import io.cepheus.core.pattern.AfterMatchSkip;
import io.cepheus.core.pattern.Aggregate;
import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Connector;
import io.cepheus.core.pattern.Contiguity;
import io.cepheus.core.pattern.Group;
import io.cepheus.core.pattern.Pattern;
import io.cepheus.core.pattern.Quantifier;
import io.cepheus.core.pattern.Sequence;
import io.cepheus.core.pattern.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/** Seeded random rules and keyed event streams for property tests. */
final class RandomScenarios {

    private static final String[] TYPES = {"a", "b", "c", "d"};

    /** One step of a scripted run: an event for a key, or a watermark. */
    sealed interface Action {
        record Send(String key, Event event) implements Action {}

        record Watermark(long watermark) implements Action {}
    }

    private RandomScenarios() {}

    /** 1 to 3 random rules that compile. */
    static List<Rule> rules(Random random) {
        int n = 1 + random.nextInt(3);
        List<Rule> rules = new ArrayList<>();
        while (rules.size() < n) {
            Rule r = rule(random, "r" + rules.size());
            try {
                NfaCompiler.compile(r);
                rules.add(r);
            } catch (IllegalArgumentException malformed) {
                // draw again
            }
        }
        return rules;
    }

    static Rule rule(Random random, String id) {
        int parts = 1 + random.nextInt(4);
        Sequence.Builder seq = null;
        int[] names = {0};
        String firstStep = null;
        for (int i = 0; i < parts; i++) {
            Connector connector = i == 0 ? Connector.FOLLOWED_BY : connector(random);
            Pattern p;
            if (connector.isNegation()) {
                p = Step.of("n" + names[0]++, typeIs(random));
            } else if (random.nextInt(10) == 0) {
                Pattern body = Sequence.begin(Step.of("s" + names[0]++, typeIs(random)))
                        .then(Connector.of(contiguity(random)), Step.of("s" + names[0]++, typeIs(random))).build();
                p = Group.of(body, random.nextBoolean() ? Quantifier.oneOrMore() : Quantifier.times(2));
            } else {
                Step s = Step.of("s" + names[0]++, condition(random));
                p = s.quantified(quantifier(random));
                if (p instanceof Step st && st.quantifier().isLooping() && random.nextInt(5) == 0) {
                    p = st.until(typeIs(random));
                }
            }
            if (firstStep == null && p instanceof Step st) {
                firstStep = st.name();
            }
            seq = seq == null ? Sequence.begin(p) : seq.then(connector, p);
        }
        Rule rule = Rule.of(id, seq.build());
        if (random.nextInt(3) > 0) {
            rule = rule.within(Duration.ofMillis(2_000 + random.nextInt(8_000)));
        }
        rule = rule.skip(switch (random.nextInt(5)) {
            case 0 -> AfterMatchSkip.noSkip();
            case 1 -> AfterMatchSkip.skipToNext();
            case 2 -> AfterMatchSkip.skipPastLastEvent();
            case 3 -> firstStep == null ? AfterMatchSkip.noSkip() : AfterMatchSkip.skipToFirst(firstStep);
            default -> firstStep == null ? AfterMatchSkip.noSkip() : AfterMatchSkip.skipToLast(firstStep);
        });
        if (random.nextBoolean()) {
            rule = rule.reportingTimeouts();
        }
        if (firstStep != null) {
            rule = rule.aggregates(List.of(Aggregate.count(firstStep), Aggregate.of(firstStep, Aggregate.Kind.SUM, Harness.AMOUNT),
                    Aggregate.last(firstStep)));
        }
        return rule;
    }

    private static Connector connector(Random random) {
        return switch (random.nextInt(10)) {
            case 0, 1 -> Connector.NEXT;
            case 2, 3, 4 -> Connector.FOLLOWED_BY;
            case 5, 6 -> Connector.FOLLOWED_BY_ANY;
            case 7 -> Connector.NOT_NEXT;
            case 8 -> Connector.NOT_FOLLOWED_BY;
            default -> Connector.FOLLOWED_BY;
        };
    }

    private static Contiguity contiguity(Random random) {
        return Contiguity.values()[random.nextInt(3)];
    }

    private static Condition typeIs(Random random) {
        return Condition.fieldEquals(Harness.TYPE, TYPES[random.nextInt(TYPES.length)]);
    }

    private static Condition condition(Random random) {
        Condition c = typeIs(random);
        return switch (random.nextInt(6)) {
            case 0 -> c.and(Condition.of(e -> (Long) e.get(Harness.AMOUNT) > 40));
            case 1 -> c.or(typeIs(random));
            case 2 -> c.and((e, ctx) -> ctx.aggregate(0) == null || (Long) ctx.aggregate(0) < 3);
            case 3 -> c.and((e, ctx) -> ctx.aggregate(1) == null || (Long) ctx.aggregate(1) < 150);
            case 4 -> c.and((e, ctx) -> ctx.baseline(0) == null || (Long) e.get(Harness.AMOUNT) > (Double) ctx.baseline(0));
            default -> c;
        };
    }

    private static Quantifier quantifier(Random random) {
        Quantifier q = switch (random.nextInt(12)) {
            case 0 -> Quantifier.zeroOrOne();
            case 1, 2 -> Quantifier.oneOrMore();
            case 3 -> Quantifier.zeroOrMore();
            case 4 -> Quantifier.times(2);
            case 5 -> Quantifier.times(1, 3);
            case 6 -> Quantifier.atLeast(2);
            default -> Quantifier.once();
        };
        if (q.max() > 1) {
            q = q.withInner(contiguity(random));
            if (random.nextInt(3) == 0) {
                q = q.asGreedy();
            }
        }
        return q;
    }

    /** The baselines every random scenario declares: 0 the average amount over 5 s, 1 the count over 8 s. */
    static List<io.cepheus.core.window.Baseline> baselines() {
        return List.of(
                new io.cepheus.core.window.Baseline("avg", io.cepheus.core.window.Measure.Kind.AVG, e -> e.get(Harness.AMOUNT),
                        Duration.ofSeconds(5), 5),
                new io.cepheus.core.window.Baseline("count", io.cepheus.core.window.Measure.Kind.COUNT, null,
                        Duration.ofSeconds(8), 4));
    }

    /** 0 to 2 random aggregate rules, ids a0, a1. */
    static List<io.cepheus.core.window.AggregateRule> aggregateRules(Random random) {
        int n = random.nextInt(3);
        List<io.cepheus.core.window.AggregateRule> rules = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            io.cepheus.core.window.Window window = switch (random.nextInt(4)) {
                case 0 -> io.cepheus.core.window.Window.sliding(Duration.ofMillis(3_000 + random.nextInt(10_000)));
                case 1 -> io.cepheus.core.window.Window.tumbling(Duration.ofMillis(5_000));
                case 2 -> io.cepheus.core.window.Window.hopping(Duration.ofMillis(10_000), Duration.ofMillis(2_500));
                default -> io.cepheus.core.window.Window.session(Duration.ofMillis(2_000 + random.nextInt(3_000)));
            };
            long threshold = 1 + random.nextInt(4);
            List<io.cepheus.core.window.Measure> measures = List.of(
                    io.cepheus.core.window.Measure.count("n"),
                    io.cepheus.core.window.Measure.of("sum", io.cepheus.core.window.Measure.Kind.SUM, e -> (Long) e.get(Harness.AMOUNT) * 1.1),
                    io.cepheus.core.window.Measure.of("min", io.cepheus.core.window.Measure.Kind.MIN, Harness.AMOUNT),
                    io.cepheus.core.window.Measure.of("max", io.cepheus.core.window.Measure.Kind.MAX, Harness.AMOUNT),
                    io.cepheus.core.window.Measure.of("types", io.cepheus.core.window.Measure.Kind.COUNT_DISTINCT, Harness.TYPE),
                    io.cepheus.core.window.Measure.of("first", io.cepheus.core.window.Measure.Kind.FIRST, Harness.NAME),
                    io.cepheus.core.window.Measure.of("avg", io.cepheus.core.window.Measure.Kind.AVG, Harness.AMOUNT));
            boolean useBaseline = random.nextBoolean();
            io.cepheus.core.window.AggregateRule rule = io.cepheus.core.window.AggregateRule.of("a" + i, window, measures,
                    v -> (Long) v.get(0) >= threshold
                            && (!useBaseline || v.baseline(1) == null || (Long) v.baseline(1) < 12)).maxDistinct(1 + random.nextInt(4));
            if (random.nextBoolean()) {
                rule = rule.filter(typeIs(random).or(typeIs(random)));
            }
            if (window instanceof io.cepheus.core.window.Window.Sliding && random.nextBoolean()) {
                rule = rule.rearmAfter(Duration.ofMillis(1_000 + random.nextInt(3_000)));
            }
            rules.add(rule);
        }
        return rules;
    }

    /** A scripted stream: events of 3 keys, some out of order within 2 s, and watermarks now and then. */
    static List<Action> script(Random random, int events) {
        List<Action> actions = new ArrayList<>();
        long ts = 10_000;
        long max = Long.MIN_VALUE;
        long lastWatermark = Long.MIN_VALUE;
        for (int i = 0; i < events; i++) {
            ts += random.nextInt(2_500);
            long eventTs = random.nextInt(10) == 0 ? ts - random.nextInt(2_000) : ts;
            String type = TYPES[random.nextInt(TYPES.length)];
            Event e = Event.of(i + 1, eventTs, type, type + (i + 1), (long) random.nextInt(100));
            actions.add(new Action.Send("k" + random.nextInt(3), e));
            max = Math.max(max, eventTs);
            if (random.nextInt(4) == 0 && max - 2_001 > lastWatermark) {
                lastWatermark = max - 2_001;
                actions.add(new Action.Watermark(lastWatermark));
            }
        }
        actions.add(new Action.Watermark(Long.MAX_VALUE - 1));
        return actions;
    }

    static void play(CepEngine engine, List<Action> actions) {
        actions.forEach(apply(engine));
    }

    static Consumer<Action> apply(CepEngine engine) {
        return a -> {
            switch (a) {
                case Action.Send s -> engine.process(s.key(), s.event());
                case Action.Watermark w -> engine.advanceWatermark(w.watermark());
            }
        };
    }

    /** Records everything an engine emits as comparable strings. */
    static class Recorder implements EngineOutput {
        final List<String> out = new ArrayList<>();

        @Override
        public void onMatch(Match m) {
            out.add(m.rule() + "|" + m.key() + "|" + m.kind() + "|" + m.events().entrySet().stream()
                    .map(en -> en.getKey() + "=" + en.getValue().stream().map(e -> Long.toString(e.id())).toList())
                    .toList() + "|" + m.firstTimestamp() + "|" + m.lastTimestamp() + "|" + m.timestamp() + "|" + m.id());
        }

        @Override
        public void onAggregate(AggregateResult r) {
            out.add(r.rule() + "|" + r.key() + "|AGG|" + r.values() + "|" + r.windowStart() + "|" + r.windowEnd() + "|"
                    + r.timestamp() + "|" + r.triggerEventId() + "|" + r.eventCount() + "|" + r.id());
        }

        @Override
        public void onLateEvent(String key, Event event, long watermark) {
            out.add("late|" + key + "|" + event.id() + "|" + watermark);
        }

        @Override
        public void onRuleError(RuleId rule, String key, RuntimeException error) {
            out.add("error|" + rule + "|" + key + "|" + error.getMessage());
        }
    }
}
