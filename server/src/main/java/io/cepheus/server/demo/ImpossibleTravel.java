package io.cepheus.server.demo;

import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Planted impossible travel (rule {@code impossible_travel}): a user new to the demo logs in from
 * home, then, 10 to 30 seconds later, from another continent — stolen credentials used from afar.
 */
final class ImpossibleTravel extends PlantedScenario {

    static final String RULE = "impossible_travel";

    ImpossibleTravel(Population people) {
        super(RULE, people);
    }

    @Override
    public List<DemoEvent> play(Instant start, RandomGenerator random) {
        Population.User u = people.freshUser();
        return List.of(Logins.login(start, u.name(), u.home(), random),
                Logins.login(start.plus(Times.pause(random, 10, 30)), u.name(), Place.faraway(random), random));
    }
}
