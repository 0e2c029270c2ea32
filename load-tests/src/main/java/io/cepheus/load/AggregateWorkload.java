package io.cepheus.load;

import io.cepheus.core.AggregateResult;
import io.cepheus.core.CepEngine;
import io.cepheus.core.EngineOutput;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.pattern.Condition;
import io.cepheus.core.window.AggregateRule;
import io.cepheus.core.window.Measure;
import io.cepheus.core.window.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The aggregate-rule workloads of issue 10, for Cepheus and Esper alike. Events: strictly
 * increasing timestamps one millisecond apart, fields {@code type} (T0..T99), {@code amount}
 * (1..1000) and {@code account} (one of 1,000).
 *
 * <ul>
 *   <li>{@code A1}: count and sum over a sliding 10 minutes per key, 100k keys — fires when more
 *       than 5 payments total more than 3,000 ("velocity");
 *   <li>{@code A2}: distinct accounts over a sliding 5 minutes per key, 10k keys — fires above 20
 *       ("password spraying");
 *   <li>{@code A3}: 100 rules, rule i counts type Ti over a sliding minute per key, 1k keys, and
 *       fires above 3.
 * </ul>
 */
enum AggregateWorkload {
    A1(100_000),
    A2(10_000),
    A3(1_000);

    static final long BASE = 1_700_000_000_000L;
    static final int KEY = 0;
    static final int TYPE = 1;
    static final int AMOUNT = 2;
    static final int ACCOUNT = 3;

    final int keys;

    AggregateWorkload(int keys) {
        this.keys = keys;
    }

    /** Seeded events; the key is field 0. */
    Event[] events(int n, long seed) {
        Random random = new Random(seed);
        String[] keyNames = new String[keys];
        for (int i = 0; i < keys; i++) {
            keyNames[i] = "key-" + i;
        }
        String[] types = new String[100];
        for (int i = 0; i < types.length; i++) {
            types[i] = "T" + i;
        }
        String[] accounts = new String[1_000];
        for (int i = 0; i < accounts.length; i++) {
            accounts[i] = "acct-" + i;
        }
        Event[] events = new Event[n];
        for (int i = 0; i < n; i++) {
            events[i] = Event.of(i + 1, BASE + i, keyNames[random.nextInt(keys)], types[random.nextInt(types.length)],
                    (long) (1 + random.nextInt(1_000)), accounts[random.nextInt(accounts.length)]);
        }
        return events;
    }

    List<AggregateRule> rules() {
        return switch (this) {
            case A1 -> List.of(AggregateRule.of("velocity", Window.sliding(Duration.ofMinutes(10)),
                    List.of(Measure.count("n"), Measure.of("total", Measure.Kind.SUM, AMOUNT)),
                    v -> (Long) v.get(0) > 5 && (Long) v.get(1) > 3_000));
            case A2 -> List.of(AggregateRule.of("spraying", Window.sliding(Duration.ofMinutes(5)),
                    List.of(Measure.of("accounts", Measure.Kind.COUNT_DISTINCT, ACCOUNT)), v -> (Long) v.get(0) > 20));
            case A3 -> {
                List<AggregateRule> rules = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    rules.add(AggregateRule.of("count-T" + i, Window.sliding(Duration.ofMinutes(1)), List.of(Measure.count("n")),
                            v -> (Long) v.get(0) > 3).filter(Condition.fieldEquals(TYPE, "T" + i)));
                }
                yield rules;
            }
        };
    }

    /** The same measures in EPL over an external clock. */
    String epl() {
        return switch (this) {
            case A1 -> "@name('out0') select key, count(*), sum(amount) from Ev#time(10 min) group by key"
                    + " having count(*) > 5 and sum(amount) > 3000;";
            case A2 -> "@name('out0') select key, count(distinct account) from Ev#time(5 min) group by key"
                    + " having count(distinct account) > 20;";
            case A3 -> {
                StringBuilder epl = new StringBuilder();
                for (int i = 0; i < 100; i++) {
                    epl.append("@name('out").append(i).append("') select key, count(*) from Ev(type='T").append(i)
                            .append("')#time(1 min) group by key having count(*) > 3;\n");
                }
                yield epl.toString();
            }
        };
    }

    /** Runs the events through a fresh Cepheus engine (heap state); returns the results. */
    long runCepheus(Event[] events) {
        long[] results = {0};
        CepEngine engine = CepEngine.builder().aggregateRules(rules()).output(new EngineOutput() {
            @Override
            public void onMatch(Match match) {
                throw new IllegalStateException("no pattern rules here");
            }

            @Override
            public void onAggregate(AggregateResult result) {
                results[0]++;
            }
        }).build();
        for (int i = 0; i < events.length; i++) {
            Event e = events[i];
            engine.process((String) e.get(KEY), e);
            if ((i & 63) == 63) {
                engine.advanceWatermark(e.timestamp());
            }
        }
        engine.advanceWatermark(Long.MAX_VALUE - 1);
        return results[0];
    }
}
