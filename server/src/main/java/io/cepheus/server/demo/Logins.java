package io.cepheus.server.demo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Benign logins (the {@code logins} stream of rules-examples/impossible-travel): a user of the
 * population logs in from home, or now and then from another city of their region — never 500 km or
 * more from where they were, so never impossible travel.
 */
final class Logins implements Scenario {

    static final String STREAM = "logins";

    private final Population people;

    Logins(Population people) {
        this.people = people;
    }

    @Override
    public List<DemoEvent> play(Instant start, RandomGenerator random) {
        Population.User u = people.any(people.users);
        Place where = random.nextDouble() < 0.85 ? u.home() : Place.near(u.home(), random);
        return List.of(login(start, u.name(), where, random));
    }

    static DemoEvent login(Instant at, String user, Place where, RandomGenerator random) {
        double[] spot = where.spot(random);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("user", user);
        f.put("country", where.country());
        f.put("lat", spot[0]);
        f.put("lon", spot[1]);
        f.put("ts", Times.text(at));
        return new DemoEvent(at, STREAM, user, f);
    }
}
