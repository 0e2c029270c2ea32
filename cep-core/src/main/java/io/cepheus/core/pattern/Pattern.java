package io.cepheus.core.pattern;

/** A pattern of events: a step, a sequence, a quantified group or an alternation. Immutable. */
public sealed interface Pattern permits Step, Sequence, Group, Alternation {}
