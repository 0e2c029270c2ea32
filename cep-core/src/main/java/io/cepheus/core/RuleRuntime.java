package io.cepheus.core;

/**
 * A rule as loaded into an engine: its slot (position in the engine's rule table), its incarnation
 * (the engine-wide number its stored state is tagged with), the rule, its compiled program and the
 * start computation every new partial match comes from. Immutable.
 */
record RuleRuntime(int slot, int incarnation, Rule rule, Program program, PartialMatch start, int stateBase,
                   RuleIndex.Key startKey, long fingerprint) {

    /**
     * @param stateBase the engine-wide number of this program's first state (for per-event memos)
     */
    static RuleRuntime load(int slot, int incarnation, Rule rule, int stateBase) {
        Program program = NfaCompiler.compile(rule);
        PartialMatch start = new PartialMatch(program.start(), null, Long.MIN_VALUE, PartialMatch.NO_START,
                Aggregates.initial(rule.aggregates()));
        return new RuleRuntime(slot, incarnation, rule, program, start, stateBase, RuleIndex.startKey(program),
                Fingerprints.of(program));
    }

    /** Whether {@code event} may start a partial match of this rule (false only when the index says no). */
    boolean mayStart(Event event) {
        return startKey == null || startKey.admits(event);
    }

    RuleId id() {
        return rule.id();
    }
}
