package io.cepheus.server.demo;

import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Planted outage (rule {@code missing_heartbeat}): a device new to the demo sends one heartbeat and
 * then nothing, not even a shutdown. The rule fires when its stream's watermark — moved by the other
 * devices' heartbeats, or by the wall clock once the stream is idle — passes a minute after that beat.
 */
final class SilentDevice extends PlantedScenario {

    static final String RULE = "missing_heartbeat";

    SilentDevice(Population people) {
        super(RULE, people);
    }

    @Override
    public List<DemoEvent> play(Instant start, RandomGenerator random) {
        return List.of(Heartbeats.event(start, people.freshHost(), "heartbeat"));
    }
}
