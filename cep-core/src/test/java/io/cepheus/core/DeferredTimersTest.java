package io.cepheus.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Deferred timers come back per key in the order they were deferred, and the rest, merged with the
 * timer queue, in the order the queue alone would have released them had they been registered in it — with few timers (a scanned
 * list) and with many (indexed by key).
 */
class DeferredTimersTest {

    @Test
    void fewAndManyTimersComeBackAsTheQueueWouldReleaseThem() {
        for (int count : new int[] {3, 16, 17, 2_000}) {
            Random random = new Random(count);
            DeferredTimers deferred = new DeferredTimers();
            TimerQueue reference = new TimerQueue();
            List<TimerQueue.Timer> added = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                TimerQueue.Timer t = new TimerQueue.Timer(random.nextInt(100), "k" + random.nextInt(10), random.nextInt(3));
                deferred.add(t);
                added.add(t);
            }
            List<TimerQueue.Timer> ofK3 = added.stream().filter(t -> t.key().equals("k3")).toList();
            assertThat(deferred.take("k3")).as("%d timers", count).isEqualTo(ofK3);
            assertThat(deferred.take("k3")).isEmpty();
            added.removeAll(ofK3);

            // merged with a queue holding timers of its own, as CepEngine.fireTimers does
            TimerQueue queue = new TimerQueue();
            for (int i = 0; i < count; i++) {
                TimerQueue.Timer t = new TimerQueue.Timer(random.nextInt(100), "k" + random.nextInt(10), random.nextInt(3));
                queue.register(t.deadline(), t.key(), t.slot());
                reference.register(t.deadline(), t.key(), t.slot());
            }
            added.forEach(t -> reference.register(t.deadline(), t.key(), t.slot()));
            List<TimerQueue.Timer> merged = new ArrayList<>();
            TimerQueue.Timer t;
            while ((t = deferred.pollMerged(queue, Long.MAX_VALUE)) != null) {
                merged.add(t);
            }
            List<TimerQueue.Timer> expected = new ArrayList<>();
            while ((t = reference.pollDue(Long.MAX_VALUE)) != null) {
                expected.add(t);
            }
            assertThat(merged).as("%d timers", count).isEqualTo(expected);
            assertThat(deferred.isEmpty()).isTrue();
            assertThat(deferred.take("k1")).isEmpty();
        }
    }

    @Test
    void isEmptyOnceEveryTimerIsTakenByItsKey() {
        for (int count : new int[] {1, 40}) {
            DeferredTimers deferred = new DeferredTimers();
            for (int i = 0; i < count; i++) {
                deferred.add(new TimerQueue.Timer(i, "k" + (i % 2), 0));
            }
            assertThat(deferred.take("k0")).hasSize((count + 1) / 2);
            assertThat(deferred.isEmpty()).isEqualTo(count == 1);
            deferred.take("k1");
            assertThat(deferred.isEmpty()).isTrue();
            deferred.add(new TimerQueue.Timer(7, "k2", 1));
            assertThat(deferred.take("k2")).containsExactly(new TimerQueue.Timer(7, "k2", 1));
            assertThat(deferred.isEmpty()).isTrue();
        }
    }
}
