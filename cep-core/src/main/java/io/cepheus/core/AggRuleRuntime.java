package io.cepheus.core;

import io.cepheus.core.window.AggregateRule;
import io.cepheus.core.window.Measure;
import java.util.List;

/**
 * An aggregate rule as loaded into an engine: its slot, its incarnation (the engine-wide number its
 * stored state is tagged with) and the rule. Immutable.
 */
record AggRuleRuntime(int slot, int incarnation, AggregateRule rule, boolean countsDistinct, long fingerprint) {

    AggRuleRuntime(int slot, int incarnation, AggregateRule rule) {
        this(slot, incarnation, rule, rule.measures().stream().anyMatch(m -> m.kind() == Measure.Kind.COUNT_DISTINCT),
                Fingerprints.of(rule));
    }

    RuleId id() {
        return rule.id();
    }

    List<Measure> measures() {
        return rule.measures();
    }

    /** What each measure takes from {@code event}: null where it does not count the event. */
    Object[] inputs(Event event) {
        List<Measure> measures = rule.measures();
        Object[] inputs = new Object[measures.size()];
        for (int i = 0; i < inputs.length; i++) {
            Measure m = measures.get(i);
            if (m.where() != null && !m.where().test(event)) {
                continue;
            }
            inputs[i] = m.value() == null ? Boolean.TRUE : m.value().apply(event);
        }
        return inputs;
    }

    MeasureAcc[] newAccumulators(boolean sliding) {
        List<Measure> measures = rule.measures();
        MeasureAcc[] accs = new MeasureAcc[measures.size()];
        for (int i = 0; i < accs.length; i++) {
            accs[i] = MeasureAcc.create(measures.get(i), rule.maxDistinct(), sliding);
        }
        return accs;
    }
}
