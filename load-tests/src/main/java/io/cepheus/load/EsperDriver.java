package io.cepheus.load;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventSender;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.DeploymentOptions;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import com.espertech.esper.runtime.client.UpdateListener;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a workload through Esper 9 with an external clock: before each event the clock is advanced
 * to the event's timestamp; at the end it is advanced past every window. The statements follow
 * {@code shared/docs/peer-comparison.md}: {@code pattern} forms in a keyed context for W1, W3 and
 * W5; {@code match_recognize} partitioned by key for W2; for W4 the key joined in the filter
 * instead of a keyed context (a context would instantiate every statement for every key).
 *
 * <p>The EPL is compiled once per driver; each {@link #run} deploys it on a fresh runtime. Not
 * thread-safe.
 */
public final class EsperDriver {

    private static final String EVENT_TYPE = "Ev";
    private static final AtomicInteger RUNTIMES = new AtomicInteger();

    private final Configuration configuration;
    private final EPCompiled compiled;
    private final Object[][] events;
    private final long[] timestamps;

    public EsperDriver(Workload workload, EventStream stream) {
        configuration = new Configuration();
        configuration.getCommon().addEventType(EVENT_TYPE, new String[] {"key", "type", "amount"},
                new Object[] {String.class, String.class, Long.class});
        configuration.getRuntime().getThreading().setInternalTimerEnabled(false);
        try {
            compiled = EPCompilerProvider.getCompiler().compile(epl(workload), new CompilerArguments(configuration));
        } catch (EPCompileException e) {
            throw new IllegalStateException("Esper rejected the EPL of " + workload.id() + ": " + e.getMessage(), e);
        }
        int n = stream.size();
        events = new Object[n][];
        timestamps = new long[n];
        for (int i = 0; i < n; i++) {
            events[i] = new Object[] {stream.keyOf(i), stream.type(i), stream.amount(i)};
            timestamps[i] = stream.timestamp(i);
        }
    }

    /** The EPL module of {@code workload}; every statement that reports results is named {@code out...}. */
    static String epl(Workload workload) {
        String within = " where timer:within(" + Workload.WINDOW_MILLIS + " milliseconds)";
        String keyed = "create context PerKey partition by key from " + EVENT_TYPE + ";\n";
        return switch (workload.shape()) {
            case RISE -> keyed + "@name('out') context PerKey select a.amount from pattern [every a=Ev(type='A') -> "
                    + "(b=Ev(type='B', amount > a.amount)" + within + ")];";
            case ABSENCE -> keyed + "@name('out') context PerKey select a.amount from pattern [every a=Ev(type='A') -> "
                    + "(timer:interval(" + Workload.WINDOW_MILLIS + " milliseconds) and not Ev(type='B'))];";
            case SEQUENCE -> keyed + "@name('out') context PerKey select s0.amount from pattern [" + sequence(workload.size())
                    + "];";
            case KLEENE_SUM -> "@name('out') select * from Ev match_recognize (partition by key"
                    + " measures B.amount as amount pattern (A+ B)"
                    + " define A as A.type = 'A', B as B.type = 'B' and A.sumOf(x => x.amount) > "
                    + Workload.KLEENE_SUM_THRESHOLD + ");";
            case MANY_RULES -> manyRules(workload.size());
        };
    }

    private static String sequence(int length) {
        StringBuilder rest = new StringBuilder();
        for (int j = 1; j < length; j++) {
            if (j > 1) {
                rest.append(" -> ");
            }
            rest.append("s").append(j).append("=Ev(type='").append(TypeMix.typeName(j % 4)).append("')");
        }
        return "every s0=Ev(type='T0') -> (" + rest + ") where timer:within(" + Workload.WINDOW_MILLIS + " milliseconds)";
    }

    private static String manyRules(int n) {
        StringBuilder epl = new StringBuilder();
        for (int i = 0; i < n; i++) {
            epl.append("@name('out").append(i).append("') select a.amount from pattern [every a=Ev(type='")
                    .append(TypeMix.typeName(i)).append("') -> (b=Ev(type='").append(TypeMix.typeName((i + 1) % n))
                    .append("', key = a.key, amount > a.amount) where timer:within(").append(Workload.WINDOW_MILLIS)
                    .append(" milliseconds))];\n");
        }
        return epl.toString();
    }

    public int events() {
        return events.length;
    }

    /**
     * Deploys the statements on a fresh runtime, sends every event and ends the input.
     *
     * @return the number of results
     */
    public long run() {
        EPRuntime runtime = EPRuntimeProvider.getRuntime("cepheus-compare-" + RUNTIMES.incrementAndGet(), configuration);
        try {
            EPEventService service = runtime.getEventService();
            service.clockExternal();
            service.advanceTime(EventStream.BASE_TIMESTAMP - 1);
            EPDeployment deployment = runtime.getDeploymentService().deploy(compiled, new DeploymentOptions());
            long[] results = {0};
            UpdateListener count = (newEvents, oldEvents, statement, rt) -> results[0] += newEvents == null ? 0 : newEvents.length;
            for (EPStatement statement : deployment.getStatements()) {
                if (statement.getName().startsWith("out")) {
                    statement.addListener(count);
                }
            }
            EventSender sender = service.getEventSender(EVENT_TYPE);
            for (int i = 0; i < events.length; i++) {
                service.advanceTime(timestamps[i]);
                sender.sendEvent(events[i]);
            }
            long end = events.length == 0 ? EventStream.BASE_TIMESTAMP : timestamps[events.length - 1];
            service.advanceTimeSpan(end + 2 * Workload.WINDOW_MILLIS);
            return results[0];
        } catch (EPDeployException e) {
            throw new IllegalStateException("Esper could not deploy: " + e.getMessage(), e);
        } finally {
            runtime.destroy();
        }
    }
}
