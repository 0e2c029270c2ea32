package io.cepheus.core;

import io.cepheus.core.window.Measure;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The accumulator of one measure. Values are added in event order with their sequence number;
 * sliding windows also remove them, oldest first. Every operation is amortised O(1): sums and
 * counts add and subtract, min and max keep a monotonic deque (a value that can never again be the
 * minimum is dropped on arrival), first and last keep the non-null values in order, distinct
 * counts keep a multiset capped at {@code maxDistinct}.
 *
 * <p>Sums of doubles subtract on removal and may drift by rounding; integral and decimal sums are
 * exact.
 */
abstract sealed class MeasureAcc {

    /** Adds a non-null value. */
    abstract void add(long seq, Object value);

    /** Removes the value added with {@code seq} (the oldest present). */
    abstract void remove(long seq, Object value);

    abstract Object value();

    /** @param sliding whether values will be removed (otherwise only what the value needs is kept) */
    static MeasureAcc create(Measure m, int maxDistinct, boolean sliding) {
        return switch (m.kind()) {
            case COUNT -> new Count();
            case SUM -> new Sum(false);
            case AVG -> new Sum(true);
            case MIN -> new Extreme(true, sliding);
            case MAX -> new Extreme(false, sliding);
            case FIRST -> new Ordered(true, sliding);
            case LAST -> new Ordered(false, sliding);
            case COUNT_DISTINCT -> new Distinct(maxDistinct);
        };
    }

    static final class Count extends MeasureAcc {
        long n;

        @Override
        void add(long seq, Object value) {
            n++;
        }

        @Override
        void remove(long seq, Object value) {
            n--;
        }

        @Override
        Object value() {
            return n;
        }
    }

    /**
     * Sum (or average) and count. Integral inputs are summed in a primitive long until a value of
     * another kind arrives; from then on the sum is a {@code Double} or {@code BigDecimal}.
     */
    static final class Sum extends MeasureAcc {
        final boolean average;
        /** The sum when it is not integral; null while {@link #integral}. */
        Object sum;
        long longSum;
        boolean integral = true;
        long n;

        Sum(boolean average) {
            this.average = average;
        }

        @Override
        void add(long seq, Object value) {
            n++;
            if (integral && (value instanceof Long || value instanceof Integer)) {
                longSum += ((Number) value).longValue();
                return;
            }
            if (integral) {
                integral = false;
                sum = n == 1 ? Numbers.normalize(value) : Numbers.plus(longSum, value);
                return;
            }
            sum = Numbers.plus(sum, value);
        }

        @Override
        void remove(long seq, Object value) {
            n--;
            if (integral) {
                longSum -= ((Number) value).longValue();
            } else {
                sum = Numbers.minus(sum, value);
            }
            if (n == 0) {
                sum = null;
                longSum = 0;
                integral = true;
            }
        }

        /** The sum as a value: null when nothing was added. */
        Object total() {
            if (n == 0) {
                return null;
            }
            return integral ? (Object) longSum : sum;
        }

        @Override
        Object value() {
            Object total = total();
            if (!average || total == null) {
                return total;
            }
            if (total instanceof BigDecimal d) {
                return d.divide(BigDecimal.valueOf(n), MathContext.DECIMAL64);
            }
            return ((Number) total).doubleValue() / n;
        }
    }

    /** Min or max over a monotonic deque of (seq, value). */
    static final class Extreme extends MeasureAcc {
        final boolean min;
        final boolean sliding;
        final ArrayDeque<Object[]> deque = new ArrayDeque<>();

        Extreme(boolean min, boolean sliding) {
            this.min = min;
            this.sliding = sliding;
        }

        @Override
        void add(long seq, Object value) {
            if (!sliding && !deque.isEmpty()) {
                if (dominated(deque.peekFirst()[1], value)) {
                    deque.clear();
                    deque.addLast(new Object[] {seq, value});
                }
                return;
            }
            while (!deque.isEmpty() && dominated(deque.peekLast()[1], value)) {
                deque.pollLast();
            }
            deque.addLast(new Object[] {seq, value});
        }

        private boolean dominated(Object older, Object newer) {
            int c = Numbers.compare(older, newer);
            return min ? c >= 0 : c <= 0;
        }

        @Override
        void remove(long seq, Object value) {
            Object[] head = deque.peekFirst();
            if (head != null && (Long) head[0] == seq) {
                deque.pollFirst();
            }
        }

        @Override
        Object value() {
            Object[] head = deque.peekFirst();
            return head == null ? null : head[1];
        }
    }

    /** First or last non-null value: the values in order. */
    static final class Ordered extends MeasureAcc {
        final boolean first;
        final boolean sliding;
        final ArrayDeque<Object[]> values = new ArrayDeque<>();

        Ordered(boolean first, boolean sliding) {
            this.first = first;
            this.sliding = sliding;
        }

        @Override
        void add(long seq, Object value) {
            if (!sliding && !values.isEmpty()) {
                // without removal only the value read is needed
                if (!first) {
                    values.clear();
                    values.addLast(new Object[] {seq, value});
                }
                return;
            }
            values.addLast(new Object[] {seq, value});
        }

        @Override
        void remove(long seq, Object value) {
            Object[] head = values.peekFirst();
            if (head != null && (Long) head[0] == seq) {
                values.pollFirst();
            }
        }

        @Override
        Object value() {
            Object[] e = first ? values.peekFirst() : values.peekLast();
            return e == null ? null : e[1];
        }
    }

    static final class Distinct extends MeasureAcc {
        final int cap;
        final Map<Object, long[]> counts = new HashMap<>();
        long overflow;

        Distinct(int cap) {
            this.cap = cap;
        }

        @Override
        void add(long seq, Object value) {
            long[] c = counts.get(value);
            if (c != null) {
                c[0]++;
            } else if (counts.size() < cap) {
                counts.put(value, new long[] {1});
            } else {
                overflow++;
            }
        }

        @Override
        void remove(long seq, Object value) {
            long[] c = counts.get(value);
            if (c != null && --c[0] == 0) {
                counts.remove(value);
            }
        }

        @Override
        Object value() {
            return (long) counts.size();
        }

        Iterator<Map.Entry<Object, long[]>> entries() {
            return counts.entrySet().iterator();
        }
    }





}
