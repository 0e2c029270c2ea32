package io.cepheus.dsl;

/** The static type of an expression. */
enum Type {
    BOOL, LONG, DOUBLE, DECIMAL, STRING, TIMESTAMP, DURATION,
    /** The literal {@code null}: fits every type. */
    NULL,
    /** A whole event, from {@code first(step)} / {@code last(step)}: only its fields are values. */
    EVENT,
    /** An expression that already failed to check; suppresses follow-on errors. */
    ERROR;

    static Type of(FieldType t) {
        return switch (t) {
            case BOOL -> BOOL;
            case LONG -> LONG;
            case DOUBLE -> DOUBLE;
            case DECIMAL -> DECIMAL;
            case STRING -> STRING;
            case TIMESTAMP -> TIMESTAMP;
            case DURATION -> DURATION;
        };
    }

    boolean isNumeric() {
        return this == LONG || this == DOUBLE || this == DECIMAL;
    }

    /** Whether values of this type have an order ({@code <}, {@code min}, ...). */
    boolean isOrdered() {
        return isNumeric() || this == STRING || this == TIMESTAMP || this == DURATION;
    }

    /** The wider of two numeric types: long &lt; decimal &lt; double. */
    static Type widen(Type a, Type b) {
        if (a == DOUBLE || b == DOUBLE) {
            return DOUBLE;
        }
        if (a == DECIMAL || b == DECIMAL) {
            return DECIMAL;
        }
        return LONG;
    }

    /** The type both can be compared or combined as, or null if none. */
    static Type common(Type a, Type b) {
        if (a == ERROR || b == ERROR) {
            return ERROR;
        }
        if (a == NULL) {
            return b;
        }
        if (b == NULL || a == b) {
            return a;
        }
        if (a.isNumeric() && b.isNumeric()) {
            return widen(a, b);
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
