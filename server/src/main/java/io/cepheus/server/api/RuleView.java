package io.cepheus.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cepheus.server.control.RuleDefinition;

/**
 * A rule (its current version, or a kept one) as the API shows it.
 *
 * @param id the rule's name, as in its text
 * @param version 1 for the first, one more for each change; the entity tag is {@code "version"}
 * @param state {@code enabled}, {@code disabled} or {@code shadow} (runs beside the deployed version: {@code control.Deployment#live})
 * @param updated when this version was written (ISO-8601)
 * @param origin who wrote it: {@code api}, {@code files} for a rules directory applied at start, or {@code demo} for the demo's examples
 * @param text the rule in canonical form
 * @param summary the compiled rule in brief; null when it does not compile
 * @param problem why it does not compile with the declared streams and rules; null when it does
 * @param activity what it has been doing (alerts, precision, partial matches), when asked for; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleView(String id, long version, String state, String updated, String origin, String text,
                       RuleSummary summary, String problem, RuleActivity activity) {

    static RuleView of(RuleDefinition r, Compiler.Compiled compiled) {
        return new RuleView(r.name(), r.version(), r.state().label(), r.updated().toString(), r.origin(), r.text(),
                compiled == null ? null : compiled.summary(), compiled == null ? null : compiled.problem(), null);
    }

    /** This view with {@code activity}. */
    RuleView withActivity(RuleActivity activity) {
        return new RuleView(id, version, state, updated, origin, text, summary, problem, activity);
    }

    /** A kept version: its text and state, not compiled. */
    static RuleView version(RuleDefinition r) {
        return of(r, null);
    }
}
