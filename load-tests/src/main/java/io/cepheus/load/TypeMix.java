package io.cepheus.load;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Event types and how often each occurs. Type names are interned constants, so every engine compares
 * them by identity first.
 *
 * @param names the type names, in index order
 * @param cumulative cumulative weights: type i is drawn when {@code r < cumulative[i]} for a uniform
 *     {@code r} in {@code [0, total)}
 */
public record TypeMix(List<String> names, int[] cumulative) implements java.io.Serializable {

    public TypeMix {
        names = List.copyOf(names);
        cumulative = cumulative.clone();
        if (names.isEmpty() || names.size() != cumulative.length) {
            throw new IllegalArgumentException("need one weight per type, got " + names.size() + " types and "
                    + cumulative.length + " weights");
        }
        names = names.stream().map(String::intern).toList();
    }

    /** Types A, B, C with the given percentages. */
    static TypeMix abc(int a, int b, int c) {
        return new TypeMix(List.of("A", "B", "C"), new int[] {a, a + b, a + b + c});
    }

    /** Types T0 .. T(n-1), equally likely. */
    static TypeMix uniform(int n) {
        String[] names = new String[n];
        int[] cumulative = new int[n];
        for (int i = 0; i < n; i++) {
            names[i] = typeName(i);
            cumulative[i] = i + 1;
        }
        return new TypeMix(Arrays.asList(names), cumulative);
    }

    /** The interned name of type Ti. */
    static String typeName(int i) {
        return ("T" + i).intern();
    }

    int total() {
        return cumulative[cumulative.length - 1];
    }

    /** The type index for a uniform draw {@code r} in {@code [0, total)}. */
    int pick(int r) {
        int i = Arrays.binarySearch(cumulative, r + 1);
        return i >= 0 ? i : -i - 1;
    }

    String name(int index) {
        return names.get(index);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypeMix t && t.names.equals(names) && Arrays.equals(t.cumulative, cumulative);
    }

    @Override
    public int hashCode() {
        return Objects.hash(names, Arrays.hashCode(cumulative));
    }

    @Override
    public String toString() {
        return "TypeMix" + names + Arrays.toString(cumulative);
    }
}
