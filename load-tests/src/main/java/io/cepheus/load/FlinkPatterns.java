package io.cepheus.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * The workloads' rules in Flink CEP's pattern API. Conditions are named serializable classes, so the
 * same patterns serve the NFA driven directly and the mini-cluster job.
 */
final class FlinkPatterns {

    private static final Duration WINDOW = Duration.ofMillis(Workload.WINDOW_MILLIS);

    private FlinkPatterns() {}

    /** The patterns of {@code workload}: one per rule. */
    static List<Pattern<FlinkEvent, ?>> of(Workload workload) {
        return switch (workload.shape()) {
            case RISE -> List.of(rise("A", "B"));
            case KLEENE_SUM -> List.of(Pattern.<FlinkEvent>begin("a", AfterMatchSkipStrategy.skipPastLastEvent())
                    .where(new TypeIs("A"))
                    .oneOrMore()
                    .consecutive()
                    .next("b")
                    .where(new SumAbove("B", Workload.KLEENE_SUM_THRESHOLD)));
            case ABSENCE -> List.of(Pattern.<FlinkEvent>begin("a").where(new TypeIs("A"))
                    .notFollowedBy("b").where(new TypeIs("B"))
                    .within(WINDOW));
            case MANY_RULES -> {
                List<Pattern<FlinkEvent, ?>> patterns = new ArrayList<>();
                for (int i = 0; i < workload.size(); i++) {
                    patterns.add(rise(TypeMix.typeName(i), TypeMix.typeName((i + 1) % workload.size())));
                }
                yield patterns;
            }
            case SEQUENCE -> {
                Pattern<FlinkEvent, FlinkEvent> p = Pattern.<FlinkEvent>begin("s0").where(new TypeIs(TypeMix.typeName(0)));
                for (int j = 1; j < workload.size(); j++) {
                    p = p.followedBy("s" + j).where(new TypeIs(TypeMix.typeName(j % 4)));
                }
                yield List.of(p.within(WINDOW));
            }
        };
    }

    private static Pattern<FlinkEvent, FlinkEvent> rise(String first, String second) {
        return Pattern.<FlinkEvent>begin("a").where(new TypeIs(first))
                .followedBy("b").where(new LargerThanFirst(second))
                .within(WINDOW);
    }

    /** The event has the given type. */
    static final class TypeIs extends SimpleCondition<FlinkEvent> {
        private static final long serialVersionUID = 1L;
        private final String type;

        TypeIs(String type) {
            this.type = type;
        }

        @Override
        public boolean filter(FlinkEvent e) {
            return type.equals(e.type);
        }
    }

    /** The event has the given type and a larger amount than the event bound to "a". */
    static final class LargerThanFirst extends IterativeCondition<FlinkEvent> {
        private static final long serialVersionUID = 1L;
        private final String type;

        LargerThanFirst(String type) {
            this.type = type;
        }

        @Override
        public boolean filter(FlinkEvent e, Context<FlinkEvent> ctx) throws Exception {
            return type.equals(e.type) && e.amount > ctx.getEventsForPattern("a").iterator().next().amount;
        }
    }

    /** The event has the given type and the amounts bound to "a" add up to more than a threshold. */
    static final class SumAbove extends IterativeCondition<FlinkEvent> {
        private static final long serialVersionUID = 1L;
        private final String type;
        private final long threshold;

        SumAbove(String type, long threshold) {
            this.type = type;
            this.threshold = threshold;
        }

        @Override
        public boolean filter(FlinkEvent e, Context<FlinkEvent> ctx) throws Exception {
            if (!type.equals(e.type)) {
                return false;
            }
            long sum = 0;
            for (FlinkEvent a : ctx.getEventsForPattern("a")) {
                sum += a.amount;
            }
            return sum > threshold;
        }
    }
}
