package io.cepheus.core;

import io.cepheus.core.window.AggregateRule;
import io.cepheus.core.window.Measure;

/**
 * A 64-bit hash of the shape of a compiled rule — states, edges, steps, window, skip, aggregates;
 * for an aggregate rule its window and measures — but not of its conditions, which are code. Stored
 * state is resumed only by a rule of the same id, version and fingerprint, so a rule whose shape
 * changed under an unchanged version still starts fresh. Deterministic across processes.
 */
final class Fingerprints {

    private Fingerprints() {}

    static long of(Program program) {
        MatchId.Hasher h = new MatchId.Hasher().number(program.states().size()).number(program.windowMillis());
        for (String step : program.steps()) {
            h.string(step);
        }
        for (NfaState state : program.states()) {
            h.number(state.id).number(state.type.ordinal()).number(state.stepIndex);
            if (state.windowMillis > 0) { // only when set: the fingerprints of rules without part windows stay as they were
                h.number(-state.windowMillis);
            }
            for (NfaState.Edge e : state.edges) {
                h.number(e.action().ordinal()).number(e.source().id).number(e.target().id);
            }
        }
        h.number(program.aggregates().size());
        return h.id().low();
    }

    static long of(AggregateRule rule) {
        MatchId.Hasher h = new MatchId.Hasher().string(rule.window().toString()).number(rule.maxDistinct());
        for (Measure m : rule.measures()) {
            h.string(m.name()).number(m.kind().ordinal());
        }
        return h.id().low();
    }
}
