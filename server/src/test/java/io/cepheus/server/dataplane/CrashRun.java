package io.cepheus.server.dataplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link CrashScenario} with more kills, from the command line: an embedded broker in this JVM, a
 * {@code serve} child killed with {@code kill -9} KILLS times, then the alerts compared with
 * backtest's. Exit code 0 when they are the same, 1 otherwise.
 *
 * <p>Run (after {@code ./mvnw -pl server -am test-compile}):
 * <pre>
 * cd server &amp;&amp; java -cp target/test-classes:target/classes:$(cat cp.txt) \
 *     io.cepheus.server.dataplane.CrashRun [KILLS=20] [EVENTS=10000] [SEED=1] [PER_SECOND=150] [CEPHEUS_X=value ...]
 * </pre>
 * where {@code cp.txt} is {@code ./mvnw -pl server dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 * Trailing {@code CEPHEUS_*=value} arguments configure the node (e.g. {@code
 * CEPHEUS_STATE_TRANSACTIONAL=false}).
 */
public final class CrashRun {

    private CrashRun() {}

    public static void main(String[] args) throws IOException {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        int perSecond = args.length > 3 ? Integer.parseInt(args[3]) : 150;
        Map<String, String> env = new HashMap<>();
        for (int i = 4; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            env.put(kv[0], kv[1]);
        }
        Path dir = Files.createTempDirectory("cepheus-crash");
        System.out.printf("%d kills, %d events, seed %d, %d/s, %s; logs in %s%n", kills, events, seed, perSecond, env,
                dir.resolve("run/logs"));
        CrashScenario.Result r;
        try (Cluster cluster = new Cluster(dir)) {
            r = new CrashScenario(events, kills, seed, perSecond, env).run(cluster, dir.resolve("run"), "crash");
        }
        System.out.println("committed input offset at each kill: " + r.killedAt() + " (" + r.killsWhileSending()
                + " while the input was being produced)");
        System.out.println("start to running, each start: " + r.starts().stream().map(d -> d.toMillis() + " ms").toList());
        System.out.printf("alerts: %d expected (backtest), %d on the topic; %d dead letters%n", r.expected().size(),
                r.actual().size(), r.deadLetters());
        boolean same = r.actual().equals(r.expected());
        if (!same) {
            List<String> missing = r.expected().stream().filter(a -> !r.actual().contains(a)).toList();
            List<String> extra = new java.util.ArrayList<>(r.actual());
            r.expected().forEach(extra::remove);
            System.out.println("missing " + missing.size() + ": " + missing.stream().limit(10).toList());
            System.out.println("extra or twice " + extra.size() + ": " + extra.stream().limit(10).toList());
        }
        System.out.println(same ? "SAME: exactly backtest's alerts" : "DIFFERENT");
        System.exit(same ? 0 : 1);
    }
}
