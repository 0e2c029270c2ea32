package io.cepheus.server.control;

import java.time.Instant;
import java.util.Objects;

/**
 * A rule snoozed for one key: until {@code until} the data plane writes none of that rule's alerts
 * for that key (it counts them instead). On the control topic as {@code snooze/RULE/KEY}; lifting a
 * snooze early deletes the record, and one that has ended is left for the next snooze of the key to
 * replace.
 *
 * @param rule the rule's name
 * @param key the key (the rule's {@code partition by} value) whose alerts are dropped
 * @param until when the snooze ends (exclusive)
 * @param created when it was made
 * @param by who made it ({@code id (name)} of a token)
 */
public record Snooze(String rule, String key, Instant until, Instant created, String by) {
    public Snooze {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key of a snooze of " + rule);
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(by, "by");
        if (rule.isEmpty() || rule.indexOf('/') >= 0) {
            throw new IllegalArgumentException("snoozed rule name '" + rule + "' is empty or holds a '/'");
        }
    }

    /** Whether it still drops alerts at {@code epochMillis}. */
    public boolean activeAt(long epochMillis) {
        return until.toEpochMilli() > epochMillis;
    }
}
