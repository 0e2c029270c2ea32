package io.cepheus.server.config;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Demo mode ({@code serve --demo}): example streams and rules on the control topic and a generator of
 * events with planted patterns.
 *
 * @param enabled whether the node runs the demo
 * @param rate events per second of the generator's payments, account events and logins (its devices'
 *     heartbeats come on top)
 * @param seed the seed of the generator's random numbers; empty: a new one at each start
 */
public record DemoSettings(boolean enabled, int rate, OptionalInt seed) {

    public DemoSettings {
        Objects.requireNonNull(seed, "seed");
        if (rate < 1) {
            throw new IllegalArgumentException("rate must be 1 or more, was " + rate);
        }
    }

    /** No demo. */
    public static DemoSettings off() {
        return new DemoSettings(false, 20, OptionalInt.empty());
    }
}
