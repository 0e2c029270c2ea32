package io.cepheus.dsl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The scalar functions of the language. Each checks its argument types statically and compiles to
 * a closure; a null argument gives null (SQL), except in {@code coalesce}.
 */
final class Functions {

    /** The type a call returns, or why it is wrong. */
    sealed interface Typing {}

    record Ok(Type type) implements Typing {}

    record Wrong(String message) implements Typing {}

    /** A function on non-null argument values. */
    interface Body {
        Object apply(Object[] args);
    }

    record Fn(String name, String signature, Function<List<Type>, Typing> typing, Function<List<Type>, Body> body, boolean nullSafe) {}

    /** Aggregate and step functions, handled by the expression compiler itself. */
    static final Set<String> SPECIAL = Set.of("count", "sum", "avg", "min", "max", "first", "last", "prev", "window_start",
            "window_end");

    static final Map<String, Fn> ALL = new LinkedHashMap<>();

    static {
        string1("lower", s -> s.toLowerCase(Locale.ROOT));
        string1("upper", s -> s.toUpperCase(Locale.ROOT));
        string1("trim", String::strip);
        add("length", "length(string) -> long", fixed(Type.LONG, Type.STRING), t -> a -> (long) ((String) a[0]).length());
        add("substr", "substr(string, start[, length]) -> string (1-based start)", types -> {
            if (types.size() < 2 || types.size() > 3) {
                return new Wrong("substr takes 2 or 3 arguments: substr(string, start[, length]), got " + types.size());
            }
            return args(types, List.of(Type.STRING, Type.LONG, Type.LONG), Type.STRING);
        }, t -> a -> substr((String) a[0], Values.toLong(a[1]), a.length > 2 ? Values.toLong(a[2]) : Long.MAX_VALUE));
        add("starts_with", "starts_with(string, string) -> bool", fixed(Type.BOOL, Type.STRING, Type.STRING),
                t -> a -> ((String) a[0]).startsWith((String) a[1]));
        add("ends_with", "ends_with(string, string) -> bool", fixed(Type.BOOL, Type.STRING, Type.STRING),
                t -> a -> ((String) a[0]).endsWith((String) a[1]));
        add("contains", "contains(string, string) -> bool", fixed(Type.BOOL, Type.STRING, Type.STRING),
                t -> a -> ((String) a[0]).contains((String) a[1]));
        add("replace", "replace(string, from, to) -> string", fixed(Type.STRING, Type.STRING, Type.STRING, Type.STRING),
                t -> a -> ((String) a[0]).replace((String) a[1], (String) a[2]));
        add("concat", "concat(value, value, ...) -> string", types -> types.size() < 2
                ? new Wrong("concat takes at least 2 arguments, got " + types.size()) : new Ok(Type.STRING),
                t -> a -> {
                    StringBuilder out = new StringBuilder();
                    for (int i = 0; i < a.length; i++) {
                        out.append(Values.render(t.get(i), a[i]));
                    }
                    return out.toString();
                });
        add("abs", "abs(number or duration) -> same type", numeric1(true), t -> switch (t.get(0)) {
            case DOUBLE -> a -> Math.abs(Values.toDouble(a[0]));
            case DECIMAL -> a -> Values.toDecimal(a[0]).abs();
            default -> a -> Math.absExact(Values.toLong(a[0]));
        });
        add("round", "round(number[, digits]) -> same type", types -> {
            if (types.isEmpty() || types.size() > 2) {
                return new Wrong("round takes 1 or 2 arguments: round(number[, digits]), got " + types.size());
            }
            Typing first = numeric1(false).apply(types.subList(0, 1));
            if (first instanceof Wrong || types.size() == 1) {
                return first;
            }
            return types.get(1) == Type.LONG || types.get(1) == Type.NULL ? first
                    : new Wrong("argument 2 of round must be long, is " + types.get(1));
        }, t -> switch (t.get(0)) {
            case DOUBLE -> a -> BigDecimal.valueOf(Values.toDouble(a[0]))
                    .setScale(a.length > 1 ? (int) Values.toLong(a[1]) : 0, RoundingMode.HALF_UP).doubleValue();
            case DECIMAL -> a -> Values.toDecimal(a[0]).setScale(a.length > 1 ? (int) Values.toLong(a[1]) : 0, RoundingMode.HALF_UP);
            default -> a -> a[0];
        });
        add("floor", "floor(number) -> same type", numeric1(false), t -> switch (t.get(0)) {
            case DOUBLE -> a -> Math.floor(Values.toDouble(a[0]));
            case DECIMAL -> a -> Values.toDecimal(a[0]).setScale(0, RoundingMode.FLOOR);
            default -> a -> a[0];
        });
        add("ceil", "ceil(number) -> same type", numeric1(false), t -> switch (t.get(0)) {
            case DOUBLE -> a -> Math.ceil(Values.toDouble(a[0]));
            case DECIMAL -> a -> Values.toDecimal(a[0]).setScale(0, RoundingMode.CEILING);
            default -> a -> a[0];
        });
        add("sqrt", "sqrt(number) -> double", fixedNumeric(Type.DOUBLE, 1), t -> a -> {
            double x = Values.toDouble(a[0]);
            return x < 0 ? null : Math.sqrt(x);
        });
        add("least", "least(value, value, ...) -> common type", Functions::common, t -> pick(commonType(t), -1));
        add("greatest", "greatest(value, value, ...) -> common type", Functions::common, t -> pick(commonType(t), 1));
        ALL.put("coalesce", new Fn("coalesce", "coalesce(value, value, ...) -> common type", Functions::common, t -> a -> {
            Type type = commonType(t);
            for (Object v : a) {
                if (v != null) {
                    return type.isNumeric() ? Values.convert(v, type) : v;
                }
            }
            return null;
        }, true));
        add("geo_distance_km", "geo_distance_km(lat1, lon1, lat2, lon2) -> double", fixedNumeric(Type.DOUBLE, 4),
                t -> a -> geoDistanceKm(Values.toDouble(a[0]), Values.toDouble(a[1]), Values.toDouble(a[2]), Values.toDouble(a[3])));
        add("hour_of_day", "hour_of_day(timestamp) -> long (0-23, UTC)", fixed(Type.LONG, Type.TIMESTAMP),
                t -> a -> (long) Instant.ofEpochMilli(Values.toLong(a[0])).atZone(ZoneOffset.UTC).getHour());
        add("day_of_week", "day_of_week(timestamp) -> long (1 = Monday ... 7 = Sunday, UTC)", fixed(Type.LONG, Type.TIMESTAMP),
                t -> a -> (long) Instant.ofEpochMilli(Values.toLong(a[0])).atZone(ZoneOffset.UTC).getDayOfWeek().getValue());
        add("millis", "millis(timestamp or duration) -> long", types -> types.size() == 1
                && (types.get(0) == Type.TIMESTAMP || types.get(0) == Type.DURATION || types.get(0) == Type.NULL)
                ? new Ok(Type.LONG) : new Wrong("millis takes one timestamp or duration"), t -> a -> Values.toLong(a[0]));
        add("timestamp", "timestamp(string or long) -> timestamp", types -> types.size() == 1
                && (types.get(0) == Type.STRING || types.get(0) == Type.LONG || types.get(0) == Type.NULL)
                ? new Ok(Type.TIMESTAMP) : new Wrong("timestamp takes one ISO-8601 string or epoch milliseconds"),
                t -> t.get(0) == Type.STRING ? a -> Instant.parse((String) a[0]).toEpochMilli() : a -> Values.toLong(a[0]));
        add("duration", "duration(millis) -> duration", fixed(Type.DURATION, Type.LONG), t -> a -> Values.toLong(a[0]));
    }

    private Functions() {}

    private static void add(String name, String signature, Function<List<Type>, Typing> typing, Function<List<Type>, Body> body) {
        ALL.put(name, new Fn(name, signature, typing, body, false));
    }

    private static void string1(String name, Function<String, String> f) {
        add(name, name + "(string) -> string", fixed(Type.STRING, Type.STRING), t -> a -> f.apply((String) a[0]));
    }

    private static Function<List<Type>, Typing> fixed(Type result, Type... params) {
        return types -> types.size() != params.length
                ? new Wrong("takes " + params.length + " argument" + (params.length == 1 ? "" : "s") + ", got " + types.size())
                : args(types, List.of(params), result);
    }

    private static Typing args(List<Type> types, List<Type> params, Type result) {
        for (int i = 0; i < types.size(); i++) {
            Type t = types.get(i);
            if (t != params.get(i) && t != Type.NULL && t != Type.ERROR) {
                return new Wrong("argument " + (i + 1) + " must be " + params.get(i) + ", is " + t);
            }
        }
        return new Ok(result);
    }

    private static Function<List<Type>, Typing> fixedNumeric(Type result, int n) {
        return types -> {
            if (types.size() != n) {
                return new Wrong("takes " + n + " argument" + (n == 1 ? "" : "s") + ", got " + types.size());
            }
            for (int i = 0; i < n; i++) {
                Type t = types.get(i);
                if (!t.isNumeric() && t != Type.NULL && t != Type.ERROR) {
                    return new Wrong("argument " + (i + 1) + " must be a number, is " + t);
                }
            }
            return new Ok(result);
        };
    }

    private static Function<List<Type>, Typing> numeric1(boolean durationToo) {
        return types -> {
            if (types.size() != 1) {
                return new Wrong("takes 1 argument, got " + types.size());
            }
            Type t = types.get(0);
            if (t.isNumeric() || (durationToo && t == Type.DURATION)) {
                return new Ok(t);
            }
            return t == Type.NULL || t == Type.ERROR ? new Ok(Type.LONG) : new Wrong("argument 1 must be a number, is " + t);
        };
    }

    private static Typing common(List<Type> types) {
        if (types.size() < 2) {
            return new Wrong("takes at least 2 arguments, got " + types.size());
        }
        Type t = types.get(0);
        for (Type next : types.subList(1, types.size())) {
            Type c = Type.common(t, next);
            if (c == null) {
                return new Wrong("arguments must have one type, found " + t + " and " + next);
            }
            t = c;
        }
        return new Ok(t);
    }

    private static Type commonType(List<Type> types) {
        return ((Ok) common(types)).type();
    }

    private static Body pick(Type type, int sign) {
        return a -> {
            Object best = a[0];
            for (int i = 1; i < a.length; i++) {
                if (Integer.signum(Values.compare(type, a[i], best)) == sign) {
                    best = a[i];
                }
            }
            return type.isNumeric() ? Values.convert(best, type) : best;
        };
    }

    private static String substr(String s, long start, long length) {
        int from = (int) Math.max(0, Math.min(s.length(), start - 1));
        long to = length == Long.MAX_VALUE ? s.length() : Math.min(s.length(), from + Math.max(0, length));
        return s.substring(from, (int) to);
    }

    /** Great-circle distance on a sphere of radius 6371.0088 km (haversine). */
    static double geoDistanceKm(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
