package io.cepheus.server.rules;

import io.cepheus.dsl.StreamLayout;
import java.util.List;
import java.util.Optional;

/**
 * Compiled rule files: the declared streams and the rules, in source order.
 *
 * @param streams every declared stream
 * @param rules every rule
 */
public record RuleSet(List<StreamLayout> streams, List<OfflineRule> rules) {
    public RuleSet {
        streams = List.copyOf(streams);
        rules = List.copyOf(rules);
    }

    public Optional<StreamLayout> stream(String name) {
        return streams.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<OfflineRule> rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
