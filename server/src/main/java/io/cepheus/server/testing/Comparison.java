package io.cepheus.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a test case's outcome with its expectation and describes every difference in a line a
 * rule author can act on. Order does not matter: an expected alert is paired with the first
 * produced alert that has every member it states (numbers compare by value, so {@code 512.5}
 * equals {@code 512.50}). An expected alert with no such partner is shown next to the produced
 * alert of the same rule, key, kind and steps, member by member, when there is one; otherwise it is
 * missing. Produced alerts left over are unexpected. Late and rejected events are compared the same
 * way.
 */
final class Comparison {

    private static final List<String> IDENTITY = List.of("rule", "key", "kind", "steps");

    private Comparison() {}

    /** @return the differences; empty when the outcome meets the expectation */
    static List<String> differences(Expected expected, Outcome outcome, String expectedName) {
        List<String> out = new ArrayList<>(expected.problems());
        alerts(expected.alerts(), new ArrayList<>(outcome.alerts()), expectedName, out);
        late(expected.late(), new ArrayList<>(outcome.late()), expectedName, out);
        rejected(expected.rejected(), new ArrayList<>(outcome.rejected()), expectedName, out);
        return out;
    }

    private static void alerts(List<Expected.Entry> expected, List<ObjectNode> actual, String file, List<String> out) {
        List<Expected.Entry> unpaired = new ArrayList<>();
        for (Expected.Entry e : expected) {
            ObjectNode partner = null;
            for (ObjectNode a : actual) {
                if (satisfies(e.json(), a, e.json().properties().stream().map(Map.Entry::getKey).toList())) {
                    partner = a;
                    break;
                }
            }
            if (partner == null) {
                unpaired.add(e);
            } else {
                actual.remove(partner);
            }
        }
        for (Expected.Entry e : unpaired) {
            List<String> identity = IDENTITY.stream().filter(m -> e.json().has(m)).toList();
            ObjectNode near = null;
            for (ObjectNode a : actual) {
                if (satisfies(e.json(), a, identity)) {
                    near = a;
                    break;
                }
            }
            if (near == null) {
                out.add(file + ":" + e.line() + ": missing alert " + e.json());
            } else {
                actual.remove(near);
                out.add(file + ":" + e.line() + ": alert " + describe(e.json()) + " differs:");
                List<String> diffs = new ArrayList<>();
                for (Map.Entry<String, JsonNode> m : e.json().properties()) {
                    diff(m.getKey(), m.getValue(), near.get(m.getKey()), diffs);
                }
                diffs.forEach(d -> out.add("    " + d));
            }
        }
        for (ObjectNode a : actual) {
            out.add("unexpected alert " + a);
        }
    }

    private static void late(List<Expected.Entry> expected, List<String> actual, String file, List<String> out) {
        for (Expected.Entry e : expected) {
            if (!actual.remove(e.ref())) {
                out.add(file + ":" + e.line() + ": missing late event " + e.ref() + " (it was not reported late)");
            }
        }
        for (String a : actual) {
            out.add("unexpected late event " + a);
        }
    }

    private static void rejected(List<Expected.Entry> expected, List<Outcome.Rejected> actual, String file,
            List<String> out) {
        for (Expected.Entry e : expected) {
            Outcome.Rejected match = null;
            for (Outcome.Rejected a : actual) {
                if (a.ref().equals(e.ref())) {
                    match = a;
                    break;
                }
            }
            if (match == null) {
                out.add(file + ":" + e.line() + ": missing rejected line " + e.ref() + " (it was accepted)");
                continue;
            }
            actual.remove(match);
            JsonNode reason = e.json().get("reason");
            if (reason != null && !reason.asText().equals(match.reason())) {
                out.add(file + ":" + e.line() + ": line " + e.ref() + " was rejected for another reason: expected \""
                        + reason.asText() + "\", got \"" + match.reason() + "\"");
            }
        }
        for (Outcome.Rejected a : actual) {
            out.add("unexpected rejected line " + a.ref() + ": " + a.reason());
        }
    }

    private static String describe(ObjectNode alert) {
        StringBuilder s = new StringBuilder();
        s.append(alert.path("rule").asText()).append(" key=").append(alert.path("key").asText())
                .append(' ').append(alert.path("kind").asText());
        if (alert.has("steps")) {
            s.append(" steps=").append(alert.get("steps"));
        }
        return s.toString();
    }

    private static boolean satisfies(ObjectNode expected, ObjectNode actual, List<String> members) {
        for (String m : members) {
            if (!equal(expected.get(m), actual.get(m))) {
                return false;
            }
        }
        return true;
    }

    /** JSON equality where numbers compare by value. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> m : a.properties()) {
                if (!equal(m.getValue(), b.get(m.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static void diff(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (equal(expected, actual)) {
            return;
        }
        if (expected != null && actual != null && expected.isObject() && actual.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            for (String n : names) {
                diff(path + "." + n, expected.get(n), actual.get(n), out);
            }
            return;
        }
        out.add(path + ": expected " + (expected == null ? "nothing" : expected.toString())
                + ", got " + (actual == null ? "nothing" : actual.toString()));
    }
}
