package io.cepheus.server.api;

import io.cepheus.dsl.tree.Declaration;
import io.cepheus.dsl.tree.Expression;
import io.cepheus.dsl.tree.Identifier;
import io.cepheus.dsl.tree.PatternNode;
import io.cepheus.dsl.tree.RuleClause;
import io.cepheus.dsl.tree.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Draws a rule's pattern as a {@link PatternGraph} from its syntax tree, the way the rule language
 * reads it (docs/rule-language.md): juxtaposition is strict contiguity, {@code ->} relaxed, {@code
 * ->>} any; {@code + * ? {n,} {n,m}} are greedy unless a {@code ?} follows; groups repeat as a whole.
 *
 * <p>One walk over the pattern: each element answers the steps a match can enter it by, the steps it
 * can leave it by, and whether it can bind nothing (optional); a sequence joins each element's exits to
 * the next one's entries (and over an element that can bind nothing). Linear in the pattern's size
 * plus its edges. Not thread-safe: one instance per graph.
 */
final class PatternGraphs {

    /** Where a walk can enter and leave an element, and whether it can bind no event. */
    private record Fragment(Set<String> entries, Set<String> exits, boolean nullable) {}

    /** How an element joins the one before it. */
    private record Join(String contiguity, String within) {
        static final Join FIRST = new Join(null, null);
    }

    private final Positions text;
    private final Map<String, RuleClause.StepDefinition> definitions = new HashMap<>();
    private final String ruleStream;
    private final List<PatternGraph.Step> steps = new ArrayList<>();
    private final List<PatternGraph.Edge> edges = new ArrayList<>();
    private final List<PatternGraph.Group> groups = new ArrayList<>();

    private PatternGraphs(String text, List<RuleClause> clauses) {
        this.text = new Positions(text);
        String stream = null;
        for (RuleClause c : clauses) {
            if (c instanceof RuleClause.Where w) {
                w.definitions().forEach(d -> definitions.putIfAbsent(d.step().value(), d));
            } else if (c instanceof RuleClause.From f && f.sources().size() == 1) {
                stream = f.sources().getFirst().text();
            }
        }
        this.ruleStream = stream;
    }

    /**
     * The graph of {@code rule}'s pattern.
     *
     * @param text the text {@code rule} was parsed from (its positions are this text's)
     * @return null for a rule without a pattern (an aggregate rule)
     */
    static PatternGraph of(String text, Declaration.Rule rule) {
        RuleClause.Pattern pattern = null;
        String window = null;
        PatternGraph.Skip skip = new PatternGraph.Skip("no_skip", null, false);
        boolean timeouts = false;
        for (RuleClause c : rule.clauses()) {
            switch (c) {
                case RuleClause.Pattern p -> pattern = p;
                case RuleClause.Within w -> window = w.duration().text();
                case RuleClause.AfterMatch a -> skip = skip(a.strategy());
                case RuleClause.Alert a when a.onTimeout() -> timeouts = true;
                default -> { }
            }
        }
        if (pattern == null) {
            return null;
        }
        PatternGraphs g = new PatternGraphs(text, rule.clauses());
        Fragment all = g.walk(pattern.pattern(), Join.FIRST);
        return new PatternGraph(g.steps, g.edges, List.copyOf(all.entries()), List.copyOf(all.exits()), g.groups, window,
                skip, timeouts);
    }

    private Fragment walk(PatternNode node, Join join) {
        return switch (node) {
            case PatternNode.StepRef s -> step(s.name(), null, false, false, join, s.span());
            case PatternNode.Negated n -> step(n.name(), null, false, true, join, n.span());
            case PatternNode.Group g -> walk(g.body(), join);
            case PatternNode.Alternation a -> {
                Set<String> entries = new LinkedHashSet<>();
                Set<String> exits = new LinkedHashSet<>();
                boolean nullable = false;
                for (PatternNode alternative : a.alternatives()) {
                    Fragment f = walk(alternative, join);
                    entries.addAll(f.entries());
                    exits.addAll(f.exits());
                    nullable |= f.nullable();
                }
                yield new Fragment(entries, exits, nullable);
            }
            case PatternNode.Sequence s -> {
                Fragment done = walk(s.first(), join);
                for (PatternNode.Link link : s.rest()) {
                    Join next = new Join(contiguity(link.kind()), link.within() == null ? null : link.within().text());
                    Fragment f = walk(link.element(), next);
                    connect(done.exits(), f.entries(), "next", next);
                    done = new Fragment(done.nullable() ? union(done.entries(), f.entries()) : done.entries(),
                            f.nullable() ? union(done.exits(), f.exits()) : f.exits(), done.nullable() && f.nullable());
                }
                yield done;
            }
            case PatternNode.Quantified q when q.atom() instanceof PatternNode.StepRef s ->
                    step(s.name(), q.quantifier(), q.optional(), false, join, s.span(), q.inner());
            case PatternNode.Quantified q -> group(q, join);
        };
    }

    private Fragment group(PatternNode.Quantified q, Join join) {
        int first = steps.size();
        Fragment body = walk(q.atom(), join);
        PatternNode.Quantifier quantifier = q.quantifier();
        int max = quantifier == null ? 1 : quantifier.max();
        if (max > 1) {
            connect(body.exits(), body.entries(), "repeat", new Join(inner(q.inner()), null));
        }
        boolean optional = q.optional() || (quantifier != null && quantifier.min() == 0);
        groups.add(new PatternGraph.Group(steps.subList(first, steps.size()).stream().map(PatternGraph.Step::name).toList(),
                quantifier == null ? null : written(quantifier), optional ? 0 : quantifier == null ? 1 : quantifier.min(),
                max == PatternNode.Quantifier.UNBOUNDED ? null : max, optional, text.position(q.span())));
        return new Fragment(body.entries(), body.exits(), optional || body.nullable());
    }

    private Fragment step(Identifier name, PatternNode.Quantifier quantifier, boolean optionalWritten, boolean negated,
                          Join join, Span span) {
        return step(name, quantifier, optionalWritten, negated, join, span, null);
    }

    private Fragment step(Identifier name, PatternNode.Quantifier quantifier, boolean optionalWritten, boolean negated,
                          Join join, Span span, PatternNode.InnerContiguity inner) {
        int max = quantifier == null ? 1 : quantifier.max();
        boolean optional = optionalWritten || (quantifier != null && quantifier.min() == 0);
        RuleClause.StepDefinition d = definitions.get(name.value());
        String stream = d != null && d.source() != null ? d.source().text() : ruleStream;
        steps.add(new PatternGraph.Step(name.value(), stream, quantifier == null ? null : written(quantifier),
                optional ? 0 : quantifier == null ? 1 : Math.max(1, quantifier.min()),
                max == PatternNode.Quantifier.UNBOUNDED ? null : max,
                quantifier != null && !quantifier.reluctant() && quantifier.form() != PatternNode.Quantifier.Form.EXACTLY,
                optional, negated, join.contiguity(), max > 1 ? inner(inner) : null, join.within(),
                d == null ? null : text.oneLine(d.condition()), d == null ? null : text.oneLine(d.until()),
                text.position(span), d == null ? null : text.position(d.span())));
        Set<String> self = Set.of(name.value());
        return new Fragment(self, self, optional);
    }

    private void connect(Set<String> from, Set<String> to, String kind, Join join) {
        for (String f : from) {
            for (String t : to) {
                edges.add(new PatternGraph.Edge(f, t, kind, join.contiguity(), join.within()));
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }

    private static String contiguity(PatternNode.LinkKind kind) {
        return switch (kind) {
            case STRICT -> "strict";
            case RELAXED -> "relaxed";
            case ANY -> "any";
        };
    }

    /** Between repetitions: relaxed unless {@code consecutive} or {@code any} was written. */
    private static String inner(PatternNode.InnerContiguity inner) {
        if (inner == null) {
            return "relaxed";
        }
        return switch (inner) {
            case CONSECUTIVE -> "strict";
            case ANY -> "any";
        };
    }

    /** A quantifier as the rule language writes it. */
    static String written(PatternNode.Quantifier q) {
        String count = switch (q.form()) {
            case PLUS -> "+";
            case STAR -> "*";
            case QUESTION -> "?";
            case EXACTLY -> "{" + q.min() + "}";
            case RANGE -> "{" + q.min() + "," + (q.max() == PatternNode.Quantifier.UNBOUNDED ? "" : q.max()) + "}";
        };
        return q.reluctant() ? count + "?" : count;
    }

    private static PatternGraph.Skip skip(RuleClause.SkipStrategy s) {
        String kind = s.kind().name().toLowerCase(Locale.ROOT);
        return new PatternGraph.Skip(s.kind() == RuleClause.SkipStrategy.Kind.NO_SKIP ? kind : "skip_" + kind,
                s.step() == null ? null : s.step().value(), s.orFail());
    }

    /** Lines, columns and excerpts of a text by the code-point offsets of its syntax tree. */
    private static final class Positions {
        private final int[] codePoints;

        Positions(String text) {
            this.codePoints = text.codePoints().toArray();
        }

        PatternGraph.Position position(Span span) {
            int end = Math.min(span.end(), codePoints.length);
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < end; i++) {
                if (codePoints[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new PatternGraph.Position(span.line(), span.column(), line, end - lineStart + 1);
        }

        /** The expression as written, its white space (line ends too) one space; null for none. */
        String oneLine(Expression e) {
            if (e == null) {
                return null;
            }
            int end = Math.min(e.span().end(), codePoints.length);
            return new String(codePoints, e.span().start(), end - e.span().start()).strip().replaceAll("\\s+", " ");
        }
    }
}
