package io.cepheus.server.rules;

import io.cepheus.core.AggregateResult;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.Rule;
import io.cepheus.core.window.AggregateRule;
import io.cepheus.core.window.Baseline;
import io.cepheus.dsl.StreamLayout;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A compiled rule with what an offline run needs around the engine rule.
 *
 * @param name the rule's name as written
 * @param stream the layout of the events its engine takes: the stream it reads ({@code from}); for
 *     {@code from alerts(rule)} the stream of that rule's alerts; for a rule over several streams
 *     their union
 * @param inputs the declared streams whose events it reads (not {@code alerts(rule)} streams); may be empty
 * @param engineRule what cep-core runs for a pattern rule; null for an aggregate rule
 * @param aggregateRule what cep-core runs for an aggregate rule; null for a pattern rule
 * @param baselines the baselines an engine running this rule declares, in slot order
 * @param key the partition key of an event of {@code stream}; returns null when the event has no key
 *     for this rule (a key field is null), and such an event is not given to the rule
 * @param partitionBy the {@code partition by} expressions in canonical form (empty: the stream's key
 *     field, or one partition); rules of one stream with equal lists share a key space
 * @param alert renders a match or an aggregate result as an alert
 * @param suppressFor after an alert, further alerts with the same suppression key are dropped for
 *     this long (in event time); null for no suppression
 * @param suppressionKey the suppression key of a match
 * @param aggregateSuppressionKey the suppression key of an aggregate result
 * @param readsAlertsOf the rules whose alerts are this rule's input ({@code alerts(rule)} in {@code
 *     from}); empty when it reads declared streams only
 * @param eventFor turns an event of one of {@code inputs} (by stream name) into an event of {@code stream}
 * @param alertEvent turns an alert of one of {@code readsAlertsOf} into an event of {@code stream}; null
 *     when it reads no alerts
 * @param info the rule's title, severity and tags, which its alerts carry
 */
public record OfflineRule(String name, StreamLayout stream, List<StreamLayout> inputs, Rule engineRule,
        AggregateRule aggregateRule, List<Baseline> baselines, Function<Event, String> key, List<String> partitionBy,
        AlertRenderer alert,
        Duration suppressFor, Function<Match, String> suppressionKey,
        Function<AggregateResult, String> aggregateSuppressionKey, List<String> readsAlertsOf,
        BiFunction<String, Event, Event> eventFor, Function<RenderedAlert, Event> alertEvent, RuleInfo info) {
    public OfflineRule {
        Objects.requireNonNull(info, "info of rule " + name);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stream, "stream of rule " + name);
        inputs = List.copyOf(inputs);
        readsAlertsOf = List.copyOf(readsAlertsOf);
        Objects.requireNonNull(eventFor, "eventFor of rule " + name);
        if ((engineRule == null) == (aggregateRule == null)) {
            throw new IllegalArgumentException("rule " + name + " needs exactly one of a pattern and an aggregate rule");
        }
        baselines = List.copyOf(baselines);
        Objects.requireNonNull(key, "key of rule " + name);
        partitionBy = List.copyOf(partitionBy);
        Objects.requireNonNull(alert, "alert of rule " + name);
        Objects.requireNonNull(suppressionKey, "suppressionKey of rule " + name);
        Objects.requireNonNull(aggregateSuppressionKey, "aggregateSuppressionKey of rule " + name);
        if (readsAlertsOf.isEmpty() != (alertEvent == null)) {
            throw new IllegalArgumentException("rule " + name + ": readsAlertsOf and alertEvent go together");
        }
    }

    /** A rule that says nothing about itself ({@link RuleInfo#NONE}). */
    public OfflineRule(String name, StreamLayout stream, List<StreamLayout> inputs, Rule engineRule,
            AggregateRule aggregateRule, List<Baseline> baselines, Function<Event, String> key, List<String> partitionBy,
            AlertRenderer alert, Duration suppressFor, Function<Match, String> suppressionKey,
            Function<AggregateResult, String> aggregateSuppressionKey, List<String> readsAlertsOf,
            BiFunction<String, Event, Event> eventFor, Function<RenderedAlert, Event> alertEvent) {
        this(name, stream, inputs, engineRule, aggregateRule, baselines, key, partitionBy, alert, suppressFor,
                suppressionKey, aggregateSuppressionKey, readsAlertsOf, eventFor, alertEvent, RuleInfo.NONE);
    }

    /** The engine's version of this rule (≥ 1): the results of each version carry it. */
    public long version() {
        return engineRule != null ? engineRule.version() : aggregateRule.version();
    }

    /** This rule as version {@code v} (results carry it; stored state of one version never resumes another's). */
    public OfflineRule withVersion(long v) {
        return new OfflineRule(name, stream, inputs, engineRule == null ? null : engineRule.version(v),
                aggregateRule == null ? null : aggregateRule.version(v), baselines, key, partitionBy, alert, suppressFor,
                suppressionKey, aggregateSuppressionKey, readsAlertsOf, eventFor, alertEvent, info);
    }

    /** A pattern rule over a stream, without suppression. */
    public static OfflineRule of(String name, StreamLayout stream, Rule engineRule, Function<Event, String> key,
            AlertRenderer alert) {
        return new OfflineRule(name, stream, List.of(stream), engineRule, null, List.of(), key, List.of(), alert, null,
                Match::key,
                AggregateResult::key, List.of(), (s, e) -> e, null);
    }
}
