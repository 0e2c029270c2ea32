package io.cepheus.server.api;

import java.util.List;
import java.util.Map;

/**
 * What {@code POST /rules/validate} answers: every diagnostic of the text, as {@code cepheus check}
 * prints them, and the rules it declares compiled (when it has no error).
 *
 * @param valid true when there is no error (warnings may remain)
 * @param diagnostics errors and warnings, in source order
 * @param rules the declared rules in brief, by name; empty when there is an error
 */
public record Validation(boolean valid, List<Finding> diagnostics, Map<String, RuleSummary> rules) {
    public Validation {
        diagnostics = List.copyOf(diagnostics);
        rules = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rules));
    }
}
