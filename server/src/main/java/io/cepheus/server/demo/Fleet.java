package io.cepheus.server.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Benign heartbeats: each device of the population (payment terminals, ATMs, kiosks) sends one every
 * {@value #EVERY_SECONDS} seconds, each at its own moment of the period. A run is one period of the
 * whole fleet; when the demo stops, every device says {@code shutdown}, so that a restart after a
 * pause does not find them silent.
 */
final class Fleet implements Scenario {

    static final int EVERY_SECONDS = 10;
    static final Duration EVERY = Duration.ofSeconds(EVERY_SECONDS);

    private final List<String> hosts;
    private final long[] phaseMillis;

    Fleet(Population people, RandomGenerator random) {
        this.hosts = people.hosts;
        this.phaseMillis = new long[hosts.size()];
        for (int i = 0; i < phaseMillis.length; i++) {
            phaseMillis[i] = random.nextLong(EVERY.toMillis());
        }
    }

    @Override
    public List<DemoEvent> play(Instant start, RandomGenerator random) {
        List<DemoEvent> beats = new ArrayList<>(hosts.size());
        for (int i = 0; i < hosts.size(); i++) {
            beats.add(Heartbeats.event(start.plusMillis(phaseMillis[i]), hosts.get(i), "heartbeat"));
        }
        return beats;
    }

    @Override
    public List<DemoEvent> farewell(Instant now) {
        return hosts.stream().map(h -> Heartbeats.event(now, h, "shutdown")).toList();
    }
}
