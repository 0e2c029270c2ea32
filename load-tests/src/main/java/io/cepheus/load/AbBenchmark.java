package io.cepheus.load;

import java.io.File;
import java.lang.management.ManagementFactory;
import com.sun.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of the benchmarks side by side in one JVM, so that both see the same load at the same
 * moments: each build's benchmarks jar in its own class loader (its own copy of cep-core), the
 * benchmark's {@code setUp} of each, then N pairs of one {@code events()} invocation of each build,
 * alternating which goes first. Each invocation is timed by the thread's CPU time (which other work
 * on a shared machine disturbs less than the wall clock). The first half of the pairs is the JIT's
 * warm-up; over the second half it prints the median and quartiles of <i>new / previous</i> per
 * pair (events per CPU second), each build's median, and the result count of both builds, which
 * must be equal (it exits 1 otherwise), and the bytes each build allocates per event (median), a count the
 * machine's load does not move.
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp load-tests/target/benchmarks.jar io.cepheus.load.AbBenchmark \
 *     PREVIOUS/benchmarks.jar load-tests/target/benchmarks.jar rules=1000 [pairs]
 * </pre>
 *
 * PREVIOUS and NEW are each a benchmarks jar, or a class path ({@code cep-core/target/classes:benchmarks.jar}
 * tries a change to cep-core without building the jar). The benchmark is {@code rules=N} ({@link RuleCountBenchmark}),
 * {@code commit=N} ({@link CommitBenchmark}: the server's rules over a write-back cache, flushed as
 * before commits) or a workload id ({@link WorkloadBenchmark}, e.g. {@code W1-10k}); pairs default
 * to 40. Each invocation runs 200,000 events through a fresh engine (on heap state, but for {@code
 * commit=N}).
 */
public final class AbBenchmark {

    private AbBenchmark() {}

    /** One build's benchmark, set up. */
    record Build(String name, Object benchmark, Method events) {

        static Build load(String name, String classPath, String what) throws ReflectiveOperationException {
            List<URL> urls = new ArrayList<>();
            for (String entry : classPath.split(File.pathSeparator)) {
                Path path = Path.of(entry);
                if (!Files.exists(path)) {
                    throw new IllegalArgumentException("no such jar or directory: " + path);
                }
                try {
                    urls.add(path.toUri().toURL());
                } catch (java.net.MalformedURLException e) {
                    throw new IllegalArgumentException("bad class path entry: " + path, e);
                }
            }
            // The platform loader as parent: nothing of this module's class path leaks into the build.
            ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            int eq = what.indexOf('=');
            String kind = eq < 0 ? "workload" : what.substring(0, eq);
            Class<?> type = Class.forName(switch (kind) {
                case "rules" -> "io.cepheus.load.RuleCountBenchmark";
                case "commit" -> "io.cepheus.load.CommitBenchmark";
                case "workload" -> "io.cepheus.load.WorkloadBenchmark";
                default -> throw new IllegalArgumentException("not rules=N, commit=N or a workload: " + what);
            }, true, loader);
            Object benchmark = type.getConstructor().newInstance();
            if (eq < 0) {
                type.getField("workload").set(benchmark, what);
            } else {
                type.getField("rules").setInt(benchmark, Integer.parseInt(what.substring(eq + 1)));
            }
            type.getMethod("setUp").invoke(benchmark);
            return new Build(name, benchmark, type.getMethod("events"));
        }

        long run() {
            try {
                return ((Number) events.invoke(benchmark)).longValue();
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(name + " failed", e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** CPU nanoseconds, bytes allocated and result count of one invocation. */
    record Invocation(long cpuNanos, long allocatedBytes, long results) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: AbBenchmark PREVIOUS.jar NEW.jar (rules=N | commit=N | WORKLOAD) [pairs]");
            System.exit(2);
        }
        String what = args[2];
        int pairs = args.length == 4 ? Integer.parseInt(args[3]) : 40;
        if (pairs < 4) {
            throw new IllegalArgumentException("pairs must be at least 4, got " + pairs);
        }
        Build previous = Build.load("previous", args[0], what);
        Build current = Build.load("new", args[1], what);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Invocation> before = new ArrayList<>();
        List<Invocation> after = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            if (i % 2 == 0) {
                before.add(time(threads, previous));
                after.add(time(threads, current));
            } else {
                after.add(time(threads, current));
                before.add(time(threads, previous));
            }
        }
        System.out.println(report(what, before.subList(pairs / 2, pairs), after.subList(pairs / 2, pairs)));
        long countBefore = before.getFirst().results();
        boolean equal = before.stream().allMatch(r -> r.results() == countBefore)
                && after.stream().allMatch(r -> r.results() == countBefore);
        if (!equal) {
            System.out.println("MISMATCH: result counts differ between invocations or builds");
            System.exit(1);
        }
    }

    private static Invocation time(ThreadMXBean threads, Build build) {
        long allocated = threads.getCurrentThreadAllocatedBytes();
        long start = threads.getCurrentThreadCpuTime();
        long results = build.run();
        long cpu = threads.getCurrentThreadCpuTime() - start;
        return new Invocation(cpu, threads.getCurrentThreadAllocatedBytes() - allocated, results);
    }

    static String report(String what, List<Invocation> before, List<Invocation> after) {
        int n = before.size();
        double[] ratio = new double[n];
        double[] rateBefore = new double[n];
        double[] rateAfter = new double[n];
        for (int i = 0; i < n; i++) {
            rateBefore[i] = eventsPerCpuSecond(before.get(i));
            rateAfter[i] = eventsPerCpuSecond(after.get(i));
            ratio[i] = rateAfter[i] / rateBefore[i];
        }
        Arrays.sort(ratio);
        Arrays.sort(rateBefore);
        Arrays.sort(rateAfter);
        return String.format(Locale.ROOT,
                "%s, %d pairs measured: new/previous median %.3f (quartiles %.3f-%.3f); events per CPU second,"
                        + " median: previous %.3fM, new %.3fM; bytes allocated per event: previous %.0f, new %.0f;"
                        + " results: previous %d, new %d",
                what, n, median(ratio), ratio[n / 4], ratio[(3 * n) / 4], median(rateBefore) / 1e6,
                median(rateAfter) / 1e6, bytesPerEvent(before), bytesPerEvent(after), before.getFirst().results(),
                after.getFirst().results());
    }

    private static double bytesPerEvent(List<Invocation> invocations) {
        return invocations.stream().mapToLong(Invocation::allocatedBytes).sorted().skip(invocations.size() / 2)
                .findFirst().orElseThrow() / (double) WorkloadBenchmark.EVENTS;
    }

    private static double eventsPerCpuSecond(Invocation invocation) {
        return WorkloadBenchmark.EVENTS / (invocation.cpuNanos() / 1e9);
    }

    /** The median of values sorted in ascending order. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
