package io.cepheus.core.window;

/** The values of a rule's measures over one window, as a {@code when} condition sees them. */
public interface AggregateValues {

    /** The value of measure number {@code index} (in the rule's order). */
    Object get(int index);

    /** The value of the measure named {@code name}. @throws IllegalArgumentException if there is none */
    Object get(String name);

    /** Inclusive start of the window, epoch milliseconds. */
    long windowStart();

    /** Exclusive end of the window, epoch milliseconds. */
    long windowEnd();

    /**
     * The engine's baseline number {@code slot} for this key, as of the evaluation (the triggering
     * event for sliding windows, excluding it; the window's end for the others).
     */
    Object baseline(int slot);
}
