package io.cepheus.server.runtime;

import io.cepheus.core.AggregateResult;
import io.cepheus.core.Match;
import io.cepheus.core.MatchId;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.rules.RenderedAlert;
import java.util.List;
import java.util.Objects;

/**
 * An alert as the runtime produces it: the rule, the engine's result (a match or an aggregate
 * result) and its rendering. Immutable.
 *
 * @param rule the rule that fired
 * @param match the match, absence or timeout; null for an aggregate rule
 * @param aggregate the aggregate result; null for a pattern rule
 * @param rendered the alert text; {@link RenderedAlert#empty()} when rendering failed (reported as a
 *     rule error)
 * @param emitted when the engine produced it, in event time: the timestamp of the event being
 *     matched, or the watermark (or next event's time) that timed it out, closed its window or
 *     released it
 */
public record RuntimeAlert(OfflineRule rule, Match match, AggregateResult aggregate, RenderedAlert rendered,
        long emitted) {
    public RuntimeAlert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(rendered, "rendered");
        if ((match == null) == (aggregate == null)) {
            throw new IllegalArgumentException("an alert has exactly one of a match and an aggregate result");
        }
    }

    public String key() {
        return match != null ? match.key() : aggregate.key();
    }

    /** The version of the rule that fired. */
    public long version() {
        return match != null ? match.version() : aggregate.version();
    }

    /** Deterministic: the same rule version, key and events give the same id. */
    public MatchId id() {
        return match != null ? match.id() : aggregate.id();
    }

    /** The alert's severity: its alert block's, else its rule's; null if neither gives one. */
    public String severity() {
        if (rendered.source() != null && rendered.source().severity() != null) {
            return rendered.source().severity();
        }
        return rule.info().severity();
    }

    /** Its rule's title; null if the rule has none. */
    public String title() {
        return rule.info().title();
    }

    /** Its rule's tags; empty if the rule has none. */
    public List<String> tags() {
        return rule.info().tags();
    }

    /** When it fired, in event time. */
    public long timestamp() {
        return match != null ? match.timestamp() : aggregate.timestamp();
    }
}
