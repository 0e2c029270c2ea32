package io.cepheus.server.rules;

import io.cepheus.core.Rule;
import io.cepheus.core.RuleId;
import io.cepheus.core.window.AggregateRule;

/**
 * A rule version in shadow runs beside the deployed version of the same rule as a rule of its own,
 * named {@code NAME~shadow} (a name the rule language cannot declare), so the two share an engine
 * but no state: their partial matches, windows, suppression and alert ids are apart. Its alerts are
 * written under the rule's own name and marked {@code "shadow": true}; no rule reads them (a rule
 * reads {@code alerts(NAME)}, never the shadow's). Stateless.
 */
public final class Shadow {

    /** What a shadow's engine name ends with. */
    public static final String SUFFIX = "~shadow";

    private Shadow() {}

    /** The engine name of rule {@code name}'s shadow. */
    public static String nameOf(String name) {
        return name + SUFFIX;
    }

    /** Whether {@code engineName} is a shadow's. */
    public static boolean is(String engineName) {
        return engineName.endsWith(SUFFIX);
    }

    /** The rule's own name: {@code engineName} without the shadow's suffix. */
    public static String ruleOf(String engineName) {
        return is(engineName) ? engineName.substring(0, engineName.length() - SUFFIX.length()) : engineName;
    }

    /** {@code rule} renamed as its shadow (the engine rule's id too); everything else as it is. */
    public static OfflineRule of(OfflineRule rule) {
        String name = nameOf(rule.name());
        Rule p = rule.engineRule();
        AggregateRule a = rule.aggregateRule();
        Rule pattern = p == null ? null
                : new Rule(RuleId.of(name), p.pattern(), p.within(), p.skip(), p.reportTimeouts(), p.aggregates(), p.version());
        AggregateRule aggregate = a == null ? null : new AggregateRule(RuleId.of(name), a.filter(), a.measures(), a.window(),
                a.when(), a.rearmAfter(), a.maxDistinct(), a.version());
        return new OfflineRule(name, rule.stream(), rule.inputs(), pattern, aggregate, rule.baselines(), rule.key(),
                rule.partitionBy(), rule.alert(), rule.suppressFor(), rule.suppressionKey(), rule.aggregateSuppressionKey(),
                rule.readsAlertsOf(), rule.eventFor(), rule.alertEvent(), rule.info());
    }
}
