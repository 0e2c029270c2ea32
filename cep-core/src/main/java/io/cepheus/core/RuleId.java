package io.cepheus.core;

import java.util.Objects;

/** The identity of a rule (with its version, when the caller keeps versions). */
public record RuleId(String value) implements Comparable<RuleId> {
    public RuleId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a rule id must not be blank");
        }
    }

    public static RuleId of(String value) {
        return new RuleId(value);
    }

    @Override
    public int compareTo(RuleId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
