package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The count-min sketch behind the per-key counts: exact for a few keys, never below the truth, and
 * within its bound ({@code ε·N} for all but a {@code δ} share of keys) under many; and the per-key
 * counts of late and dead-lettered records it makes.
 */
class CountMinSketchTest {

    @Test
    void aFewKeysAreCountedExactlyAndAKeyNeverAddedIsZero() {
        CountMinSketch sketch = new CountMinSketch(KeyCounts.WIDTH, KeyCounts.DEPTH);
        long added = 0;
        for (int i = 0; i < 100; i++) {
            for (int n = 0; n <= i % 7; n++) {
                sketch.add("card-" + i);
                added++;
            }
        }
        for (int i = 0; i < 100; i++) {
            assertThat(sketch.estimate("card-" + i)).as("card-" + i).isEqualTo(i % 7 + 1);
        }
        assertThat(sketch.estimate("never")).isZero();
        assertThat(sketch.total()).isEqualTo(added);
    }

    @Test
    void underManyKeysNoEstimateIsLowAndAllButAFewAreWithinTheBound() {
        int keys = 50_000;
        long[] truth = new long[keys];
        CountMinSketch sketch = new CountMinSketch(KeyCounts.WIDTH, KeyCounts.DEPTH);
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 200_000; i++) {
            int k = (int) Math.min(keys - 1, Math.abs(random.nextGaussian()) * keys / 3); // skewed: a few hot keys
            truth[k]++;
            sketch.add("k" + k);
        }
        double bound = Math.E / KeyCounts.WIDTH * sketch.total();
        int over = 0;
        for (int k = 0; k < keys; k++) {
            long estimate = sketch.estimate("k" + k);
            assertThat(estimate).as("k" + k).isGreaterThanOrEqualTo(truth[k]);
            if (estimate - truth[k] > bound) {
                over++;
            }
        }
        assertThat((double) over / keys).as("share of keys beyond ε·N (δ = e^-4 = 1.8 %)").isLessThan(Math.exp(-4));
    }

    @Test
    void keyCountsSeparateStreamsAndCountLateOnesAsBoth() {
        KeyCounts counts = new KeyCounts();
        counts.deadLettered("payments", List.of("c1"), true);
        counts.deadLettered("payments", List.of("c1", "m7"), false);
        counts.lateInEngine("payments", "c1");
        counts.deadLettered("logins", List.of("c1"), false);

        assertThat(counts.of("payments", "c1")).isEqualTo(new KeyCounts.Counts(2, 2));
        assertThat(counts.of("payments", "m7")).isEqualTo(new KeyCounts.Counts(0, 1));
        assertThat(counts.of("logins", "c1")).isEqualTo(new KeyCounts.Counts(0, 1));
        assertThat(counts.of("payments", "c2")).isEqualTo(KeyCounts.Counts.NONE);
        assertThat(counts.of("unknown", "c1")).isEqualTo(KeyCounts.Counts.NONE);
    }
}
