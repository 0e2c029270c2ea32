package io.cepheus.core;

import java.math.BigDecimal;

/**
 * Arithmetic on the numeric values of events, shared by pattern aggregates and window measures:
 * integral values stay {@code Long}, decimals {@code BigDecimal}, the rest {@code Double}.
 */
final class Numbers {

    private Numbers() {}

    static Object normalize(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        return v;
    }

    static Object plus(Object acc, Object v) {
        if (acc instanceof BigDecimal a) {
            return a.add(v instanceof BigDecimal b ? b : new BigDecimal(v.toString()));
        }
        if (v instanceof BigDecimal b) {
            return new BigDecimal(acc.toString()).add(b);
        }
        if (acc instanceof Long a && (v instanceof Long || v instanceof Integer)) {
            return a + ((Number) v).longValue();
        }
        return ((Number) acc).doubleValue() + ((Number) v).doubleValue();
    }

    static Object minus(Object acc, Object v) {
        if (acc instanceof BigDecimal a) {
            return a.subtract(v instanceof BigDecimal b ? b : new BigDecimal(v.toString()));
        }
        if (acc instanceof Long a && (v instanceof Long || v instanceof Integer)) {
            return a - ((Number) v).longValue();
        }
        return ((Number) acc).doubleValue() - ((Number) v).doubleValue();
    }

    /** Compares two values of one kind; numbers of different classes compare by value. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && a.getClass() != b.getClass()) {
            if (a instanceof BigDecimal || b instanceof BigDecimal) {
                return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
            }
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return ((Comparable) a).compareTo(b);
    }
}
