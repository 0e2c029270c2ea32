package io.cepheus.server.alerts;

import java.time.Instant;
import java.util.Optional;

/**
 * Which alerts a query or the live feed wants; every part is optional, and all given must hold.
 *
 * @param rule the rule's name
 * @param key the key
 * @param severity the severity as the rule renders it
 * @param status the lifecycle state
 * @param shadow whether the alert is a shadow's (true) or a deployed version's (false)
 * @param from alerts at or after this time (the alert's {@link IndexedAlert#time()})
 * @param to alerts before this time
 */
public record AlertFilter(Optional<String> rule, Optional<String> key, Optional<String> severity,
                          Optional<AlertStatus.State> status, Optional<Boolean> shadow, Optional<Instant> from,
                          Optional<Instant> to) {

    /** Every alert. */
    public static final AlertFilter ALL = new AlertFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** Whether {@code a}, whose state is {@code state}, is wanted. */
    boolean test(IndexedAlert a, AlertStatus.State state) {
        return rule.map(a.rule()::equals).orElse(true)
                && key.map(a.key()::equals).orElse(true)
                && severity.map(s -> s.equals(a.severity())).orElse(true)
                && status.map(s -> s == state).orElse(true)
                && shadow.map(s -> s == a.shadow()).orElse(true)
                && from.map(f -> !a.time().isBefore(f)).orElse(true)
                && to.map(t -> a.time().isBefore(t)).orElse(true);
    }

    /** Whether the state matters (it costs a look-up per alert). */
    boolean needsStatus() {
        return status.isPresent();
    }
}
