package io.cepheus.server.control;

import java.util.Locale;

/** Whether a deployed rule runs. */
public enum RuleState {
    /** It runs, and its alerts go out. */
    ENABLED,
    /** It is kept (with its versions) but does not run; its state is cleaned up. */
    DISABLED;

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
        throw new IllegalArgumentException("unknown rule state '" + label + "' (enabled or disabled)");
    }
}
