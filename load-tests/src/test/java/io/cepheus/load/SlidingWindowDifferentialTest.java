package io.cepheus.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.DeploymentOptions;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import io.cepheus.core.AggregateResult;
import io.cepheus.core.CepEngine;
import io.cepheus.core.EngineOutput;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.window.AggregateRule;
import io.cepheus.core.window.Measure;
import io.cepheus.core.window.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Differential test of Cepheus's sliding-window measures against Esper 9: on random keyed streams,
 * at every event, count, sum, min, max and distinct count of the event's key over the last 10 s
 * equal what Esper computes with {@code #time(10 sec)} grouped by key on an external clock.
 */
class SlidingWindowDifferentialTest {

    private static final int KEY = 0;
    private static final int AMOUNT = 1;
    private static final int ACCOUNT = 2;
    private static final long WINDOW = 10_000;

    private record Row(String key, long n, Long sum, Long min, Long max, long distinct) {}

    @Test
    void slidingMeasuresEqualEspersAtEveryEvent() {
        long compared = 0;
        for (int seed = 1; seed <= 6; seed++) {
            List<Event> events = stream(new Random(seed), 2_000);
            List<Row> esper = esper(events);
            List<Row> cepheus = cepheus(events);
            assertThat(cepheus).as("seed %d", seed).hasSize(events.size()).isEqualTo(esper);
            compared += cepheus.size();
        }
        assertThat(compared).isEqualTo(12_000);
    }

    /**
     * Strictly increasing timestamps (no ties); gaps are often multiples of 2.5 s, so many events
     * sit exactly on a window boundary of earlier ones; 15 keys, 40 accounts.
     */
    private static List<Event> stream(Random random, int n) {
        List<Event> events = new ArrayList<>();
        long ts = 1_000_000;
        for (int i = 0; i < n; i++) {
            ts += switch (random.nextInt(4)) {
                case 0 -> 2_500;
                case 1 -> 5_000;
                case 2 -> 10_000;
                default -> 1 + random.nextInt(3_000);
            };
            events.add(Event.of(i + 1, ts, "k" + random.nextInt(15), (long) random.nextInt(1_000), "acct-" + random.nextInt(40)));
        }
        return events;
    }

    private static List<Row> cepheus(List<Event> events) {
        AggregateRule rule = AggregateRule.of("measures", Window.sliding(Duration.ofMillis(WINDOW)), List.of(
                Measure.count("n"),
                Measure.of("sum", Measure.Kind.SUM, AMOUNT),
                Measure.of("min", Measure.Kind.MIN, AMOUNT),
                Measure.of("max", Measure.Kind.MAX, AMOUNT),
                Measure.of("distinct", Measure.Kind.COUNT_DISTINCT, ACCOUNT)),
                v -> true).rearmAfter(Duration.ofMillis(1)); // fire at every event of a key
        List<Row> rows = new ArrayList<>();
        CepEngine engine = CepEngine.builder().aggregateRule(rule).output(new EngineOutput() {
            @Override
            public void onMatch(Match match) {
                throw new AssertionError("no pattern rules here");
            }

            @Override
            public void onAggregate(AggregateResult r) {
                rows.add(new Row(r.key(), (Long) r.values().get("n"), (Long) r.values().get("sum"),
                        (Long) r.values().get("min"), (Long) r.values().get("max"), (Long) r.values().get("distinct")));
            }
        }).build();
        for (Event e : events) {
            engine.process((String) e.get(KEY), e);
            engine.advanceWatermark(e.timestamp());
        }
        return rows;
    }

    private static List<Row> esper(List<Event> events) {
        Configuration configuration = new Configuration();
        configuration.getCommon().addEventType("Pay", new String[] {"key", "amount", "acct"},
                new Object[] {String.class, Long.class, String.class});
        configuration.getRuntime().getThreading().setInternalTimerEnabled(false);
        String epl = "@name('out') select key, count(*) as n, sum(amount) as total, min(amount) as lo, max(amount) as hi,"
                + " count(distinct acct) as accts from Pay#time(" + WINDOW + " milliseconds) group by key";
        EPRuntime runtime = EPRuntimeProvider.getRuntime("sliding-differential-" + System.identityHashCode(events), configuration);
        try {
            EPCompiled compiled = EPCompilerProvider.getCompiler().compile(epl, new CompilerArguments(configuration));
            EPEventService service = runtime.getEventService();
            service.clockExternal();
            service.advanceTime(0);
            EPDeployment deployment = runtime.getDeploymentService().deploy(compiled, new DeploymentOptions());
            List<EventBean> seen = new ArrayList<>();
            deployment.getStatements()[0].addListener((newEvents, oldEvents, statement, rt) -> {
                if (newEvents != null) {
                    seen.addAll(List.of(newEvents));
                }
            });
            List<Row> rows = new ArrayList<>();
            for (Event e : events) {
                service.advanceTime(e.timestamp());
                seen.clear(); // rows of other keys whose events just expired
                String key = (String) e.get(KEY);
                service.sendEventObjectArray(new Object[] {key, e.get(AMOUNT), e.get(ACCOUNT)}, "Pay");
                EventBean row = null;
                for (EventBean b : seen) {
                    if (key.equals(b.get("key"))) {
                        row = b;
                    }
                }
                assertThat(row).as("Esper's row for event %d", e.id()).isNotNull();
                rows.add(new Row(key, ((Number) row.get("n")).longValue(), (Long) row.get("total"), (Long) row.get("lo"),
                        (Long) row.get("hi"), ((Number) row.get("accts")).longValue()));
            }
            return rows;
        } catch (Exception e) {
            throw new IllegalStateException("Esper failed: " + e.getMessage(), e);
        } finally {
            runtime.destroy();
        }
    }
}
