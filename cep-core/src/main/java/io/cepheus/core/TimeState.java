package io.cepheus.core;

import java.util.Arrays;
import java.util.List;

/**
 * An engine's clocks: one watermark per input stream (and whether that input is idle), the
 * engine's own watermark, processing time, and the counters that order events. Part of the
 * persisted state.
 *
 * <p>The engine's watermark is the least watermark of its inputs that are not idle (of all of them
 * when every one is idle), as Flink combines the watermarks of a multi-input operator; it never
 * moves back, so an input that wakes up behind it finds its older events late.
 */
final class TimeState {

    final List<String> inputs;
    final long[] inputWatermarks;
    final boolean[] idle;
    long watermark = Long.MIN_VALUE;
    long processingTime = Long.MIN_VALUE;
    /** Processing sequence of the last matched event. */
    long sequence;
    /** Arrival number of the next buffered event. */
    long arrivals;

    TimeState(List<String> inputs) {
        this.inputs = List.copyOf(inputs);
        this.inputWatermarks = new long[inputs.size()];
        this.idle = new boolean[inputs.size()];
        Arrays.fill(inputWatermarks, Long.MIN_VALUE);
    }

    /**
     * @throws IllegalArgumentException if the engine has no such input
     */
    int input(String name) {
        int i = inputs.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no input '" + name + "'; this engine's inputs are " + inputs);
        }
        return i;
    }

    /** The engine watermark the inputs allow now (possibly behind the current one). */
    long combined() {
        long least = Long.MAX_VALUE;
        boolean any = false;
        for (int i = 0; i < inputWatermarks.length; i++) {
            if (!idle[i]) {
                least = Math.min(least, inputWatermarks[i]);
                any = true;
            }
        }
        if (!any) {
            for (long w : inputWatermarks) {
                least = Math.min(least, w);
            }
        }
        return least;
    }
}
