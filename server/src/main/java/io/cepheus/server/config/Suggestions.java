package io.cepheus.server.config;

import java.util.Collection;
import java.util.Comparator;

/** "Did you mean ...?" for a misspelt option: the closest known name within a few edits. */
final class Suggestions {

    private static final int MAX_EDITS = 3;

    private Suggestions() {}

    /** {@code " (did you mean X?)"}, or a pointer to the list of options when nothing is close. */
    static String hint(String unknown, Collection<String> known) {
        return known.stream()
                .filter(k -> distance(unknown, k) <= MAX_EDITS)
                .min(Comparator.comparingInt(k -> distance(unknown, k)))
                .map(k -> " (did you mean " + k + "?)")
                .orElse(" (cepheus serve --help lists the options)");
    }

    /** Levenshtein distance, O(|a|·|b|): names are short. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
