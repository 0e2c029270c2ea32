package io.cepheus.dsl;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;

/** Operations on runtime values (never null here: callers handle SQL NULL first). */
final class Values {

    private Values() {}

    static long toLong(Object v) {
        return ((Number) v).longValue();
    }

    static double toDouble(Object v) {
        return ((Number) v).doubleValue();
    }

    static BigDecimal toDecimal(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Long || v instanceof Integer) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        return BigDecimal.valueOf(((Number) v).doubleValue());
    }

    /** Converts a value of numeric type {@code from} to the representation of {@code to}. */
    static Object convert(Object v, Type to) {
        return switch (to) {
            case LONG, TIMESTAMP, DURATION -> toLong(v);
            case DOUBLE -> toDouble(v);
            case DECIMAL -> toDecimal(v);
            default -> v;
        };
    }

    /** Compares two non-null values, both of (or convertible to) {@code type}. */
    static int compare(Type type, Object a, Object b) {
        return switch (type) {
            case LONG, TIMESTAMP, DURATION -> Long.compare(toLong(a), toLong(b));
            case DOUBLE -> Double.compare(toDouble(a), toDouble(b));
            case DECIMAL -> toDecimal(a).compareTo(toDecimal(b));
            case STRING -> ((String) a).compareTo((String) b);
            case BOOL -> Boolean.compare((Boolean) a, (Boolean) b);
            default -> throw new IllegalStateException("no order on " + type);
        };
    }

    /** Arithmetic on two non-null operands in {@code type}; null for a division by zero. */
    static Object arithmetic(io.cepheus.dsl.tree.Expression.Operator op, Type type, Object a, Object b) {
        switch (type) {
            case LONG, TIMESTAMP, DURATION -> {
                long x = toLong(a);
                long y = toLong(b);
                return switch (op) {
                    case ADD -> Math.addExact(x, y);
                    case SUBTRACT -> Math.subtractExact(x, y);
                    case MULTIPLY -> Math.multiplyExact(x, y);
                    case DIVIDE -> y == 0 ? null : x / y;
                    case MODULO -> y == 0 ? null : x % y;
                    default -> throw new IllegalStateException(op.symbol());
                };
            }
            case DOUBLE -> {
                double x = toDouble(a);
                double y = toDouble(b);
                return switch (op) {
                    case ADD -> x + y;
                    case SUBTRACT -> x - y;
                    case MULTIPLY -> x * y;
                    case DIVIDE -> y == 0 ? null : x / y;
                    case MODULO -> y == 0 ? null : x % y;
                    default -> throw new IllegalStateException(op.symbol());
                };
            }
            case DECIMAL -> {
                BigDecimal x = toDecimal(a);
                BigDecimal y = toDecimal(b);
                return switch (op) {
                    case ADD -> x.add(y);
                    case SUBTRACT -> x.subtract(y);
                    case MULTIPLY -> x.multiply(y);
                    case DIVIDE -> y.signum() == 0 ? null : x.divide(y, MathContext.DECIMAL64);
                    case MODULO -> y.signum() == 0 ? null : x.remainder(y);
                    default -> throw new IllegalStateException(op.symbol());
                };
            }
            default -> throw new IllegalStateException("no arithmetic on " + type);
        }
    }

    /** How a value of {@code type} is written in an alert summary. */
    static String render(Type type, Object v) {
        if (v == null) {
            return "null";
        }
        return switch (type) {
            case TIMESTAMP -> Instant.ofEpochMilli(toLong(v)).toString();
            case DURATION -> durationText(toLong(v));
            case DECIMAL -> toDecimal(v).toPlainString();
            default -> v.toString();
        };
    }

    /** {@code 1h30m}, {@code 500ms}, {@code 0s}: the rule language's own notation. */
    static String durationText(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder(millis < 0 ? "-" : "");
        Duration d = Duration.ofMillis(Math.abs(millis));
        long[] amounts = {d.toDays(), d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart(), d.toMillisPart()};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < amounts.length; i++) {
            if (amounts[i] != 0) {
                out.append(amounts[i]).append(units[i]);
            }
        }
        return out.toString();
    }
}
