package io.cepheus.core;

import io.cepheus.core.window.Baseline;
import java.util.List;

/**
 * The baselines of one key: per baseline a ring of time buckets, each with count, sum, min and max
 * of the values that fell in it. Adding is O(1) (plus clearing buckets the ring has passed);
 * reading combines the live buckets, O(buckets). Memory per key is bounded by the bucket counts.
 */
final class BaselineState {

    /** One baseline's ring. Bucket {@code i} holds the bucket starting at {@code starts[i]} (or nothing). */
    static final class Ring {
        final long[] starts;
        final long[] counts;
        final Object[] sums;
        final Object[] mins;
        final Object[] maxs;

        Ring(int buckets) {
            starts = new long[buckets];
            java.util.Arrays.fill(starts, Long.MIN_VALUE);
            counts = new long[buckets];
            sums = new Object[buckets];
            mins = new Object[buckets];
            maxs = new Object[buckets];
        }
    }

    final Ring[] rings;

    BaselineState(List<Baseline> baselines) {
        rings = new Ring[baselines.size()];
        for (int i = 0; i < rings.length; i++) {
            rings[i] = new Ring(baselines.get(i).buckets());
        }
    }

    void add(List<Baseline> baselines, Event event) {
        for (int b = 0; b < rings.length; b++) {
            Baseline baseline = baselines.get(b);
            Object v = baseline.value() == null ? Boolean.TRUE : baseline.value().apply(event);
            if (v == null) {
                continue;
            }
            long width = baseline.bucketMillis();
            long start = Math.floorDiv(event.timestamp(), width) * width;
            Ring ring = rings[b];
            int i = (int) Math.floorMod(Math.floorDiv(event.timestamp(), width), (long) ring.starts.length);
            if (ring.starts[i] != start) {
                ring.starts[i] = start;
                ring.counts[i] = 0;
                ring.sums[i] = null;
                ring.mins[i] = null;
                ring.maxs[i] = null;
            }
            ring.counts[i]++;
            if (!(v instanceof Boolean)) {
                ring.sums[i] = ring.sums[i] == null ? Numbers.normalize(v) : Numbers.plus(ring.sums[i], v);
                ring.mins[i] = ring.mins[i] == null || Numbers.compare(v, ring.mins[i]) < 0 ? v : ring.mins[i];
                ring.maxs[i] = ring.maxs[i] == null || Numbers.compare(v, ring.maxs[i]) > 0 ? v : ring.maxs[i];
            }
        }
    }

    /** The value of baseline {@code slot} at time {@code t}: the buckets overlapping {@code (t - window, t]}. */
    Object value(List<Baseline> baselines, int slot, long t) {
        Baseline baseline = baselines.get(slot);
        Ring ring = rings[slot];
        long width = baseline.bucketMillis();
        long oldest = t - baseline.window().toMillis();
        long count = 0;
        Object sum = null;
        Object min = null;
        Object max = null;
        for (int i = 0; i < ring.starts.length; i++) {
            long start = ring.starts[i];
            if (start == Long.MIN_VALUE || start + width <= oldest || start > t) {
                continue;
            }
            count += ring.counts[i];
            if (ring.sums[i] != null) {
                sum = sum == null ? ring.sums[i] : Numbers.plus(sum, ring.sums[i]);
                min = min == null || Numbers.compare(ring.mins[i], min) < 0 ? ring.mins[i] : min;
                max = max == null || Numbers.compare(ring.maxs[i], max) > 0 ? ring.maxs[i] : max;
            }
        }
        return switch (baseline.kind()) {
            case COUNT -> count;
            case SUM -> sum;
            case MIN -> min;
            case MAX -> max;
            case AVG -> sum == null ? null : sum instanceof java.math.BigDecimal d
                    ? d.divide(java.math.BigDecimal.valueOf(count), java.math.MathContext.DECIMAL64)
                    : ((Number) sum).doubleValue() / count;
            default -> throw new IllegalStateException("unsupported baseline kind " + baseline.kind());
        };
    }
}
