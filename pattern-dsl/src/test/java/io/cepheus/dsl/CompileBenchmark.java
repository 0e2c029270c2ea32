package io.cepheus.dsl;

import java.util.Locale;

/**
 * Compile-time benchmark (not a test): 1,000 realistic rules over one stream, compiled in one
 * {@link RuleLanguage#compile} call, after a warm-up. Run:
 *
 * <pre>
 * ./mvnw -q -pl pattern-dsl test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.cepheus.dsl.CompileBenchmark [-Dexec.args="1000 10"]
 * </pre>
 *
 * Prints the median and best time of the measured rounds. Target: 1,000 rules well under 2 s.
 */
public final class CompileBenchmark {

    private CompileBenchmark() {}

    /** A file with {@code n} distinct rules of the shapes rule authors write. */
    static String rules(int n) {
        StringBuilder out = new StringBuilder(ExamplesTest.example("payments.cep").replaceAll("(?s)rule .*", ""));
        for (int i = 0; i < n; i++) {
            String template = switch (i % 4) {
                case 0 -> """
                        rule card_testing_%1$d {
                          title "Card testing %1$d"
                          severity high
                          from payments
                          partition by card_id
                          pattern probe{3,} -> big
                          where
                            probe: amount < %1$d.00 and status == "approved"
                            big: amount > 500 + %1$d and merchant != last(probe).merchant
                          within 10m
                          after match skip past last event
                          alert {
                            summary "Card ${card_id}: ${count(probe)} probes, then ${big.amount}"
                            total: sum(probe.amount) + big.amount
                          }
                          suppress per card_id for 1h
                        }
                        """;
                case 1 -> """
                        rule travel_%1$d {
                          from payments
                          partition by card_id
                          pattern here -> there
                          where
                            here: status == "approved" and country in ("FR", "DE", "US")
                            there: geo_distance_km(here.lat, here.lon, lat, lon) > %1$d and ts - here.ts < 1h
                          within 1h
                        }
                        """;
                case 2 -> """
                        rule unpaid_%1$d {
                          from orders
                          partition by order_id
                          pattern placed -> not paid
                          where
                            placed: type == "order_placed" and amount > %1$d
                            paid: type == "payment"
                          within 15m
                          alert { summary "Order ${order_id} not paid" }
                        }
                        """;
                default -> """
                        rule burst_%1$d {
                          from payments
                          partition by merchant
                          pattern first_fail (fail -> not ok)+? -> success
                          where
                            first_fail: status == "declined"
                            fail: status == "declined" and lower(merchant) like "shop%%"
                            ok: status == "approved" and amount < 1
                            success: status == "approved" and amount > avg(fail.amount) * %1$d
                          within 30m
                        }
                        """;
            };
            out.append(template.formatted(i));
        }
        return out.toString();
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Source source = Source.of("bench.cep", rules(n));
        for (int i = 0; i < 3; i++) {
            RuleLanguage.compile(source);
        }
        long[] times = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            CompiledRules compiled = RuleLanguage.compile(source);
            times[i] = System.nanoTime() - start;
            if (compiled.rules().size() != n) {
                throw new IllegalStateException("compiled " + compiled.rules().size() + " rules, expected " + n);
            }
        }
        java.util.Arrays.sort(times);
        System.out.printf(Locale.ROOT, "%d rules (%d chars): median %.1f ms, best %.1f ms over %d rounds%n", n,
                source.text().length(), times[rounds / 2] / 1e6, times[0] / 1e6, rounds);
    }
}
