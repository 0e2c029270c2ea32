package io.cepheus.load;

import io.cepheus.core.pattern.Connector;
import io.cepheus.core.pattern.Contiguity;
import io.cepheus.core.pattern.Quantifier;
import io.cepheus.load.DiffCase.Ev;
import io.cepheus.load.DiffCase.GroupElem;
import io.cepheus.load.DiffCase.Part;
import io.cepheus.load.DiffCase.StepElem;
import io.cepheus.load.DiffExpr.Agg;
import io.cepheus.load.DiffExpr.AggKind;
import io.cepheus.load.DiffExpr.AggRef;
import io.cepheus.load.DiffExpr.Cmp;
import io.cepheus.load.DiffExpr.Lit;
import io.cepheus.load.DiffExpr.TypeIs;
import io.cepheus.load.DiffExpr.V;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random cases over the whole core pattern model: every connector (strict, relaxed,
 * non-deterministic, not next, not followed by), every quantifier (exactly, ranges, loops, optional,
 * greedy or reluctant, strict / relaxed / any inside), {@code until}, groups, iterative conditions
 * over aggregates of earlier and own steps, all five skip strategies (with and without failing on a
 * miss, targets negated steps too), windows with and without reported timeouts; and small keyed
 * streams with timestamp ties and events out of order within the lateness. Small alphabets (four
 * types, values 0–9) so that patterns match often.
 */
final class RandomDiffCases {

    private static final String[] TYPES = {"a", "b", "c", "d"};
    private static final String[] OPS = {"<", "<=", ">", ">=", "==", "!="};

    private final Random random;
    private int nextStep;
    /** Steps that can be read by a condition of the step being generated (earlier, not negated). */
    private final List<String> readable = new ArrayList<>();

    private RandomDiffCases(long seed) {
        this.random = new Random(seed);
    }

    static DiffCase generate(long seed) {
        return new RandomDiffCases(seed).generate();
    }

    private DiffCase generate() {
        List<Part> parts = sequence(1 + random.nextInt(4), true);
        List<StepElem> steps = new ArrayList<>();
        for (Part p : parts) {
            if (p.elem() instanceof StepElem s) {
                steps.add(s); // Flink finds a skip target only among the top-level steps
            }
        }
        DiffCase.Skip skip = pick(DiffCase.Skip.values(), 0.3, DiffCase.Skip.NO_SKIP);
        if (steps.isEmpty() && (skip == DiffCase.Skip.SKIP_TO_FIRST || skip == DiffCase.Skip.SKIP_TO_LAST)) {
            skip = DiffCase.Skip.SKIP_TO_NEXT;
        }
        String skipStep = steps.isEmpty() ? null : steps.get(random.nextInt(steps.size())).name();
        boolean failOnMiss = random.nextInt(5) == 0;
        long within = random.nextInt(4) == 0 ? 0 : 4 + random.nextInt(30);
        boolean timeouts = (within > 0 || parts.stream().anyMatch(p -> p.within() > 0)) && random.nextBoolean();
        long lateness = random.nextInt(5) < 3 ? 0 : 1 + random.nextInt(4);
        return new DiffCase(parts, skip, skipStep, failOnMiss, within, timeouts, lateness, events(lateness));
    }

    private List<Part> sequence(int length, boolean top) {
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            Connector connector = i == 0 ? Connector.FOLLOWED_BY : connector();
            long window = top && i > 0 && random.nextInt(6) == 0 ? 2 + random.nextInt(18) : 0;
            if (connector.isNegation()) {
                String name = "s" + ++nextStep;
                parts.add(new Part(connector, new StepElem(name, condition(name), Quantifier.once(), null), window));
            } else if (top && random.nextInt(7) == 0) {
                List<Part> body = sequence(1 + random.nextInt(2), false);
                parts.add(new Part(connector, new GroupElem(body, groupQuantifier())));
            } else {
                String name = "s" + ++nextStep;
                Quantifier q = quantifier();
                DiffExpr until = q.isLooping() && random.nextInt(6) == 0 ? condition(name) : null;
                parts.add(new Part(connector, new StepElem(name, condition(name), q, until), window));
                readable.add(name);
            }
        }
        return parts;
    }

    private Connector connector() {
        int r = random.nextInt(100);
        if (r < 20) {
            return Connector.NEXT;
        } else if (r < 55) {
            return Connector.FOLLOWED_BY;
        } else if (r < 70) {
            return Connector.FOLLOWED_BY_ANY;
        } else if (r < 85) {
            return Connector.NOT_NEXT;
        }
        return Connector.NOT_FOLLOWED_BY;
    }

    private Quantifier quantifier() {
        int r = random.nextInt(100);
        Quantifier q;
        if (r < 40) {
            return Quantifier.once();
        } else if (r < 52) {
            q = Quantifier.zeroOrOne();
        } else if (r < 62) {
            q = Quantifier.times(2 + random.nextInt(2));
        } else if (r < 70) {
            int min = 1 + random.nextInt(2);
            q = Quantifier.times(min, min + 1 + random.nextInt(2));
        } else if (r < 90) {
            q = Quantifier.oneOrMore();
        } else {
            q = Quantifier.atLeast(2);
        }
        if (q.max() > 1 && random.nextInt(5) == 0) {
            q = q.asOptional();
        }
        if (q.max() > 1 && random.nextBoolean()) {
            q = q.asGreedy(); // Flink has no greedy single step ("not applicable to singleton quantifier")
        }
        if (q.max() > 1) {
            q = q.withInner(innerContiguity());
        }
        return q;
    }

    private Quantifier groupQuantifier() {
        int r = random.nextInt(100);
        Quantifier q;
        if (r < 25) {
            q = Quantifier.once();
        } else if (r < 45) {
            q = Quantifier.times(2);
        } else if (r < 55) {
            q = Quantifier.times(1, 2);
        } else {
            q = Quantifier.oneOrMore();
        }
        if (random.nextInt(5) == 0) {
            q = q.asOptional();
        }
        if (q.max() > 1) {
            q = q.withInner(innerContiguity());
        }
        return q;
    }

    private Contiguity innerContiguity() {
        int r = random.nextInt(100);
        return r < 60 ? Contiguity.RELAXED : r < 85 ? Contiguity.STRICT : Contiguity.NON_DETERMINISTIC;
    }

    private DiffExpr condition(String own) {
        int r = random.nextInt(100);
        if (r < 35) {
            return new TypeIs(List.of(type()));
        } else if (r < 45) {
            String a = type();
            String b = type();
            return a.equals(b) ? new TypeIs(List.of(a)) : new TypeIs(List.of(a, b));
        } else if (r < 65) {
            return new Cmp(new V(), op(), new Lit(random.nextInt(10)));
        } else if (r < 80) {
            return new DiffExpr.And(new TypeIs(List.of(type())), new Cmp(new V(), op(), new Lit(random.nextInt(10))));
        }
        return iterative(own);
    }

    private DiffExpr iterative(String own) {
        List<String> candidates = new ArrayList<>(readable);
        candidates.add(own);
        String step = candidates.get(random.nextInt(candidates.size()));
        int r = random.nextInt(5);
        DiffExpr e = switch (r) {
            case 0 -> new Cmp(new V(), op(), new Agg(new AggRef(random.nextBoolean() ? AggKind.LAST : AggKind.FIRST, step,
                    random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0)));
            case 1 -> new Cmp(new DiffExpr.Plus(new DiffExpr.Coalesce(new Agg(new AggRef(AggKind.SUM, step)), 0), new V()),
                    "<=", new Lit(5 + random.nextInt(15)));
            case 2 -> new Cmp(new Agg(new AggRef(AggKind.COUNT, step)), "<", new Lit(1 + random.nextInt(3)));
            case 3 -> new Cmp(new V(), op(), new Agg(new AggRef(random.nextBoolean() ? AggKind.MIN : AggKind.MAX, step)));
            default -> new Cmp(new V(), op(), new DiffExpr.Coalesce(new Agg(new AggRef(AggKind.LAST, step)), random.nextInt(10)));
        };
        return random.nextBoolean() ? new DiffExpr.And(new Cmp(new V(), op(), new Lit(random.nextInt(10))), e) : e;
    }

    private String type() {
        return TYPES[random.nextInt(TYPES.length)];
    }

    private String op() {
        return OPS[random.nextInt(OPS.length)];
    }

    private <T> T pick(T[] values, double firstWeight, T first) {
        if (random.nextDouble() < firstWeight) {
            return first;
        }
        return values[random.nextInt(values.length)];
    }

    private List<Ev> events(long lateness) {
        int n = 3 + random.nextInt(12);
        boolean twoKeys = random.nextInt(10) < 3;
        List<Ev> events = new ArrayList<>();
        long ts = 1000 + random.nextInt(1000);
        for (int i = 1; i <= n; i++) {
            ts += random.nextInt(10) < 3 ? 0 : 1 + random.nextInt(6);
            String key = twoKeys && random.nextBoolean() ? "j" : "k";
            events.add(new Ev(i, key, type(), random.nextInt(10), ts));
        }
        // out of order within the lateness: never late
        for (int i = 0; i + 1 < events.size(); i++) {
            Ev a = events.get(i);
            Ev b = events.get(i + 1);
            if (b.ts() - a.ts() <= lateness && random.nextInt(3) == 0) {
                events.set(i, b);
                events.set(i + 1, a);
                i++;
            }
        }
        return events;
    }
}
