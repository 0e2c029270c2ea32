package io.cepheus.server.control;

import java.time.Instant;
import java.util.Objects;

/**
 * One change made through the REST API, as the audit topic keeps it.
 *
 * @param id unique, ordered by time: where the entry is in the log
 * @param time when the change was made
 * @param actor the id and name of the token that made it, e.g. {@code 3f9c2a71 (ci)}
 * @param action what was done, e.g. {@code rule.update}
 * @param target what it was done to, e.g. {@code rule/card_testing}
 * @param before the target before, as JSON text; null when it did not exist
 * @param after the target after, as JSON text; null when it no longer exists
 */
public record AuditEntry(String id, Instant time, String actor, String action, String target, String before,
                         String after) {
    public AuditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
    }
}
