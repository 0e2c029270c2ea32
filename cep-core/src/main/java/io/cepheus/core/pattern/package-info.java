/**
 * The immutable pattern model: what a rule looks for, independent of how it is matched.
 *
 * <p>A {@link io.cepheus.core.pattern.Pattern} is a tree of {@link io.cepheus.core.pattern.Step}s
 * (one named condition with a {@link io.cepheus.core.pattern.Quantifier}), {@link
 * io.cepheus.core.pattern.Sequence}s (patterns joined by a {@link
 * io.cepheus.core.pattern.Connector}: strict, relaxed, non-deterministic relaxed, or a negation),
 * quantified {@link io.cepheus.core.pattern.Group}s and {@link io.cepheus.core.pattern.Alternation}s.
 * The semantics follow Apache Flink's CEP library; {@code docs/rule-language.md} describes them.
 *
 * <p>All types here are immutable and thread-safe; {@link io.cepheus.core.pattern.Condition}
 * implementations must be too.
 */
package io.cepheus.core.pattern;
