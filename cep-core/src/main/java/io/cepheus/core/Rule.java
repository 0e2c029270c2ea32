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
 * @param version which version of the rule this is (≥ 1): the results of each version carry it,
 *     and the stored partial matches of one version are never resumed by another
 */
public record Rule(
        RuleId id,
        Pattern pattern,
        Duration within,
        AfterMatchSkip skip,
        boolean reportTimeouts,
        List<Aggregate> aggregates,
        long version) {

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pattern, "pattern of rule " + id);
        Objects.requireNonNull(skip, "skip of rule " + id);
        aggregates = List.copyOf(aggregates);
        if (within != null && (within.isNegative() || within.isZero())) {
            throw new IllegalArgumentException("within of rule " + id + " must be positive, was " + within);
        }
        if (version < 1) {
            throw new IllegalArgumentException("version of rule " + id + " must be at least 1, was " + version);
        }
    }

    /** Version 1 of a rule. */
    public Rule(RuleId id, Pattern pattern, Duration within, AfterMatchSkip skip, boolean reportTimeouts,
                List<Aggregate> aggregates) {
        this(id, pattern, within, skip, reportTimeouts, aggregates, 1);
    }

    /** A rule with no window, no skip, no timeouts and no aggregates. */
    public static Rule of(String id, Pattern pattern) {
        return new Rule(RuleId.of(id), pattern, null, AfterMatchSkip.noSkip(), false, List.of());
    }

    public Rule within(Duration window) {
        return new Rule(id, pattern, window, skip, reportTimeouts, aggregates, version);
    }

    public Rule skip(AfterMatchSkip strategy) {
        return new Rule(id, pattern, within, strategy, reportTimeouts, aggregates, version);
    }

    public Rule reportingTimeouts() {
        return new Rule(id, pattern, within, skip, true, aggregates, version);
    }

    public Rule aggregates(List<Aggregate> list) {
        return new Rule(id, pattern, within, skip, reportTimeouts, list, version);
    }

    /** This rule as version {@code v}. */
    public Rule version(long v) {
        return new Rule(id, pattern, within, skip, reportTimeouts, aggregates, v);
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
