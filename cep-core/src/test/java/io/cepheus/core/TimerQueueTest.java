package io.cepheus.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The timer heap releases timers in (deadline, key, slot) order, only once due. */
class TimerQueueTest {

    @Test
    void releasesInDeadlineKeySlotOrderOnlyWhenDue() {
        Random random = new Random(11);
        TimerQueue queue = new TimerQueue();
        List<TimerQueue.Timer> expected = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            TimerQueue.Timer t = new TimerQueue.Timer(random.nextInt(500), "k" + random.nextInt(50), random.nextInt(3));
            expected.add(t);
            queue.register(t.deadline(), t.key(), t.slot());
        }
        expected.sort(Comparator.comparingLong(TimerQueue.Timer::deadline).thenComparing(TimerQueue.Timer::key)
                .thenComparingInt(TimerQueue.Timer::slot));
        assertThat(queue.pollDue(-1)).isNull();
        List<TimerQueue.Timer> released = new ArrayList<>();
        for (long time = 0; time < 500; time += 7) {
            TimerQueue.Timer t;
            while ((t = queue.pollDue(time)) != null) {
                assertThat(t.deadline()).isLessThanOrEqualTo(time);
                released.add(t);
            }
        }
        TimerQueue.Timer t;
        while ((t = queue.pollDue(Long.MAX_VALUE)) != null) {
            released.add(t);
        }
        assertThat(released).isEqualTo(expected);
        assertThat(queue.size()).isZero();
    }
}
