package io.cepheus.dsl;

import io.cepheus.core.pattern.Alternation;
import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Connector;
import io.cepheus.core.pattern.Contiguity;
import io.cepheus.core.pattern.Group;
import io.cepheus.core.pattern.Pattern;
import io.cepheus.core.pattern.Quantifier;
import io.cepheus.core.pattern.Sequence;
import io.cepheus.core.pattern.Step;
import io.cepheus.dsl.tree.Identifier;
import io.cepheus.dsl.tree.PatternNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a pattern's structure and lowers it to the cep-core pattern model. The structural rules
 * of the engine (after Flink) are checked here first, so that the author gets a position and a
 * reason: a negation needs a step before it and cannot follow an optional one, a trailing absence
 * needs a window, a group or alternative cannot start with an optional step, groups are reluctant,
 * and the pattern must bind at least one event.
 *
 * <p>Quantifiers follow SQL {@code MATCH_RECOGNIZE}: {@code + * ? {n,} {n,m}} are greedy, with a
 * trailing {@code ?} reluctant (the engine's default, Flink's). Between the events of a loop the
 * contiguity is relaxed unless {@code consecutive} (strict) or {@code any} (non-deterministic).
 */
final class Patterns {

    private final Problems problems;
    private int order;

    Patterns(Problems problems) {
        this.problems = problems;
    }

    // ------------------------------------------------------------------ steps

    /** Collects the pattern's steps in text order; reports a step used twice. */
    void collect(PatternNode node, boolean inRepeat, Map<String, Scope.StepInfo> steps, Map<String, Identifier> names) {
        switch (node) {
            case PatternNode.StepRef s -> add(s.name(), inRepeat, false, false, steps, names);
            case PatternNode.Negated n -> add(n.name(), false, true, false, steps, names);
            case PatternNode.Group g -> collect(g.body(), inRepeat, steps, names);
            case PatternNode.Alternation a -> a.alternatives().forEach(x -> collect(x, inRepeat, steps, names));
            case PatternNode.Sequence s -> {
                collect(s.first(), inRepeat, steps, names);
                s.rest().forEach(l -> collect(l.element(), inRepeat, steps, names));
            }
            case PatternNode.Quantified q -> {
                int max = q.quantifier() == null ? 1 : q.quantifier().max();
                boolean repeats = inRepeat || max > 1;
                if (q.atom() instanceof PatternNode.StepRef s) {
                    add(s.name(), repeats, false, max == PatternNode.Quantifier.UNBOUNDED, steps, names);
                } else {
                    collect(q.atom(), repeats, steps, names);
                }
            }
        }
    }

    private void add(Identifier name, boolean multi, boolean negated, boolean looping, Map<String, Scope.StepInfo> steps,
            Map<String, Identifier> names) {
        if (steps.containsKey(name.value())) {
            problems.error(name, "step '" + name.value() + "' appears twice in the pattern (first at line "
                    + names.get(name.value()).span() + "): give each occurrence its own name");
            return;
        }
        steps.put(name.value(), new Scope.StepInfo(name.value(), order++, multi, negated, looping));
        names.put(name.value(), name);
    }

    // ------------------------------------------------------------------ lowering

    private Map<String, Condition> conditions;
    private Map<String, Condition> untils;
    private Map<String, Scope.StepInfo> steps;
    /** The sequence whose links may have windows of their own; the rule's window in ms, 0 for none. */
    private PatternNode top;
    private long ruleWindow;

    /**
     * The engine pattern, or null after reporting errors.
     *
     * @param withinMillis the rule's window, 0 for none
     */
    Pattern build(PatternNode root, Map<String, Condition> conditions, Map<String, Condition> untils,
            Map<String, Scope.StepInfo> steps, long withinMillis) {
        this.conditions = conditions;
        this.untils = untils;
        this.steps = steps;
        this.ruleWindow = withinMillis;
        this.top = root;
        while (top instanceof PatternNode.Group g) {
            top = g.body();
        }
        int before = problems.errorCount();
        PatternNode.Link last = trailingLink(root);
        if (last != null && last.element() instanceof PatternNode.Negated n && last.kind() == PatternNode.LinkKind.RELAXED
                && withinMillis == 0 && last.within() == null) {
            problems.error(last, "a pattern that ends with '-> not " + n.name().value() + "' needs a window: add "
                    + "'within <duration>' (for the rule, or '-> within <duration> not " + n.name().value()
                    + "'); the absence is reported when it elapses");
        }
        Pattern p = build(root);
        return problems.errorCount() == before ? p : null;
    }

    /** The link of the pattern's last element, looking into unquantified parentheses; null if none. */
    private static PatternNode.Link trailingLink(PatternNode node) {
        return switch (node) {
            case PatternNode.Sequence s when !s.rest().isEmpty() -> {
                PatternNode.Link last = s.rest().get(s.rest().size() - 1);
                PatternNode.Link inner = last.element() instanceof PatternNode.Group g ? trailingLink(g.body()) : null;
                yield inner != null ? inner : last;
            }
            case PatternNode.Sequence s -> s.first() instanceof PatternNode.Group g ? trailingLink(g.body()) : null;
            case PatternNode.Group g -> trailingLink(g.body());
            default -> null;
        };
    }

    private Pattern build(PatternNode node) {
        return switch (node) {
            case PatternNode.StepRef s -> step(s.name(), Quantifier.once());
            case PatternNode.Negated n -> {
                problems.error(n, "'not " + n.name().value() + "' must follow a step in a sequence, e.g. a -> not "
                        + n.name().value() + " -> c");
                yield null;
            }
            case PatternNode.Group g -> build(g.body());
            case PatternNode.Alternation a -> {
                List<Pattern> alternatives = new ArrayList<>();
                for (PatternNode alt : a.alternatives()) {
                    boolean headOk = checkHead(alt, "an alternative");
                    Pattern p = build(alt);
                    if (p != null && headOk && !requiresEvent(p)) {
                        problems.error(alt, "every alternative must bind at least one event");
                    }
                    alternatives.add(p);
                }
                yield alternatives.contains(null) ? null : new Alternation(alternatives);
            }
            case PatternNode.Sequence s -> sequence(s);
            case PatternNode.Quantified q -> quantified(q);
        };
    }

    private Pattern sequence(PatternNode.Sequence s) {
        if (s.first() instanceof PatternNode.Negated n) {
            problems.error(n, "a pattern cannot start with 'not " + n.name().value() + "': a negation needs a step before it");
        }
        List<Sequence.Part> parts = new ArrayList<>();
        Pattern first = s.first() instanceof PatternNode.Negated ? null : build(s.first());
        parts.add(first == null ? null : new Sequence.Part(Connector.FOLLOWED_BY, first));
        PatternNode previous = s.first();
        Connector previousConnector = Connector.FOLLOWED_BY;
        for (PatternNode.Link link : s.rest()) {
            Connector connector;
            Pattern p;
            if (link.element() instanceof PatternNode.Negated n) {
                String stepName = n.name().value();
                connector = switch (link.kind()) {
                    case STRICT -> Connector.NOT_NEXT;
                    case RELAXED -> Connector.NOT_FOLLOWED_BY;
                    case ANY -> {
                        problems.error(link, "'->> not " + stepName + "' is not a negation: write 'not " + stepName
                                + "' (not next) or '-> not " + stepName + "' (not followed by)");
                        yield null;
                    }
                };
                if (isOptional(previous)) {
                    problems.error(n, "'not " + stepName + "' cannot follow an optional part (as in Flink): the negation "
                            + "would have no step to attach to");
                }
                if (connector == Connector.NOT_NEXT && previousConnector == Connector.NOT_FOLLOWED_BY
                        && previous instanceof PatternNode.Negated before) {
                    String other = before.name().value();
                    problems.error(n, "'not " + stepName + "' (not next) cannot follow '-> not " + other + "': Flink silently "
                            + "drops the '-> not " + other + "' there; write 'not " + stepName + " -> not " + other
                            + "' (the same constraints, in the order Flink keeps)");
                }
                p = step(n.name(), Quantifier.once());
            } else {
                connector = switch (link.kind()) {
                    case STRICT -> Connector.NEXT;
                    case RELAXED -> Connector.FOLLOWED_BY;
                    case ANY -> Connector.FOLLOWED_BY_ANY;
                };
                p = build(link.element());
            }
            Duration window = link.within() == null ? null : Duration.ofMillis(link.within().millis());
            if (window != null && !partWindowAllowed(s, link)) {
                window = null;
            }
            parts.add(connector == null || p == null ? null : new Sequence.Part(connector, p, window));
            previous = link.element();
            previousConnector = connector;
        }
        return parts.contains(null) ? null : new Sequence(parts);
    }

    /**
     * Reports a part's own window ({@code -> within D b}) where Flink does not apply it as written
     * (see docs/rule-language.md): it counts only while a partial match waits for that part, so the
     * part must be one required step (or a negation at the end or a 'not next'), and the step before
     * it must take a fixed number of events and lead straight to it. The same rules as the engine's,
     * said with a position.
     */
    private boolean partWindowAllowed(PatternNode.Sequence s, PatternNode.Link link) {
        String within = "'within " + link.within().text() + "'";
        if (s != top) {
            return reject(link, within + " bounds the time between parts of the top-level sequence, not inside parentheses");
        }
        int index = s.rest().indexOf(link);
        boolean trailing = index == s.rest().size() - 1;
        if (link.element() instanceof PatternNode.Negated n) {
            if (link.kind() == PatternNode.LinkKind.RELAXED && !trailing) {
                return reject(link, within + " before '-> not " + n.name().value() + "' has no effect when a step follows"
                        + " (Flink ignores it): put it before the step after 'not " + n.name().value() + "'");
            }
        } else if (!(link.element() instanceof PatternNode.StepRef)) {
            return reject(link, within + " applies to a single required step or a negation: Flink ignores it on a loop,"
                    + " a quantified or optional step and a group");
        }
        PatternNode previous = s.first();
        for (int j = index - 1; j >= 0; j--) {
            PatternNode.Link before = s.rest().get(j);
            if (!(before.element() instanceof PatternNode.Negated && before.kind() == PatternNode.LinkKind.RELAXED)) {
                previous = before.element();
                break;
            }
        }
        boolean fixed = previous instanceof PatternNode.StepRef
                || previous instanceof PatternNode.Quantified q && q.atom() instanceof PatternNode.StepRef && !q.optional()
                        && q.quantifier() != null && q.quantifier().form() == PatternNode.Quantifier.Form.EXACTLY;
        if (!fixed) {
            return reject(link, within + " needs a step before it that takes a fixed number of events (a, a{3}): after a"
                    + " loop, an optional step, a group or 'not x', Flink checks it only for some matches");
        }
        if (ruleWindow > 0 && link.within().millis() > ruleWindow) {
            return reject(link, within + " is longer than the rule's window (Flink rejects it too)");
        }
        return true;
    }

    private boolean reject(PatternNode.Link link, String message) {
        problems.error(link.within(), message);
        return false;
    }

    /** Whether some link of the pattern has a window of its own. */
    static boolean hasPartWindow(PatternNode node) {
        return switch (node) {
            case PatternNode.Sequence s -> s.rest().stream().anyMatch(l -> l.within() != null || hasPartWindow(l.element()))
                    || hasPartWindow(s.first());
            case PatternNode.Group g -> hasPartWindow(g.body());
            case PatternNode.Alternation a -> a.alternatives().stream().anyMatch(Patterns::hasPartWindow);
            case PatternNode.Quantified q -> hasPartWindow(q.atom());
            default -> false;
        };
    }

    private Pattern quantified(PatternNode.Quantified q) {
        boolean group = q.atom() instanceof PatternNode.Group;
        Quantifier quantifier = quantifier(q, group);
        if (group) {
            PatternNode body = ((PatternNode.Group) q.atom()).body();
            Pattern p = build(body);
            if (p == null || quantifier == null) {
                return null;
            }
            if (!requiresEvent(p)) {
                problems.error(q.atom(), "a quantified group must bind at least one event in each repetition (Flink fails"
                        + " on a group that can match no event): make one of its steps required");
                return null;
            }
            return new Group(p, quantifier);
        }
        PatternNode.StepRef ref = (PatternNode.StepRef) q.atom();
        return quantifier == null ? null : step(ref.name(), quantifier);
    }

    private Quantifier quantifier(PatternNode.Quantified q, boolean group) {
        PatternNode.Quantifier written = q.quantifier();
        String what = group ? "a group" : "step '" + ((PatternNode.StepRef) q.atom()).name().value() + "'";
        if (q.optional() && (written == null || written.form() != PatternNode.Quantifier.Form.EXACTLY
                && written.form() != PatternNode.Quantifier.Form.RANGE || written.min() == 0)) {
            problems.error(q, "'optional' follows {n}, {n,} or {n,m} (none, or n or more) with n of at least 1: for"
                    + " none or one event write ?, for none or more *");
            return null;
        }
        if (written == null || written.max() == 1) {
            if (q.inner() != null) {
                problems.error(q, "'" + (q.inner() == PatternNode.InnerContiguity.CONSECUTIVE ? "consecutive" : "any")
                        + "' sets the contiguity between the events of a loop, but " + what
                        + " does not repeat: add a quantifier such as + or {3}");
                return null;
            }
        }
        int min = written.min();
        int max = written.max();
        if (max == 0) {
            problems.error(written, "a quantifier " + text(written) + " matches nothing: remove the step, or use ? to make it optional");
            return null;
        }
        if (max < min) {
            problems.error(written, "in " + text(written) + " the upper bound is less than the lower bound");
            return null;
        }
        boolean optional = min == 0 || q.optional();
        boolean greedy = written.form() != PatternNode.Quantifier.Form.EXACTLY && !written.reluctant();
        if (group && greedy) {
            problems.error(written, "a quantified group is reluctant (as in Flink): write '" + text(written) + "?' to say so");
            return null;
        }
        Contiguity inner = q.inner() == null ? Contiguity.RELAXED
                : q.inner() == PatternNode.InnerContiguity.CONSECUTIVE ? Contiguity.STRICT : Contiguity.NON_DETERMINISTIC;
        return new Quantifier(Math.max(1, min), max, optional, greedy, inner);
    }

    static String text(PatternNode.Quantifier q) {
        String base = switch (q.form()) {
            case PLUS -> "+";
            case STAR -> "*";
            case QUESTION -> "?";
            case EXACTLY -> "{" + q.min() + "}";
            case RANGE -> "{" + q.min() + "," + (q.max() == PatternNode.Quantifier.UNBOUNDED ? "" : q.max()) + "}";
        };
        return base + (q.reluctant() ? "?" : "");
    }

    private Step step(Identifier name, Quantifier quantifier) {
        Condition condition = conditions.getOrDefault(name.value(), Condition.always());
        Condition until = quantifier.isLooping() ? untils.get(name.value()) : null;
        return new Step(name.value(), condition, quantifier, until);
    }

    /** Reports an optional first part of a group or alternative; returns whether there is none. */
    private boolean checkHead(PatternNode body, String what) {
        PatternNode head = body instanceof PatternNode.Sequence s ? s.first() : body;
        if (isOptional(head)) {
            problems.error(head, "the first part of " + what + " cannot be optional (as in Flink): move the optional "
                    + "part out, or make it required");
            return false;
        }
        return true;
    }

    private static boolean isOptional(PatternNode node) {
        return node instanceof PatternNode.Quantified q && (q.optional() || q.quantifier() != null && q.quantifier().min() == 0);
    }

    /** Whether every match of {@code p} binds at least one event. */
    static boolean requiresEvent(Pattern p) {
        return switch (p) {
            case Step s -> !s.quantifier().optional();
            case Group g -> !g.quantifier().optional() && requiresEvent(g.body());
            case Alternation a -> a.alternatives().stream().allMatch(Patterns::requiresEvent);
            case Sequence s -> s.parts().stream().anyMatch(part -> !part.connector().isNegation() && requiresEvent(part.pattern()));
        };
    }

    // ------------------------------------------------------------------ for warnings

    /** The first unbounded loop written in the pattern ({@code b+} gives "b"), or null. */
    static String unboundedLoop(PatternNode node) {
        return switch (node) {
            case PatternNode.Quantified q when q.quantifier() != null && q.quantifier().max() == PatternNode.Quantifier.UNBOUNDED ->
                    q.atom() instanceof PatternNode.StepRef s ? s.name().value() : "(...)" + text(q.quantifier());
            case PatternNode.Quantified q -> unboundedLoop(q.atom());
            case PatternNode.Group g -> unboundedLoop(g.body());
            case PatternNode.Alternation a -> a.alternatives().stream().map(Patterns::unboundedLoop)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            case PatternNode.Sequence s -> {
                String first = unboundedLoop(s.first());
                yield first != null ? first : s.rest().stream().map(l -> unboundedLoop(l.element()))
                        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            }
            default -> null;
        };
    }

    /** The first {@code ->>} link, or null. */
    static PatternNode.Link firstAnyLink(PatternNode node) {
        return switch (node) {
            case PatternNode.Quantified q -> firstAnyLink(q.atom());
            case PatternNode.Group g -> firstAnyLink(g.body());
            case PatternNode.Alternation a -> a.alternatives().stream().map(Patterns::firstAnyLink)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            case PatternNode.Sequence s -> {
                PatternNode.Link found = firstAnyLink(s.first());
                for (PatternNode.Link l : s.rest()) {
                    if (found != null) {
                        break;
                    }
                    found = l.kind() == PatternNode.LinkKind.ANY ? l : firstAnyLink(l.element());
                }
                yield found;
            }
            default -> null;
        };
    }
}
