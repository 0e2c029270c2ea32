package io.cepheus.load;

import java.io.Serializable;
import java.util.List;
import java.util.function.Function;

/**
 * The conditions of the differential test: a small expression language over an event's {@code type}
 * and {@code v} and over aggregates of the events already bound to a step. One tree is evaluated for
 * both engines (through each engine's own view of the partial match), so a difference in the results
 * is a difference of the engines, never of two condition implementations. Three-valued, as in the
 * rule language: an aggregate over no event is null, comparisons with null are null, a null condition
 * is false. Serializable, as Flink's conditions must be.
 */
sealed interface DiffExpr extends Serializable {

    /** The aggregates a condition can read. */
    enum AggKind { COUNT, SUM, FIRST, LAST, MIN, MAX }

    /**
     * An aggregate over one step's bound events; for FIRST and LAST, {@code offset} events after the
     * first or before the last (SQL's {@code FIRST(s.v, n)}, {@code LAST(s.v, n)}).
     */
    record AggRef(AggKind kind, String step, int offset) implements Serializable {
        AggRef(AggKind kind, String step) {
            this(kind, step, 0);
        }
    }

    /** The value of a condition: true, false or null (unknown). */
    Boolean eval(String type, long v, Function<AggRef, Long> aggregates);

    /** The aggregates this expression reads. */
    void collect(List<AggRef> into);

    default boolean holds(String type, long v, Function<AggRef, Long> aggregates) {
        return Boolean.TRUE.equals(eval(type, v, aggregates));
    }

    /** {@code type} is one of {@code types}. */
    record TypeIs(List<String> types) implements DiffExpr {
        public TypeIs {
            types = List.copyOf(types);
        }

        @Override
        public Boolean eval(String type, long v, Function<AggRef, Long> aggregates) {
            return types.contains(type);
        }

        @Override
        public void collect(List<AggRef> into) {}

        @Override
        public String toString() {
            if (types.size() == 1) {
                return "type==\"" + types.get(0) + "\"";
            }
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < types.size(); i++) {
                b.append(i == 0 ? "" : " or ").append("type==\"").append(types.get(i)).append('"');
            }
            return b.append(')').toString();
        }
    }

    record Cmp(Val left, String op, Val right) implements DiffExpr {
        @Override
        public Boolean eval(String type, long v, Function<AggRef, Long> aggregates) {
            Long l = left.value(v, aggregates);
            Long r = right.value(v, aggregates);
            if (l == null || r == null) {
                return null;
            }
            int c = Long.compare(l, r);
            return switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                case "==" -> c == 0;
                case "!=" -> c != 0;
                default -> throw new IllegalStateException(op);
            };
        }

        @Override
        public void collect(List<AggRef> into) {
            left.collect(into);
            right.collect(into);
        }

        @Override
        public String toString() {
            return left + op + right;
        }
    }

    record And(DiffExpr left, DiffExpr right) implements DiffExpr {
        @Override
        public Boolean eval(String type, long v, Function<AggRef, Long> aggregates) {
            Boolean l = left.eval(type, v, aggregates);
            if (Boolean.FALSE.equals(l)) {
                return false;
            }
            Boolean r = right.eval(type, v, aggregates);
            if (Boolean.FALSE.equals(r)) {
                return false;
            }
            return l == null || r == null ? null : true;
        }

        @Override
        public void collect(List<AggRef> into) {
            left.collect(into);
            right.collect(into);
        }

        @Override
        public String toString() {
            return left + " and " + right;
        }
    }

    /** A value: {@code v}, a literal, an aggregate, {@code coalesce} or a sum. */
    sealed interface Val extends Serializable {
        Long value(long v, Function<AggRef, Long> aggregates);

        default void collect(List<AggRef> into) {}
    }

    record V() implements Val {
        @Override
        public Long value(long v, Function<AggRef, Long> aggregates) {
            return v;
        }

        @Override
        public String toString() {
            return "v";
        }
    }

    record Lit(long value) implements Val {
        @Override
        public Long value(long v, Function<AggRef, Long> aggregates) {
            return value;
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    record Agg(AggRef ref) implements Val {
        @Override
        public Long value(long v, Function<AggRef, Long> aggregates) {
            return aggregates.apply(ref);
        }

        @Override
        public void collect(List<AggRef> into) {
            if (!into.contains(ref)) {
                into.add(ref);
            }
        }

        @Override
        public String toString() {
            return switch (ref.kind()) {
                case COUNT -> "count(" + ref.step() + ")";
                case FIRST -> "first(" + ref.step() + (ref.offset() > 0 ? ", " + ref.offset() : "") + ").v";
                case LAST -> "last(" + ref.step() + (ref.offset() > 0 ? ", " + ref.offset() : "") + ").v";
                default -> ref.kind().name().toLowerCase() + "(" + ref.step() + ".v)";
            };
        }
    }

    record Coalesce(Val value, long otherwise) implements Val {
        @Override
        public Long value(long v, Function<AggRef, Long> aggregates) {
            Long x = value.value(v, aggregates);
            return x == null ? otherwise : x;
        }

        @Override
        public void collect(List<AggRef> into) {
            value.collect(into);
        }

        @Override
        public String toString() {
            return "coalesce(" + value + "," + otherwise + ")";
        }
    }

    record Plus(Val left, Val right) implements Val {
        @Override
        public Long value(long v, Function<AggRef, Long> aggregates) {
            Long l = left.value(v, aggregates);
            Long r = right.value(v, aggregates);
            return l == null || r == null ? null : l + r;
        }

        @Override
        public void collect(List<AggRef> into) {
            left.collect(into);
            right.collect(into);
        }

        @Override
        public String toString() {
            return left + "+" + right;
        }
    }
}
