package io.cepheus.server.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the index holds of one rule's alerts.
 *
 * @param alerts how many
 * @param perDay how many fired on each UTC day (the alert's time), days without alerts left out
 * @param perHour how many fired in each UTC hour (the alert's time; the hour's start), hours without
 *     alerts left out
 * @param dispositions how many resolved alerts have each disposition
 * @param lastFired the latest alert's time; null without alerts
 */
public record RuleAlertStats(long alerts, SortedMap<LocalDate, Long> perDay, SortedMap<Instant, Long> perHour,
                             Map<AlertStatus.Disposition, Long> dispositions, Instant lastFired) {

    public RuleAlertStats {
        perDay = Collections.unmodifiableSortedMap(new TreeMap<>(perDay));
        perHour = Collections.unmodifiableSortedMap(new TreeMap<>(perHour));
    }

    /** True positives over dispositioned alerts; null when none is dispositioned. */
    public Double precision() {
        long judged = dispositions.values().stream().mapToLong(Long::longValue).sum();
        return judged == 0 ? null : (double) dispositions.getOrDefault(AlertStatus.Disposition.TRUE_POSITIVE, 0L) / judged;
    }

    /**
     * The alerts of the last {@code hours} UTC hours, oldest first: the last count is the hour that
     * {@code now} is in, so far. Alerts of a later time (an event time ahead of the clock) are not counted.
     */
    public List<Long> lastHours(Instant now, int hours) {
        Instant current = now.truncatedTo(ChronoUnit.HOURS);
        List<Long> counts = new ArrayList<>(hours);
        for (int i = hours - 1; i >= 0; i--) {
            counts.add(perHour.getOrDefault(current.minus(Duration.ofHours(i)), 0L));
        }
        return counts;
    }
}
