package io.cepheus.server.config;

import java.util.List;
import java.util.Objects;

/**
 * The server's own topics, all different.
 *
 * @param alerts where alerts are written (JSON)
 * @param deadLetter where records that cannot be used go, with the reason
 * @param control the compacted topic of streams and rules that every node materialises
 * @param audit the compacted topic of the audit log (every change made through the REST API)
 */
public record TopicNames(String alerts, String deadLetter, String control, String audit) {

    /** The audit log's topic when none is named. */
    public static final String DEFAULT_AUDIT = "cepheus-audit";

    public TopicNames {
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(deadLetter, "deadLetter");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(audit, "audit");
        if (List.of(alerts, deadLetter, control, audit).stream().distinct().count() != 4) {
            throw new IllegalArgumentException("topic names must differ: " + alerts + ", " + deadLetter + ", " + control
                    + ", " + audit);
        }
    }

    /**
     * The compacted topic of the alerts' lifecycle (acknowledged, resolved, comments), one record per
     * alert: the alerts topic's name with {@code -status}.
     */
    public String alertStatus() {
        return alerts + "-status";
    }

    /**
     * The compacted topic of webhook deliveries (each delivery's state: pending with its next attempt,
     * delivered or dead, and its attempts), one record per delivery: the alerts topic's name with
     * {@code -deliveries}.
     */
    public String deliveries() {
        return alerts + "-deliveries";
    }

    /** The three data-plane topics, with the default audit topic. */
    public TopicNames(String alerts, String deadLetter, String control) {
        this(alerts, deadLetter, control, DEFAULT_AUDIT);
    }
}
