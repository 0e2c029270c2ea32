package io.cepheus.dsl;

import java.math.BigDecimal;

/**
 * The type of a stream field, and how its values are held in an {@link io.cepheus.core.Event}.
 */
public enum FieldType {
    /** {@link Boolean}. */
    BOOL("bool"),
    /** {@link Long}. */
    LONG("long"),
    /** {@link Double}. */
    DOUBLE("double"),
    /** {@link BigDecimal}. */
    DECIMAL("decimal"),
    /** {@link String}. */
    STRING("string"),
    /** {@link Long} epoch milliseconds. */
    TIMESTAMP("timestamp"),
    /** {@link Long} milliseconds. */
    DURATION("duration");

    private final String keyword;

    FieldType(String keyword) {
        this.keyword = keyword;
    }

    /** The name used in the rule language. */
    public String keyword() {
        return keyword;
    }

    static FieldType byKeyword(String name) {
        for (FieldType t : values()) {
            if (t.keyword.equals(name)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return keyword;
    }
}
