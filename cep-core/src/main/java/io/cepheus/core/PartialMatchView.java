package io.cepheus.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A live partial match, for inspection (what a rule is waiting for, for which key).
 *
 * @param rule the rule
 * @param version the version of the rule the partial match belongs to (an older one while it drains)
 * @param key the key
 * @param waitingIn the step whose state the partial match is in ("$end" never appears; null for
 *     internal states such as an alternation's choice)
 * @param events the events bound so far, by step, in pattern order
 * @param startTimestamp the first event's timestamp
 * @param deadline when it times out, or {@code Long.MAX_VALUE} if the rule has no window
 * @param completed true for a completed match held back by the skip strategy
 */
public record PartialMatchView(
        RuleId rule,
        long version,
        String key,
        String waitingIn,
        Map<String, List<Event>> events,
        long startTimestamp,
        long deadline,
        boolean completed) {

    public PartialMatchView {
        events = Collections.unmodifiableMap(new LinkedHashMap<>(events));
    }
}
