package io.cepheus.core.pattern;

import io.cepheus.core.Event;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Decides whether an event is accepted by a step, given the partial match it would extend.
 *
 * <p>Implementations must be immutable, thread-safe and free of side effects: the engine may call
 * a condition any number of times, for any partial match, in any order. A condition that throws
 * is reported as a rule error for that event and counts as false.
 *
 * <p>The records below ({@link FieldEquals}, {@link And}, {@link Or}, {@link Not}, {@link
 * OnEvent}, {@link Always}) are understood by the engine: it indexes rules by the {@code
 * FieldEquals} conjuncts of their first step, so that an event is tested only against rules it
 * can start.
 */
@FunctionalInterface
public interface Condition {

    /**
     * @param event the event being considered; never null
     * @param context the partial match the event would extend; never null
     */
    boolean test(Event event, MatchContext context);

    /** Whether the condition looks at the partial match; if not, the engine may test it once per event. */
    default boolean readsContext() {
        return true;
    }

    /** Accepts every event. */
    static Condition always() {
        return Always.INSTANCE;
    }

    /** A condition on the event alone. */
    static Condition of(Predicate<Event> predicate) {
        return new OnEvent(predicate);
    }

    /** {@code event.get(field)} equals {@code value} ({@link Object#equals}); null never matches. */
    static Condition fieldEquals(int field, Object value) {
        return new FieldEquals(field, value);
    }

    default Condition and(Condition other) {
        return new And(this, other);
    }

    default Condition or(Condition other) {
        return new Or(this, other);
    }

    default Condition negate() {
        return new Not(this);
    }

    /** Accepts every event. */
    enum Always implements Condition {
        INSTANCE;

        @Override
        public boolean test(Event event, MatchContext context) {
            return true;
        }

        @Override
        public boolean readsContext() {
            return false;
        }
    }

    /** A condition on the event alone. */
    record OnEvent(Predicate<Event> predicate) implements Condition {
        public OnEvent {
            Objects.requireNonNull(predicate, "predicate");
        }

        @Override
        public boolean test(Event event, MatchContext context) {
            return predicate.test(event);
        }

        @Override
        public boolean readsContext() {
            return false;
        }
    }

    /** The field at index {@code field} equals {@code value}; indexable. */
    record FieldEquals(int field, Object value) implements Condition {
        public FieldEquals {
            if (field < 0) {
                throw new IllegalArgumentException("field index must be >= 0, was " + field);
            }
            Objects.requireNonNull(value, "value (use a null check condition for nulls)");
        }

        @Override
        public boolean test(Event event, MatchContext context) {
            return value.equals(event.get(field));
        }

        @Override
        public boolean readsContext() {
            return false;
        }
    }

    /** Both conditions hold; evaluated left to right, short-circuit. */
    record And(Condition left, Condition right) implements Condition {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public boolean test(Event event, MatchContext context) {
            return left.test(event, context) && right.test(event, context);
        }

        @Override
        public boolean readsContext() {
            return left.readsContext() || right.readsContext();
        }
    }

    /** Either condition holds; evaluated left to right, short-circuit. */
    record Or(Condition left, Condition right) implements Condition {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public boolean test(Event event, MatchContext context) {
            return left.test(event, context) || right.test(event, context);
        }

        @Override
        public boolean readsContext() {
            return left.readsContext() || right.readsContext();
        }
    }

    /** The condition does not hold. */
    record Not(Condition condition) implements Condition {
        public Not {
            Objects.requireNonNull(condition, "condition");
        }

        @Override
        public boolean test(Event event, MatchContext context) {
            return !condition.test(event, context);
        }

        @Override
        public boolean readsContext() {
            return condition.readsContext();
        }
    }
}
