package io.cepheus.load;

import io.cepheus.core.Event;
import io.cepheus.core.Rule;
import io.cepheus.core.pattern.AfterMatchSkip;
import io.cepheus.core.pattern.Aggregate;
import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Sequence;
import io.cepheus.core.pattern.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The workloads' rules in Cepheus's pattern API. Events are {@code Event.of(index, timestamp, type,
 * amount)}: field {@link #TYPE} is the interned type name, field {@link #AMOUNT} a {@code Long}.
 */
public final class CepheusRules {

    /** Field index of the event type. */
    public static final int TYPE = 0;
    /** Field index of the amount. */
    public static final int AMOUNT = 1;

    private static final Duration WINDOW = Duration.ofMillis(Workload.WINDOW_MILLIS);

    private CepheusRules() {}

    /** The rules of {@code workload}. */
    public static List<Rule> of(Workload workload) {
        return switch (workload.shape()) {
            case RISE -> List.of(rise("w1", "A", "B"));
            case KLEENE_SUM -> List.of(kleeneSum());
            case ABSENCE -> List.of(absence());
            case MANY_RULES -> manyRules(workload.size(), workload.size());
            case SEQUENCE -> List.of(sequence(workload.size()));
        };
    }

    /**
     * Rules 0 .. {@code count-1} of the ring over {@code ringSize} types: rule i is Ti then
     * T(i+1 mod ringSize) with a larger amount. W4 is {@code manyRules(n, n)}; the rule-count
     * benchmark loads fewer rules of one large ring over the same stream.
     */
    public static List<Rule> manyRules(int count, int ringSize) {
        List<Rule> rules = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rules.add(rise("w4-" + i, TypeMix.typeName(i), TypeMix.typeName((i + 1) % ringSize)));
        }
        return rules;
    }

    /** {@code first} then, relaxed, {@code second} with a larger amount, within 10 s, no skip. */
    static Rule rise(String id, String first, String second) {
        Condition larger = (event, ctx) -> event.getLong(AMOUNT) > ((Event) ctx.aggregate(0)).getLong(AMOUNT);
        return Rule.of(id, Sequence.begin(type("a", first))
                        .followedBy(Step.of("b", Condition.fieldEquals(TYPE, second).and(larger)))
                        .build())
                .within(WINDOW)
                .aggregates(List.of(Aggregate.first("a")));
    }

    static Rule kleeneSum() {
        Condition enough = (event, ctx) -> (Long) ctx.aggregate(0) > Workload.KLEENE_SUM_THRESHOLD;
        return Rule.of("w2", Sequence.begin(type("a", "A").oneOrMore().consecutive())
                        .next(Step.of("b", Condition.fieldEquals(TYPE, "B").and(enough)))
                        .build())
                .skip(AfterMatchSkip.skipPastLastEvent())
                .aggregates(List.of(Aggregate.of("a", Aggregate.Kind.SUM, AMOUNT)));
    }

    static Rule absence() {
        return Rule.of("w3", Sequence.begin(type("a", "A")).notFollowedBy(type("b", "B")).build()).within(WINDOW);
    }

    static Rule sequence(int length) {
        Sequence.Builder b = Sequence.begin(type("s0", TypeMix.typeName(0)));
        for (int j = 1; j < length; j++) {
            b.followedBy(type("s" + j, TypeMix.typeName(j % 4)));
        }
        return Rule.of("w5-" + length, b.build()).within(WINDOW);
    }

    private static Step type(String name, String type) {
        return Step.of(name, Condition.fieldEquals(TYPE, type));
    }
}
