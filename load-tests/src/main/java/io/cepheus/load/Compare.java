package io.cepheus.load;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The side-by-side comparison: runs the same seeded events through Cepheus, Esper 9, Flink CEP's
 * NFA driven directly and a Flink CEP job in a mini-cluster, checks that every engine reports the
 * same number of results per workload, and prints events/s (median of the repetitions) and the
 * ratios. Exits 1 on any MISMATCH, 2 on bad options.
 *
 * <p>Run {@code Compare --help} for the options. Timed: the engine's work on events already in
 * memory (compiling the rules and building event objects happen before the clock starts); for the
 * Flink job, its net runtime.
 */
public final class Compare {

    /** The engines, in column order. */
    enum Engine {
        CEPHEUS("cepheus", "Cepheus"),
        ESPER("esper", "Esper 9"),
        FLINK_NFA("flink-nfa", "Flink NFA"),
        FLINK_JOB("flink-job", "Flink job");

        final String option;
        final String title;

        Engine(String option, String title) {
            this.option = option;
            this.title = title;
        }

        static Engine of(String option) {
            for (Engine e : values()) {
                if (e.option.equalsIgnoreCase(option)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("unknown engine '" + option + "', expected one of "
                    + Arrays.stream(values()).map(e -> e.option).toList());
        }
    }

    /** Parsed command line. */
    record Options(List<Workload> workloads, double scale, Integer events, int reps, int warmups, Set<Engine> engines,
            long seed, int jobParallelism, int jobMaxRules, int flinkMaxRules) {

        static final String USAGE = """
                usage: Compare [options]
                  --workloads LIST   comma-separated ids or groups: W1,W2,W3,W4,W5 or W1-1k,W1-10k,W4-100,
                                     W4-1000,W5-3,W5-12,W5-24 (default: all)
                  --scale F          fraction of each workload's full event count (default 0.1; 1 = the
                                     sizes of peer-comparison.md: 1M, 500k, 100k, 300k events)
                  --events N         exact event count for every workload (overrides --scale)
                  --reps N           timed repetitions per engine; the median is reported (default 3)
                  --warmup N         untimed runs per engine before the repetitions (default 1)
                  --engines LIST     cepheus,esper,flink-nfa,flink-job (default: all)
                  --seed N           event generator seed (default 42)
                  --job-parallelism N  parallelism of the Flink job's CEP operators (default 2)
                  --job-max-rules N  skip the Flink job for workloads with more rules (default 100)
                  --flink-max-rules N  skip Flink's NFA for workloads with more rules (default 1000)
                """;

        static Options parse(String... args) {
            List<Workload> workloads = Workload.all();
            double scale = 0.1;
            Integer events = null;
            int reps = 3;
            int warmups = 1;
            Set<Engine> engines = new LinkedHashSet<>(List.of(Engine.values()));
            long seed = EventStream.DEFAULT_SEED;
            int jobParallelism = 2;
            int jobMaxRules = 100;
            int flinkMaxRules = 1_000;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help") || name.equals("-h")) {
                    throw new IllegalArgumentException("");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--workloads" -> {
                        Set<Workload> chosen = new LinkedHashSet<>();
                        for (String s : value.split(",")) {
                            chosen.addAll(Workload.select(s.trim()));
                        }
                        workloads = List.copyOf(chosen);
                    }
                    case "--scale" -> scale = positive(name, Double.parseDouble(value));
                    case "--events" -> events = (int) positive(name, Integer.parseInt(value));
                    case "--reps" -> reps = (int) positive(name, Integer.parseInt(value));
                    case "--warmup" -> warmups = Integer.parseInt(value);
                    case "--engines" -> {
                        engines = new LinkedHashSet<>();
                        for (String s : value.split(",")) {
                            engines.add(Engine.of(s.trim()));
                        }
                    }
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--job-parallelism" -> jobParallelism = (int) positive(name, Integer.parseInt(value));
                    case "--job-max-rules" -> jobMaxRules = Integer.parseInt(value);
                    case "--flink-max-rules" -> flinkMaxRules = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            return new Options(workloads, scale, events, reps, warmups, engines, seed, jobParallelism, jobMaxRules,
                    flinkMaxRules);
        }

        private static double positive(String name, double value) {
            if (!(value > 0)) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        Workload sized(Workload w) {
            return events != null ? w.withEvents(events) : w.scaled(scale);
        }
    }

    /** One engine's outcome on one workload: result counts and times of the timed repetitions. */
    record Measurement(Engine engine, long results, long[] nanos, int events) {
        long medianNanos() {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }

        double eventsPerSecond() {
            return events * 1e9 / medianNanos();
        }
    }

    /** One row of the table. */
    record Row(Workload workload, Map<Engine, Measurement> byEngine, boolean agree) {}

    private final Options options;
    private final PrintStream out;
    /** Net runtime of the last Flink job: its time excludes starting the mini-cluster. */
    private long lastJobNanos;

    Compare(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        List<Row> rows = new Compare(options, System.out).runAll();
        System.exit(rows.stream().allMatch(Row::agree) ? 0 : 1);
    }

    List<Row> runAll() {
        out.printf(Locale.ROOT, "Cepheus comparison, %s, java %s, %d cpus; scale %s, reps %d (median), warmup %d, seed %d%n",
                LocalDate.now(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                options.events != null ? options.events + " events" : String.valueOf(options.scale), options.reps,
                options.warmups, options.seed);
        List<Row> rows = new ArrayList<>();
        for (Workload full : options.workloads) {
            Row row = runWorkload(options.sized(full));
            rows.add(row);
        }
        out.println();
        printTable(rows);
        return rows;
    }

    Row runWorkload(Workload w) {
        EventStream stream = EventStream.generate(w, options.seed);
        Map<Engine, Measurement> results = new LinkedHashMap<>();
        for (Engine engine : options.engines) {
            LongSupplier run = prepare(engine, w, stream);
            if (run == null) {
                continue;
            }
            results.put(engine, measure(engine, w, run));
        }
        boolean agree = results.values().stream().map(Measurement::results).distinct().count() <= 1;
        if (!agree) {
            StringBuilder s = new StringBuilder("MISMATCH in " + w.id() + ":");
            results.values().forEach(m -> s.append(' ').append(m.engine.option).append('=').append(m.results));
            out.println(s);
        }
        return new Row(w, results, agree);
    }

    /** A run of {@code engine} on {@code w} returning its result count, or null if skipped. */
    private LongSupplier prepare(Engine engine, Workload w, EventStream stream) {
        int rules = w.shape() == Workload.Shape.MANY_RULES ? w.size() : 1;
        return switch (engine) {
            case CEPHEUS -> new CepheusDriver(CepheusRules.of(w), stream)::run;
            case ESPER -> new EsperDriver(w, stream)::run;
            case FLINK_NFA -> rules > options.flinkMaxRules ? null : new FlinkNfaDriver(w, stream)::run;
            case FLINK_JOB -> rules > options.jobMaxRules ? null : jobRun(w);
        };
    }

    private LongSupplier jobRun(Workload w) {
        FlinkJobDriver job = new FlinkJobDriver(w, options.seed, options.jobParallelism);
        return () -> {
            long results = job.run();
            lastJobNanos = job.lastNetRuntimeNanos();
            return results;
        };
    }

    private Measurement measure(Engine engine, Workload w, LongSupplier run) {
        long results = -1;
        for (int i = 0; i < options.warmups; i++) {
            results = run.getAsLong();
        }
        long[] nanos = new long[options.reps];
        for (int i = 0; i < options.reps; i++) {
            System.gc();
            long start = System.nanoTime();
            long r = run.getAsLong();
            nanos[i] = engine == Engine.FLINK_JOB ? lastJobNanos : System.nanoTime() - start;
            if (results >= 0 && r != results) {
                out.printf("MISMATCH: %s gave %d results on %s, then %d%n", engine.option, results, w.id(), r);
            }
            results = r;
        }
        Measurement m = new Measurement(engine, results, nanos, w.events());
        out.printf(Locale.ROOT, "%-8s %-10s %,10d results  %12s events/s  (runs: %s)%n", w.id(), engine.option, results,
                rate(m.eventsPerSecond()), Arrays.stream(nanos).mapToObj(n -> String.format(Locale.ROOT, "%.3fs", n / 1e9)).toList());
        out.flush();
        return m;
    }

    void printTable(List<Row> rows) {
        List<Engine> engines = List.copyOf(options.engines);
        StringBuilder header = new StringBuilder("| workload | events | matches |");
        StringBuilder rule = new StringBuilder("|---|--:|--:|");
        for (Engine e : engines) {
            header.append(' ').append(e.title).append(" ev/s |");
            rule.append("--:|");
        }
        List<Engine> peers = engines.stream().filter(e -> e != Engine.CEPHEUS).toList();
        if (engines.contains(Engine.CEPHEUS)) {
            for (Engine p : peers) {
                header.append(" Cepheus/").append(p.title).append(" |");
                rule.append("--:|");
            }
        }
        out.println(header);
        out.println(rule);
        for (Row row : rows) {
            StringBuilder line = new StringBuilder("| " + row.workload.id() + " | " + rate(row.workload.events()) + " | ");
            Measurement any = row.byEngine.values().stream().findFirst().orElse(null);
            line.append(any == null ? "—" : row.agree ? String.format(Locale.ROOT, "%,d", any.results) : "MISMATCH").append(" |");
            for (Engine e : engines) {
                Measurement m = row.byEngine.get(e);
                line.append(' ').append(m == null ? "—" : rate(m.eventsPerSecond())).append(" |");
            }
            Measurement ours = row.byEngine.get(Engine.CEPHEUS);
            if (ours != null) {
                for (Engine p : peers) {
                    Measurement m = row.byEngine.get(p);
                    line.append(' ')
                            .append(m == null ? "—" : String.format(Locale.ROOT, "%.1f×", ours.eventsPerSecond() / m.eventsPerSecond()))
                            .append(" |");
                }
            }
            out.println(line);
        }
        if (rows.stream().anyMatch(r -> !r.agree)) {
            out.println("MISMATCH: the engines disagree on at least one workload (see above)");
        }
        out.flush();
    }

    /** 1234567 → "1.23M", 45678 → "45.7k". */
    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }
}
