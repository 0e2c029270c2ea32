package io.cepheus.server.control;

import java.util.Locale;

/** Whether a deployed rule runs. */
public enum RuleState {
    /** It runs, and its alerts go out. */
    ENABLED,
    /** It is kept (with its versions) but does not run; its state is cleaned up. */
    DISABLED,
    /**
     * It runs beside the deployed version (the newest earlier version not in shadow, when that one is
     * enabled) as a rule of its own ({@code rules.Shadow}): its alerts are recorded, marked {@code
     * "shadow": true}, and notify nobody.
     */
    SHADOW;

    /** The lower-case name used in JSON and messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException if {@code label} names no state */
    public static RuleState ofLabel(String label) {
        for (RuleState s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown rule state '" + label + "' (enabled, disabled or shadow)");
    }
}
