package io.cepheus.server.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * An alert as the index holds it.
 *
 * @param position its place in this node's index: every alert read gets the next number, so newer
 *     alerts have greater positions (the live feed's event id)
 * @param written when this node indexed it (retention counts from it)
 * @param time when it fired in event time: the alert's {@code fired}, else its {@code last}
 * @param id the alert's deterministic id
 * @param rule its rule
 * @param key its key
 * @param severity its severity; null if the rule gives none
 * @param shadow whether a shadow version of its rule fired it (it notifies nobody)
 * @param json the alert record's JSON as the data plane wrote it
 */
public record IndexedAlert(long position, Instant written, Instant time, String id, String rule, String key,
                           String severity, boolean shadow, byte[] json) {
    public IndexedAlert {
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(json, "json");
    }

    /** This alert with {@code shadow} as its flag. */
    IndexedAlert withShadow(boolean shadow) {
        return new IndexedAlert(position, written, time, id, rule, key, severity, shadow, json);
    }
}
