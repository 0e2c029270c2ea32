package io.cepheus.server.alerts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.SortedMap;

/**
 * What the index holds of one rule's alerts.
 *
 * @param alerts how many
 * @param perDay how many fired on each UTC day (the alert's time), days without alerts left out
 * @param dispositions how many resolved alerts have each disposition
 * @param lastFired the latest alert's time; null without alerts
 */
public record RuleAlertStats(long alerts, SortedMap<LocalDate, Long> perDay,
                             Map<AlertStatus.Disposition, Long> dispositions, Instant lastFired) {

    /** True positives over dispositioned alerts; null when none is dispositioned. */
    public Double precision() {
        long judged = dispositions.values().stream().mapToLong(Long::longValue).sum();
        return judged == 0 ? null : (double) dispositions.getOrDefault(AlertStatus.Disposition.TRUE_POSITIVE, 0L) / judged;
    }
}
