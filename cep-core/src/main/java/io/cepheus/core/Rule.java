package io.cepheus.core;

import io.cepheus.core.pattern.AfterMatchSkip;
import io.cepheus.core.pattern.Aggregate;
import io.cepheus.core.pattern.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A rule as the engine runs it: a pattern, its window, its skip strategy and the aggregates its
 * conditions read. Immutable.
 *
 * @param id unique among the rules of one engine
 * @param pattern what to look for
 * @param within the window from the first to the last event of a match (half-open: an event at
 *     exactly {@code start + within} is too late); null for none
 * @param skip what happens after a match
 * @param reportTimeouts whether partial matches that reach the end of the window are reported as
 *     {@link MatchKind#TIMEOUT} results
 * @param aggregates aggregates kept incrementally for the conditions, by slot
 */
public record Rule(
        RuleId id,
        Pattern pattern,
        Duration within,
        AfterMatchSkip skip,
        boolean reportTimeouts,
        List<Aggregate> aggregates) {

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pattern, "pattern of rule " + id);
        Objects.requireNonNull(skip, "skip of rule " + id);
        aggregates = List.copyOf(aggregates);
        if (within != null && (within.isNegative() || within.isZero())) {
            throw new IllegalArgumentException("within of rule " + id + " must be positive, was " + within);
        }
    }

    /** A rule with no window, no skip, no timeouts and no aggregates. */
    public static Rule of(String id, Pattern pattern) {
        return new Rule(RuleId.of(id), pattern, null, AfterMatchSkip.noSkip(), false, List.of());
    }

    public Rule within(Duration window) {
        return new Rule(id, pattern, window, skip, reportTimeouts, aggregates);
    }

    public Rule skip(AfterMatchSkip strategy) {
        return new Rule(id, pattern, within, strategy, reportTimeouts, aggregates);
    }

    public Rule reportingTimeouts() {
        return new Rule(id, pattern, within, skip, true, aggregates);
    }

    public Rule aggregates(List<Aggregate> list) {
        return new Rule(id, pattern, within, skip, reportTimeouts, list);
    }

    /**
     * Checks that the engine can run this rule: unique step names, a pattern that needs at least
     * one event, negations in allowed places, a window where an absence ends the pattern, no
     * greedy loop at the end, skip and aggregate targets that exist. The engine runs the same
     * checks when a rule is loaded.
     *
     * @throws IllegalArgumentException naming the rule and the problem
     */
    public void validate() {
        NfaCompiler.compile(this);
    }

    /** The window in milliseconds, 0 for none. */
    public long withinMillis() {
        return within == null ? 0L : within.toMillis();
    }
}
