package io.cepheus.dsl;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A rule's {@code suppress} clause: after an alert, further alerts of the rule with the same
 * suppression key are dropped for {@code duration}. Applying it needs state over time, so it is
 * left to the caller (the server, or a backtest); {@link CompiledRule#suppressionKey} computes the
 * key.
 *
 * @param keys the {@code per} expressions as written; empty means the partition key
 * @param duration how long
 */
public record Suppression(List<String> keys, Duration duration) {
    public Suppression {
        keys = List.copyOf(keys);
        Objects.requireNonNull(duration, "duration");
    }
}
