package io.cepheus.server.rules;

import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.Rule;
import io.cepheus.dsl.StreamLayout;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * A compiled rule with what an offline run needs around the engine rule.
 *
 * @param name the rule's name as written
 * @param stream the stream it reads ({@code from})
 * @param engineRule what cep-core runs
 * @param key the partition key of an event of {@code stream}; returns null when the event has no key
 *     for this rule (a key field is null), and such an event is not given to the rule
 * @param alert renders a match as an alert
 * @param suppressFor after an alert, further alerts with the same suppression key are dropped for
 *     this long (in event time); null for no suppression
 * @param suppressionKey the suppression key of a result
 */
public record OfflineRule(String name, StreamLayout stream, Rule engineRule, Function<Event, String> key,
        AlertRenderer alert, Duration suppressFor, Function<Match, String> suppressionKey) {
    public OfflineRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stream, "stream of rule " + name);
        Objects.requireNonNull(engineRule, "engineRule of rule " + name);
        Objects.requireNonNull(key, "key of rule " + name);
        Objects.requireNonNull(alert, "alert of rule " + name);
        Objects.requireNonNull(suppressionKey, "suppressionKey of rule " + name);
    }

    /** A rule without suppression. */
    public static OfflineRule of(String name, StreamLayout stream, Rule engineRule, Function<Event, String> key,
            AlertRenderer alert) {
        return new OfflineRule(name, stream, engineRule, key, alert, null, Match::key);
    }
}
