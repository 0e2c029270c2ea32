package io.cepheus.core.pattern;

import java.util.Objects;

/**
 * What happens to other partial matches once a match is emitted (Flink's {@code
 * AfterMatchSkipStrategy}). Under every strategy but {@link NoSkip}, matches are emitted in the
 * order of their first event, and a completed match waits while a partial match that started no
 * later is still open.
 */
public sealed interface AfterMatchSkip {

    /** Every match is emitted; nothing is discarded. */
    record NoSkip() implements AfterMatchSkip {}

    /** Discards partial matches that started with (or before) the first event of the match. */
    record SkipToNext() implements AfterMatchSkip {}

    /** Discards partial matches that started before the match's last event ended it. */
    record SkipPastLastEvent() implements AfterMatchSkip {}

    /**
     * Discards partial matches that started before the first event bound to {@code step}.
     *
     * @param failOnMiss if true, a match with no event for {@code step}, or whose skip target is its
     *     own first event, is a rule error instead of falling back to no skip
     */
    record SkipToFirst(String step, boolean failOnMiss) implements AfterMatchSkip {
        public SkipToFirst {
            Objects.requireNonNull(step, "step");
        }
    }

    /** Discards partial matches that started before the last event bound to {@code step}. */
    record SkipToLast(String step, boolean failOnMiss) implements AfterMatchSkip {
        public SkipToLast {
            Objects.requireNonNull(step, "step");
        }
    }

    static AfterMatchSkip noSkip() {
        return new NoSkip();
    }

    static AfterMatchSkip skipToNext() {
        return new SkipToNext();
    }

    static AfterMatchSkip skipPastLastEvent() {
        return new SkipPastLastEvent();
    }

    static AfterMatchSkip skipToFirst(String step) {
        return new SkipToFirst(step, false);
    }

    static AfterMatchSkip skipToLast(String step) {
        return new SkipToLast(step, false);
    }
}
