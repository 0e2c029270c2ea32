package io.cepheus.server.api;

import io.cepheus.server.alerts.AlertIndex;
import io.cepheus.server.alerts.RuleAlertStats;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Each rule's {@link RuleActivity}: its alert counts, precision and last alert from the alert index's
 * statistics of the rule ({@link AlertIndex#stats}, one walk over the rule's alerts), its live partial
 * matches from the data plane ({@link LiveMatches#partialMatchCounts}, asked once per listing).
 * Thread-safe.
 */
final class RuleActivities {

    static final int HOURS = 24;

    private final AlertIndex index;
    private final Supplier<LiveMatches> live;
    private final Clock clock;

    RuleActivities(AlertIndex index, Supplier<LiveMatches> live, Clock clock) {
        this.index = index;
        this.live = live;
        this.clock = clock;
    }

    /** The live partial matches per rule now, for {@link #of}; empty when the data plane does not run. */
    Optional<Map<String, Long>> partialMatches() {
        return live.get().partialMatchCounts();
    }

    /** Rule {@code rule}'s activity, with {@code partialMatches} as {@link #partialMatches} gave them. */
    RuleActivity of(String rule, Optional<Map<String, Long>> partialMatches) {
        RuleAlertStats s = index.stats(rule);
        return new RuleActivity(s.lastHours(clock.instant(), HOURS), s.precision(),
                partialMatches.map(m -> m.getOrDefault(rule, 0L)).orElse(null),
                s.lastFired() == null ? null : s.lastFired().toString());
    }
}
