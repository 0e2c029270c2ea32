package io.cepheus.server.runtime;

import io.cepheus.core.CepEngine;

/**
 * The caps on partial matches that every engine of a {@link CepRuntime} applies (cep-core's {@link
 * CepEngine.Builder#maxPartialMatches} and {@link CepEngine.Builder#maxPartialMatchesPerRule}); what
 * they drop is reported to {@link RuntimeListener#dropped}.
 *
 * @param perKeyAndRule partial matches of one rule for one key (and events a key keeps in a sliding
 *     window); beyond it the oldest are dropped
 * @param perRule partial matches of one rule over all the keys of the runtime; while a rule is at it,
 *     the partial matches an event would start are refused
 */
public record PartialMatchCaps(int perKeyAndRule, long perRule) {

    public PartialMatchCaps {
        if (perKeyAndRule < 1) {
            throw new IllegalArgumentException("perKeyAndRule must be 1 or more, was " + perKeyAndRule);
        }
        if (perRule < 1) {
            throw new IllegalArgumentException("perRule must be 1 or more, was " + perRule);
        }
    }

    /** cep-core's defaults: 10,000 per key and rule, 1,000,000 per rule. */
    public static PartialMatchCaps defaults() {
        return new PartialMatchCaps(CepEngine.DEFAULT_MAX_PARTIAL_MATCHES, CepEngine.DEFAULT_MAX_PARTIAL_MATCHES_PER_RULE);
    }
}
