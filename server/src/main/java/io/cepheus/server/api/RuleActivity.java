package io.cepheus.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a rule has been doing, for the rules list ({@code GET /api/v1/rules?include=activity}).
 *
 * @param alerts24h its alerts in each of the last 24 UTC hours, oldest first, from this node's alert
 *     index (by the alert's time); the last is the current hour so far
 * @param precision true positives over the alerts resolved with a disposition; null when none is
 * @param partialMatches its live partial matches now, over every node that answers; null when the data
 *     plane does not run here
 * @param lastFired its latest alert's time (ISO-8601); null without alerts
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RuleActivity(List<Long> alerts24h, Double precision, Long partialMatches, String lastFired) {
    public RuleActivity {
        alerts24h = List.copyOf(alerts24h);
    }
}
