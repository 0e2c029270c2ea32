package io.cepheus.server.demo;

import java.util.Optional;

/**
 * A scenario planted for one rule: each run is the story of one card, account, device or user new to
 * the demo ({@link Population}'s fresh ones), so that the rule's alert for it has a key of its own.
 */
abstract class PlantedScenario implements Scenario {

    private final String rule;
    final Population people;

    PlantedScenario(String rule, Population people) {
        this.rule = rule;
        this.people = people;
    }

    @Override
    public final Optional<String> plants() {
        return Optional.of(rule);
    }
}
