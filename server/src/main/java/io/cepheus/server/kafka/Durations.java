package io.cepheus.server.kafka;

import java.time.Duration;

/** Durations in messages, as the configuration writes them: {@code 500ms}, {@code 60s}. */
final class Durations {

    private Durations() {}

    static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
