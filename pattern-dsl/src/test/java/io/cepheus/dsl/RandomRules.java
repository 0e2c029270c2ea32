package io.cepheus.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of syntactically valid rule files over one stream, for the formatter
 * round-trip and the fuzz test. The rules are random, so many do not pass the checks; that is
 * fine for both uses.
 */
final class RandomRules {

    static final String STREAM = """
            stream s {
              topic "s"
              time ts format "iso8601"
              lateness 5s
              key k
              fields {
                k: string
                type: string
                amount: decimal
                n: long
                x: double
                ok: bool
                ts: timestamp
                d: duration
              }
            }
            """;

    private static final String[] FIELDS = {"k", "type", "amount", "n", "x", "ok", "ts", "d"};
    private static final String[] LITERALS = {"1", "2.50", "1e3", "\"a\"", "'b'", "true", "null", "5m", "1h30m", "0"};
    private static final String[] OPS = {"+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or"};
    private static final String[] FUNCTIONS = {"lower", "upper", "length", "abs", "round", "coalesce", "concat", "geo_distance_km"};

    private final Random random;

    RandomRules(long seed) {
        this.random = new Random(seed);
    }

    String file(int rules) {
        StringBuilder out = new StringBuilder(STREAM);
        for (int i = 0; i < rules; i++) {
            out.append('\n').append(rule("r" + i));
        }
        return out.toString();
    }

    String rule(String name) {
        if (random.nextInt(3) == 0) {
            return aggregateRule(name);
        }
        List<String> steps = new ArrayList<>();
        String pattern = pattern(steps, 0);
        StringBuilder out = new StringBuilder("rule ").append(name).append(" {\n");
        if (random.nextBoolean()) {
            out.append("  title \"").append(name).append(" title\"  # a trailing comment\n");
        }
        if (random.nextInt(3) == 0) {
            out.append("  # a comment line\n  severity ").append(pick(new String[] {"low", "high", "critical"})).append('\n');
        }
        out.append("  from s\n");
        if (random.nextBoolean()) {
            out.append("  partition by ").append(random.nextBoolean() ? "k" : "k, lower(type)").append('\n');
        }
        out.append("  pattern ").append(pattern).append('\n');
        out.append("  where\n");
        for (String step : steps) {
            out.append("    ").append(step).append(": ").append(expression(3, steps));
            if (random.nextInt(6) == 0) {
                out.append(" until ").append(expression(1, steps));
            }
            out.append('\n');
        }
        if (random.nextBoolean()) {
            out.append("  within ").append(pick(new String[] {"10m", "1h", "30s", "1d"})).append('\n');
        }
        if (random.nextInt(3) == 0) {
            out.append("  after match ").append(pick(new String[] {"no skip", "skip to next", "skip past last event",
                    "skip to first " + steps.get(0), "skip to last " + steps.get(0) + " or fail"})).append('\n');
        }
        if (random.nextBoolean()) {
            out.append("  alert").append(random.nextInt(4) == 0 ? " on timeout" : "").append(" {\n");
            out.append("    summary \"got ${").append(expression(1, steps).replace('"', '\'')).append("} \\$ $ ${k}\"\n");
            out.append("    f: ").append(expression(2, steps)).append('\n');
            out.append("  }\n");
        }
        if (random.nextInt(4) == 0) {
            out.append("  suppress per k for 1h\n  notify team-a, \"pager\"\n");
        }
        return out.append("}\n").toString();
    }

    /** An aggregate rule: a window, named aggregates (some over earlier names), a threshold, maybe a baseline. */
    String aggregateRule(String name) {
        StringBuilder out = new StringBuilder("rule ").append(name).append(" {\n");
        out.append("  from ").append(random.nextInt(5) == 0 ? "alerts(r0)" : "s").append('\n');
        if (random.nextBoolean()) {
            out.append("  partition by k\n");
        }
        if (random.nextBoolean()) {
            out.append("  filter ").append(expression(2, List.of())).append('\n');
        }
        out.append("  aggregate ").append(pick(new String[] {"over last 10m", "every 1h", "every 5m over last 1h",
                "session gap 30m", "over last 1d"})).append(" {\n");
        List<String> names = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String measure = switch (random.nextInt(7)) {
                case 0 -> "count()";
                case 1 -> "count(" + expression(1, List.of()) + ")";
                case 2 -> "count distinct " + pick(FIELDS);
                case 3 -> pick(new String[] {"sum", "avg", "min", "max", "first", "last"}) + "(" + pick(FIELDS) + ")";
                case 4 -> names.isEmpty() ? "count()" : pick(names.toArray(String[]::new)) + " * 1.0 / " + pick(names.toArray(String[]::new));
                case 5 -> "window_end() - window_start()";
                default -> "sum(amount) + " + pick(LITERALS);
            };
            String m = "a" + i;
            out.append("    ").append(m).append(": ").append(measure).append('\n');
            names.add(m);
        }
        out.append("  }\n");
        out.append("  when ").append(pick(names.toArray(String[]::new))).append(pick(new String[] {" > ", " >= ", " == "}))
                .append(random.nextBoolean() ? pick(LITERALS) : "3 * avg(amount) over last 30d").append('\n');
        if (random.nextBoolean()) {
            out.append("  alert {\n    summary \"${").append(pick(names.toArray(String[]::new))).append("} for ${k}\"\n");
            out.append("    f: ").append(pick(names.toArray(String[]::new))).append("\n  }\n");
        }
        if (random.nextInt(3) == 0) {
            out.append("  suppress ").append(random.nextBoolean() ? "per k " : "").append("for 30m\n");
        }
        return out.append("}\n").toString();
    }

    private String pattern(List<String> steps, int depth) {
        int n = 1 + random.nextInt(3);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(pick(new String[] {" ", " -> ", " ->> "}));
                if (random.nextInt(6) == 0) {
                    String step = "s" + steps.size();
                    steps.add(step);
                    out.append("not ").append(step);
                    continue;
                }
            }
            if (depth < 2 && random.nextInt(5) == 0) {
                out.append('(').append(pattern(steps, depth + 1));
                if (random.nextBoolean()) {
                    out.append(" | ").append(pattern(steps, depth + 1));
                }
                out.append(')').append(pick(new String[] {"", "+?", "*?", "{2}", "{1,3}?"}));
            } else {
                String step = "s" + steps.size();
                steps.add(step);
                out.append(step).append(pick(new String[] {"", "", "+", "+?", "*", "?", "{3}", "{2,}", "{1,4}?", "+ consecutive", "{2,} any"}));
            }
        }
        return out.toString();
    }

    String expression(int depth, List<String> steps) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return atom(steps);
        }
        return switch (random.nextInt(9)) {
            case 0 -> "(" + expression(depth - 1, steps) + ")";
            case 1 -> "not " + expression(depth - 1, steps);
            case 2 -> atom(steps) + pick(new String[] {" in (1, 2)", " not in ('a', \"b\")", " is null", " is not null"});
            case 3 -> "type" + pick(new String[] {" like 'a%'", " not matches \"[a-z]+\""});
            case 4 -> pick(FUNCTIONS) + "(" + expression(depth - 1, steps) + ")";
            case 5 -> "-" + atom(steps);
            default -> operand(expression(depth - 1, steps)) + " " + pick(OPS) + " " + operand(expression(depth - 1, steps));
        };
    }

    /** Comparisons and predicates do not chain: an operand with operators goes in parentheses. */
    private static String operand(String e) {
        return e.contains(" ") ? "(" + e + ")" : e;
    }

    private String atom(List<String> steps) {
        return switch (random.nextInt(6)) {
            case 0 -> pick(LITERALS);
            case 1 -> steps.isEmpty() ? "n" : pick(steps.toArray(String[]::new)) + "." + pick(FIELDS);
            case 2 -> steps.isEmpty() ? "x" : pick(new String[] {"count", "first", "last"}) + "(" + pick(steps.toArray(String[]::new))
                    + ")" + (random.nextBoolean() ? "" : ".amount");
            case 3 -> "prev(n)";
            default -> pick(FIELDS);
        };
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
