package io.cepheus.server.demo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code heartbeats} stream's events (rules-examples/missing-heartbeat): a device saying it is alive, or leaving. */
final class Heartbeats {

    static final String STREAM = "heartbeats";

    private Heartbeats() {}

    /** @param type {@code heartbeat} or {@code shutdown} */
    static DemoEvent event(Instant at, String host, String type) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("host", host);
        f.put("type", type);
        f.put("ts", Times.text(at));
        return new DemoEvent(at, STREAM, host, f);
    }
}
