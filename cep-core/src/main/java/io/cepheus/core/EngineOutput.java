package io.cepheus.core;

/**
 * Where the engine sends what it produces. Called on the thread that drives the engine, during
 * {@link CepEngine#process}, {@link CepEngine#advanceWatermark} and {@link
 * CepEngine#advanceProcessingTime}. Implementations should not call back into the engine.
 */
public interface EngineOutput {

    /** A match, absence or timeout. */
    void onMatch(Match match);

    /**
     * A match, absence or timeout, and when it came out: the time the engine had advanced to — the
     * timestamp of the event being matched, or the time (watermark, or an event's timestamp before
     * that event is matched) that timed it out or released it. Never before {@link Match#timestamp()}
     * for an absence or timeout. The default calls {@link #onMatch(Match)}.
     */
    default void onMatch(long emitted, Match match) {
        onMatch(match);
    }

    /** An aggregate rule fired. The default does nothing: callers that load aggregate rules override it. */
    default void onAggregate(AggregateResult result) {}

    /** An aggregate rule fired, and when (as for {@link #onMatch(long, Match)}). The default calls {@link #onAggregate(AggregateResult)}. */
    default void onAggregate(long emitted, AggregateResult result) {
        onAggregate(result);
    }

    /**
     * An event that arrived after the watermark had passed its timestamp: it is not matched. Never
     * dropped silently: the default does nothing, so a caller that cares must override this.
     */
    default void onLateEvent(String key, Event event, long watermark) {}

    /**
     * A rule failed on an event: a condition threw (the condition then counts as false for that
     * partial match, and the first such error per rule, key and event is reported), or a skip
     * strategy that fails on a miss missed (the match is still emitted, with no skip). Other rules
     * and keys go on; the error is counted in {@link EngineMetrics#ruleErrors()}.
     */
    default void onRuleError(RuleId rule, String key, RuntimeException error) {}

    /**
     * A rule failed, as {@link #onRuleError(RuleId, String, RuntimeException)}, with the event being
     * matched when it failed; {@code event} is null when the error came while time advanced (a skip
     * that fails on a miss, for a match released by a timeout). The default calls the method without
     * the event.
     */
    default void onRuleError(RuleId rule, String key, Event event, RuntimeException error) {
        onRuleError(rule, key, error);
    }

    /**
     * Partial matches of a rule were dropped: a key and rule reached the per-key cap, or the rule
     * reached its cap over all keys. Also counted in {@link EngineMetrics#partialMatchesDropped()};
     * a caller that reports per rule overrides this.
     */
    default void onPartialMatchesDropped(RuleId rule, long version, String key, int count) {}

    /**
     * Events left a key's sliding window of an aggregate rule early because it held more than the
     * per-key cap, or distinct values went uncounted past the rule's {@code maxDistinct} (counted in
     * {@link EngineMetrics#windowEventsDropped()} and {@link EngineMetrics#distinctOverflow()}).
     */
    default void onWindowValuesDropped(RuleId rule, String key, long windowEvents, long distinctValues) {}
}
