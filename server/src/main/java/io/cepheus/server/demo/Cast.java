package io.cepheus.server.demo;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Who plays what, and when: the benign traffic at the configured rate (half payments, a quarter
 * account events, a quarter logins), the fleet's heartbeats every ten seconds, and each planted
 * pattern a few seconds after the start — so that a newcomer sees alerts within a minute — then again
 * every few minutes.
 */
final class Cast {

    /** Benign cards, accounts, users and devices. */
    static final int CARDS = 2_000;
    static final int ACCOUNTS = 1_000;
    static final int USERS = 1_000;
    static final int DEVICES = 20;

    private Cast() {}

    /**
     * @param rate benign events per second (heartbeats on top)
     * @param random the demo's random numbers: the population is drawn from it first
     */
    static List<Timeline.Schedule> schedules(int rate, RandomGenerator random) {
        Population people = new Population(random, CARDS, ACCOUNTS, USERS, DEVICES);
        return List.of(
                new Timeline.Schedule(new Fleet(people, random), Duration.ZERO, Fleet.EVERY),
                new Timeline.Schedule(new Shoppers(people), Duration.ZERO, every(rate, 0.5)),
                new Timeline.Schedule(new AccountActivity(people), Duration.ZERO, every(rate, 0.25)),
                new Timeline.Schedule(new Logins(people), Duration.ZERO, every(rate, 0.25)),
                new Timeline.Schedule(new SilentDevice(people), Duration.ofSeconds(1), Duration.ofMinutes(3)),
                new Timeline.Schedule(new CardTesting(people), Duration.ofSeconds(2), Duration.ofSeconds(90)),
                new Timeline.Schedule(new AccountTakeover(people), Duration.ofSeconds(4), Duration.ofMinutes(2)),
                new Timeline.Schedule(new ImpossibleTravel(people), Duration.ofSeconds(6), Duration.ofSeconds(150)));
    }

    /** The time between two events of a scenario that makes {@code share} of {@code rate} per second. */
    private static Duration every(int rate, double share) {
        return Duration.ofNanos(Math.max(1, Math.round(1e9 / (rate * share))));
    }
}
