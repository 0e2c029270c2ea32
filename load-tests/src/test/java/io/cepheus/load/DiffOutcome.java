package io.cepheus.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one engine made of a case, in a form both engines can be compared in: whether the pattern was
 * accepted, and per key the matches and absences in emission order, the timed-out partial matches
 * (as a sorted multiset: Flink reports the timeouts of one time advance in its queue order) and
 * whether a runtime error stopped the run. A binding is written {@code {s1:[6,7],s3:[10]}} with the
 * events' lines, steps in pattern order.
 */
final class DiffOutcome {
    final String rejection;
    final Map<String, List<String>> results = new TreeMap<>();
    final Map<String, List<String>> timeouts = new TreeMap<>();
    String error;
    /** The engine gave up on the case (Cepheus's cap on partial matches was reached): not compared. */
    boolean capped;

    private DiffOutcome(String rejection) {
        this.rejection = rejection;
    }

    static DiffOutcome accepted() {
        return new DiffOutcome(null);
    }

    static DiffOutcome rejected(String message) {
        return new DiffOutcome(message == null ? "rejected" : message);
    }

    boolean isAccepted() {
        return rejection == null;
    }

    void result(String key, String binding) {
        if (error == null) {
            results.computeIfAbsent(key, k -> new ArrayList<>()).add(binding);
        }
    }

    void timeout(String key, String binding, long time) {
        if (error == null) {
            timeouts.computeIfAbsent(key, k -> new ArrayList<>()).add(binding + "@" + time);
        }
    }

    void error(String message) {
        if (error == null) {
            error = message;
        }
    }

    /** Whether this and {@code other} agree. */
    boolean agrees(DiffOutcome other) {
        if (isAccepted() != other.isAccepted()) {
            return false;
        }
        if (!isAccepted()) {
            return true;
        }
        if (error != null && other.error != null) {
            // Flink's run fails on the event (and loses what that event completed); Cepheus reports the
            // error and goes on: they agree if one's results up to the error are a prefix of the other's
            return prefixes(results, other.results) || prefixes(other.results, results);
        }
        return results.equals(other.results) && sorted(timeouts).equals(sorted(other.timeouts))
                && (error == null) == (other.error == null);
    }

    private static boolean prefixes(Map<String, List<String>> shorter, Map<String, List<String>> longer) {
        for (Map.Entry<String, List<String>> e : shorter.entrySet()) {
            List<String> l = longer.getOrDefault(e.getKey(), List.of());
            if (l.size() < e.getValue().size() || !l.subList(0, e.getValue().size()).equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, List<String>> sorted(Map<String, List<String>> map) {
        Map<String, List<String>> copy = new TreeMap<>();
        map.forEach((k, v) -> {
            List<String> list = new ArrayList<>(v);
            list.sort(null);
            copy.put(k, list);
        });
        return copy;
    }

    @Override
    public String toString() {
        if (!isAccepted()) {
            return "rejected: " + rejection;
        }
        StringBuilder b = new StringBuilder();
        results.forEach((k, v) -> b.append("  ").append(k).append(" matches ").append(v).append('\n'));
        sorted(timeouts).forEach((k, v) -> b.append("  ").append(k).append(" timeouts ").append(v).append('\n'));
        if (error != null) {
            b.append("  error: ").append(error).append('\n');
        }
        return b.isEmpty() ? "  nothing\n" : b.toString();
    }
}
