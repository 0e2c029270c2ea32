package io.cepheus.dsl.tree;

import java.util.List;
import java.util.Objects;

/** A top-level declaration: a stream or a rule. */
public sealed interface Declaration extends Node {

    Identifier name();

    /** {@code stream NAME { clauses }}. */
    record Stream(Identifier name, List<StreamClause> clauses, Span span) implements Declaration {
        public Stream {
            Objects.requireNonNull(name, "name");
            clauses = List.copyOf(clauses);
        }
    }

    /** {@code rule NAME { clauses }}. */
    record Rule(Identifier name, List<RuleClause> clauses, Span span) implements Declaration {
        public Rule {
            Objects.requireNonNull(name, "name");
            clauses = List.copyOf(clauses);
        }
    }
}
