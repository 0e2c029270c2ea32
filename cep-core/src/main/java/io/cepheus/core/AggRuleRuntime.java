package io.cepheus.core;

import io.cepheus.core.window.AggregateRule;
import io.cepheus.core.window.Measure;
import java.util.List;

/** An aggregate rule as loaded into an engine: its slot and the rule. Immutable. */
record AggRuleRuntime(int slot, AggregateRule rule, boolean countsDistinct) {

    AggRuleRuntime(int slot, AggregateRule rule) {
        this(slot, rule, rule.measures().stream().anyMatch(m -> m.kind() == Measure.Kind.COUNT_DISTINCT));
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
