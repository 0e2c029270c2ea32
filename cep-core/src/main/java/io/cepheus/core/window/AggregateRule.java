package io.cepheus.core.window;

import io.cepheus.core.RuleId;
import io.cepheus.core.pattern.Condition;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A threshold over a window per key: the events of a key that pass {@code filter} feed the
 * {@code measures}; the rule fires when {@code when} holds.
 *
 * <p>Firing. A sliding-window rule is evaluated at every event it sees; it fires when {@code when}
 * becomes true and then stays quiet until {@code when} is false at an event (it re-arms), or, if
 * {@code rearmAfter} is set, until that long has passed since it fired — so a burst of 50 events
 * over a threshold of 5 gives one result, not 46. Tumbling, hopping and session windows are
 * evaluated once each, when the watermark reaches the window's end (on an idle stream too), and
 * fire if {@code when} holds.
 *
 * @param id unique among the engine's rules
 * @param filter which events of the stream the rule sees ({@link Condition.FieldEquals} parts are
 *     indexed); it is given an empty match context
 * @param measures what is kept, at least one, names unique
 * @param window over what
 * @param when the threshold
 * @param rearmAfter for sliding windows: fire again after this long even if {@code when} never
 *     became false; null for never
 * @param maxDistinct cap on distinct values kept per key by each {@code COUNT_DISTINCT}; beyond
 *     it new values are not counted (the count is a lower bound) and the overflow is counted in
 *     the engine's metrics
 */
public record AggregateRule(
        RuleId id,
        Condition filter,
        List<Measure> measures,
        Window window,
        Predicate<AggregateValues> when,
        Duration rearmAfter,
        int maxDistinct,
        long version) {

    /** Default {@link #maxDistinct}. */
    public static final int DEFAULT_MAX_DISTINCT = 10_000;

    public AggregateRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filter, "filter of rule " + id);
        Objects.requireNonNull(window, "window of rule " + id);
        Objects.requireNonNull(when, "when of rule " + id);
        measures = List.copyOf(measures);
        if (measures.isEmpty()) {
            throw new IllegalArgumentException("rule " + id + ": an aggregate rule needs at least one measure");
        }
        Set<String> names = new HashSet<>();
        for (Measure m : measures) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("rule " + id + ": measure name '" + m.name() + "' is used twice");
            }
        }
        if (maxDistinct < 1) {
            throw new IllegalArgumentException("rule " + id + ": maxDistinct must be at least 1, was " + maxDistinct);
        }
        if (rearmAfter != null && !(window instanceof Window.Sliding)) {
            throw new IllegalArgumentException("rule " + id + ": rearmAfter applies to sliding windows only");
        }
        if (version < 1) {
            throw new IllegalArgumentException("rule " + id + ": version must be at least 1, was " + version);
        }
    }

    /** Version 1 of an aggregate rule. */
    public AggregateRule(RuleId id, Condition filter, List<Measure> measures, Window window,
                         Predicate<AggregateValues> when, Duration rearmAfter, int maxDistinct) {
        this(id, filter, measures, window, when, rearmAfter, maxDistinct, 1);
    }

    /** This rule as version {@code v}. */
    public AggregateRule version(long v) {
        return new AggregateRule(id, filter, measures, window, when, rearmAfter, maxDistinct, v);
    }

    public static AggregateRule of(String id, Window window, List<Measure> measures, Predicate<AggregateValues> when) {
        return new AggregateRule(RuleId.of(id), Condition.always(), measures, window, when, null, DEFAULT_MAX_DISTINCT);
    }

    public AggregateRule filter(Condition condition) {
        return new AggregateRule(id, condition, measures, window, when, rearmAfter, maxDistinct, version);
    }

    public AggregateRule rearmAfter(Duration duration) {
        return new AggregateRule(id, filter, measures, window, when, duration, maxDistinct, version);
    }

    public AggregateRule maxDistinct(int max) {
        return new AggregateRule(id, filter, measures, window, when, rearmAfter, max, version);
    }

    /** Index of the measure named {@code name}, or -1. */
    public int measureIndex(String name) {
        for (int i = 0; i < measures.size(); i++) {
            if (measures.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
