package io.cepheus.dsl;

import io.cepheus.core.Event;
import io.cepheus.core.pattern.MatchContext;

/**
 * A compiled expression: a closure over the event array, built once per rule. Returns null for
 * SQL NULL. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
interface Eval {
    /**
     * @param event the event being tested (in an alert: the match's last event)
     * @param context the partial match (in an alert: the whole match)
     */
    Object eval(Event event, MatchContext context);
}
