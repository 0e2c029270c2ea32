package io.cepheus.dsl;

import io.cepheus.dsl.tree.Identifier;
import io.cepheus.dsl.tree.RuleClause;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rule chaining ({@code from alerts(rule)}): the order in which rules compile — a rule after the
 * rule whose alerts it reads, so that the alert fields' types are known — and cycles, which are
 * errors. Rules outside chains keep their source order. A depth-first walk: O(rules).
 */
final class Chains {

    private Chains() {}

    /** The rules in compile order; the members of a cycle are reported and left out. */
    static List<RuleCompiler.RuleEntry> order(List<RuleCompiler.RuleEntry> entries, Problems problems) {
        Map<String, RuleCompiler.RuleEntry> byName = new HashMap<>();
        for (RuleCompiler.RuleEntry e : entries) {
            byName.putIfAbsent(e.decl().name().value(), e);
        }
        List<RuleCompiler.RuleEntry> out = new ArrayList<>();
        Set<RuleCompiler.RuleEntry> done = new HashSet<>();
        Set<RuleCompiler.RuleEntry> cyclic = new HashSet<>();
        for (RuleCompiler.RuleEntry e : entries) {
            visit(e, byName, new ArrayList<>(), new ArrayList<>(), done, cyclic, out, problems);
        }
        return out;
    }

    /**
     * @param edges for each rule on {@code path}, the {@code alerts(rule)} through which the walk
     *     left it (the last one led to {@code e})
     */
    private static void visit(RuleCompiler.RuleEntry e, Map<String, RuleCompiler.RuleEntry> byName,
            List<RuleCompiler.RuleEntry> path, List<Identifier> edges, Set<RuleCompiler.RuleEntry> done,
            Set<RuleCompiler.RuleEntry> cyclic, List<RuleCompiler.RuleEntry> out, Problems problems) {
        if (done.contains(e) || cyclic.contains(e)) {
            return;
        }
        int at = path.indexOf(e);
        if (at >= 0) {
            List<RuleCompiler.RuleEntry> cycle = path.subList(at, path.size());
            List<Identifier> cycleEdges = edges.subList(at, edges.size());
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < cycle.size(); i++) {
                if (!text.isEmpty()) {
                    text.append(", ");
                }
                text.append(cycle.get(i).decl().name().value()).append(" reads alerts(").append(cycleEdges.get(i).value())
                        .append(')');
            }
            for (int i = 0; i < cycle.size(); i++) {
                if (cyclic.add(cycle.get(i))) {
                    problems.source(cycle.get(i).source());
                    problems.error(cycleEdges.get(i), "rules read each other's alerts in a cycle: " + text);
                }
            }
            return;
        }
        for (Identifier source : sources(e)) {
            RuleCompiler.RuleEntry upstream = byName.get(source.value());
            if (upstream != null && upstream != e) {
                path.add(e);
                edges.add(source);
                visit(upstream, byName, path, edges, done, cyclic, out, problems);
                path.remove(path.size() - 1);
                edges.remove(edges.size() - 1);
            }
        }
        if (!cyclic.contains(e)) {
            done.add(e);
            out.add(e);
        }
    }

    /** The rules named in {@code alerts(rule)} of the rule's {@code from}, in order. */
    static List<Identifier> sources(RuleCompiler.RuleEntry e) {
        for (RuleClause c : e.decl().clauses()) {
            if (c instanceof RuleClause.From f) {
                return f.sources().stream().map(RuleClause.StreamRef::alertsOf).filter(java.util.Objects::nonNull).toList();
            }
        }
        return List.of();
    }
}
