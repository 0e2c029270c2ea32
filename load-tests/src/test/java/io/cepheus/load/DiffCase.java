package io.cepheus.load;

import io.cepheus.core.pattern.Connector;
import io.cepheus.core.pattern.Contiguity;
import io.cepheus.core.pattern.Quantifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One case of the differential test: a pattern over the core model, its window and skip strategy,
 * and a keyed stream in arrival order. Printed in the rule language's notation, so that a difference
 * can be read and turned into a regression test.
 */
record DiffCase(List<Part> parts, Skip skip, String skipStep, boolean failOnMiss, long within,
                boolean timeouts, long lateness, List<Ev> events) {

    DiffCase {
        parts = List.copyOf(parts);
        events = List.copyOf(events);
    }

    enum Skip { NO_SKIP, SKIP_TO_NEXT, SKIP_PAST_LAST_EVENT, SKIP_TO_FIRST, SKIP_TO_LAST }

    /**
     * A part of a sequence (or of a group body): how it joins the part before, what it is, and its own
     * window from the previous event in ms (Flink's {@code PREVIOUS_AND_CURRENT}; 0 for none).
     */
    record Part(Connector connector, Elem elem, long within) {
        Part(Connector connector, Elem elem) {
            this(connector, elem, 0);
        }
    }

    sealed interface Elem permits StepElem, GroupElem {
        Quantifier quantifier();
    }

    /** A step; {@code until} may be null. */
    record StepElem(String name, DiffExpr condition, Quantifier quantifier, DiffExpr until) implements Elem {}

    record GroupElem(List<Part> body, Quantifier quantifier) implements Elem {
        GroupElem {
            body = List.copyOf(body);
        }
    }

    /** An event: line (its id), key, type, value and timestamp. */
    record Ev(long line, String key, String type, long v, long ts) {
        @Override
        public String toString() {
            return line + ":" + (key.equals("k") ? "" : key + "/") + type + v + "@" + ts;
        }
    }

    DiffCase withEvents(List<Ev> list) {
        return new DiffCase(parts, skip, skipStep, failOnMiss, within, timeouts, lateness, list);
    }

    DiffCase withParts(List<Part> list) {
        return new DiffCase(list, skip, skipStep, failOnMiss, within, timeouts, lateness, events);
    }

    /** Every step, in pattern order (negated ones included). */
    List<StepElem> steps() {
        List<StepElem> steps = new ArrayList<>();
        collectSteps(parts, steps);
        return steps;
    }

    private static void collectSteps(List<Part> parts, List<StepElem> into) {
        for (Part p : parts) {
            switch (p.elem()) {
                case StepElem s -> into.add(s);
                case GroupElem g -> collectSteps(g.body(), into);
            }
        }
    }

    boolean anyStep(Predicate<StepElem> test) {
        return steps().stream().anyMatch(test);
    }

    // ------------------------------------------------------------------ printing

    String patternText() {
        return sequence(parts);
    }

    private static String sequence(List<Part> parts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            if (i > 0) {
                b.append(switch (p.connector()) {
                    case NEXT, NOT_NEXT -> " ";
                    case FOLLOWED_BY, NOT_FOLLOWED_BY -> " -> ";
                    case FOLLOWED_BY_ANY -> " ->> ";
                });
            }
            b.append(p.within() > 0 ? "within " + p.within() + "ms " : "").append(p.connector().isNegation() ? "not " : "");
            b.append(switch (p.elem()) {
                case StepElem s -> s.name() + quantifier(s.quantifier());
                case GroupElem g -> "(" + sequence(g.body()) + ")" + quantifier(g.quantifier());
            });
        }
        return b.toString();
    }

    static String quantifier(Quantifier q) {
        String count;
        if (q.min() == 1 && q.max() == 1) {
            count = q.optional() ? "?" : "";
        } else if (q.max() == Quantifier.UNBOUNDED) {
            count = q.min() == 1 ? (q.optional() ? "*" : "+") : "{" + q.min() + ",}" + (q.optional() ? "(optional)" : "");
        } else if (q.min() == q.max()) {
            count = "{" + q.min() + "}" + (q.optional() ? "(optional)" : "");
        } else {
            count = "{" + q.min() + "," + q.max() + "}" + (q.optional() ? "(optional)" : "");
        }
        boolean quantified = !count.isEmpty();
        String greed = quantified && !q.greedy() && !(q.min() == q.max() && !q.optional()) ? "?" : "";
        if (!quantified && q.greedy()) {
            greed = "(greedy)";
        }
        String inner = q.max() > 1 ? switch (q.inner()) {
            case STRICT -> " consecutive";
            case NON_DETERMINISTIC -> " any";
            case RELAXED -> "";
        } : q.inner() == Contiguity.RELAXED ? "" : " inner " + q.inner();
        return count + greed + inner;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("pattern ").append(patternText()).append('\n');
        for (StepElem s : steps()) {
            b.append("  ").append(s.name()).append(": ").append(s.condition());
            if (s.until() != null) {
                b.append(" until ").append(s.until());
            }
            b.append('\n');
        }
        if (within > 0) {
            b.append("within ").append(within).append(" ms").append(timeouts ? ", timeouts reported" : "").append('\n');        } else if (timeouts) {
            b.append("timeouts reported\n");
        }
        b.append("after match ").append(switch (skip) {
            case NO_SKIP -> "no skip";
            case SKIP_TO_NEXT -> "skip to next";
            case SKIP_PAST_LAST_EVENT -> "skip past last event";
            case SKIP_TO_FIRST -> "skip to first " + skipStep + (failOnMiss ? " or fail" : "");
            case SKIP_TO_LAST -> "skip to last " + skipStep + (failOnMiss ? " or fail" : "");
        }).append('\n');
        if (lateness > 0) {
            b.append("lateness ").append(lateness).append(" ms\n");
        }
        b.append("events (arrival order) ");
        for (Ev e : events) {
            b.append(e).append(' ');
        }
        return b.toString().trim();
    }
}
