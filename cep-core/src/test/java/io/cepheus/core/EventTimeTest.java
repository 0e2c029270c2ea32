package io.cepheus.core;

import static io.cepheus.core.Harness.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cepheus.core.pattern.Sequence;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Buffering until the watermark, late events, processing time. */
class EventTimeTest {

    private static Rule aThenB() {
        return Rule.of("r", Sequence.begin(step("a")).followedBy(step("b")).build());
    }

    @Test
    void outOfOrderEventsAreSortedBeforeTheWatermarkReleasesThem() {
        Harness h = Harness.of(aThenB());
        h.sendAt("k", 2_000, "b1", 0).sendAt("k", 1_000, "a1", 0);
        assertThat(h.engine.bufferedEvents()).isEqualTo(2);
        h.watermark(1_999);
        assertThat(h.matches).isEmpty();
        assertThat(h.engine.bufferedEvents()).isEqualTo(1);
        h.watermark(2_000);
        assertThat(h.matchStrings()).containsExactly("a1 b1");
    }

    @Test
    void eventsAtOrBeforeTheWatermarkAreReportedLateAndNotMatched() {
        Harness h = Harness.of(aThenB());
        h.sendAt("k", 1_000, "a1", 0).watermark(5_000).sendAt("k", 5_000, "b1", 0).sendAt("k", 4_000, "b2", 0).end();
        assertThat(h.matches).isEmpty();
        assertThat(h.late).extracting(e -> e.get(Harness.NAME)).containsExactly("b1", "b2");
        assertThat(h.engine.metrics().lateEvents()).isEqualTo(2);
        assertThat(h.engine.metrics().eventsReceived()).isEqualTo(3);
        assertThat(h.engine.metrics().eventsProcessed()).isEqualTo(1);
    }

    @Test
    void eventsWithEqualTimestampsKeepTheirArrivalOrder() {
        Harness h = Harness.of(Rule.of("r", Sequence.begin(step("a")).next(step("b")).build()));
        h.sendAt("k", 1_000, "a1", 0).sendAt("k", 1_000, "b1", 0).sendAt("k", 1_000, "b2", 0).end();
        assertThat(h.matchStrings()).containsExactly("a1 b1");
    }

    @Test
    void theLargestWatermarkDrainsEverythingAndKeepsOrder() {
        Harness h = Harness.of(aThenB());
        h.sendAt("k", 3_000, "b1", 0).sendAt("k", 1_000, "a1", 0).sendAt("k", 2_000, "b2", 0).sendAt("k", 2_000, "a2", 0);
        h.engine.advanceWatermark(Long.MAX_VALUE);
        assertThat(h.engine.bufferedEvents()).isZero();
        assertThat(h.matchStrings()).containsExactly("a1 b2", "a2 b1");
    }

    @Test
    void aWatermarkThatDoesNotAdvanceIsIgnored() {
        Harness h = Harness.of(aThenB());
        h.watermark(5_000).watermark(3_000);
        assertThat(h.engine.currentWatermark()).isEqualTo(5_000);
    }

    @Test
    void processingTimeStampsEventsWithTheInjectedClockAndClosesWindowsAsItAdvances() {
        Harness h = Harness.of(CepEngine.builder().timeMode(TimeMode.PROCESSING_TIME)
                .rule(aThenB().within(Duration.ofSeconds(10)).reportingTimeouts()));
        h.engine.advanceProcessingTime(100_000);
        h.sendAt("k", 1, "a1", 0);   // the event's own timestamp is ignored
        h.engine.advanceProcessingTime(105_000);
        h.sendAt("k", 2, "b1", 0);
        h.sendAt("k", 3, "a2", 0);
        assertThat(h.matchStrings()).containsExactly("a1 b1");
        assertThat(h.matches.get(0).lastTimestamp()).isEqualTo(105_000);
        h.engine.advanceProcessingTime(114_999);
        assertThat(h.matches).hasSize(1);
        h.engine.advanceProcessingTime(115_000);
        assertThat(h.matchStrings()).containsExactly("a1 b1", "timeout(a2)");
    }

    @Test
    void processingTimeNeedsAClockReadingFirst() {
        Harness h = Harness.of(CepEngine.builder().timeMode(TimeMode.PROCESSING_TIME).rule(aThenB()));
        assertThatThrownBy(() -> h.sendAt("k", 1, "a1", 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("processing time is not set: call advanceProcessingTime first");
    }

    @Test
    void watermarksAreRejectedInProcessingTime() {
        Harness h = Harness.of(CepEngine.builder().timeMode(TimeMode.PROCESSING_TIME).rule(aThenB()));
        assertThatThrownBy(() -> h.engine.advanceWatermark(1))
                .hasMessage("advanceWatermark needs event time; this engine runs in PROCESSING_TIME");
    }
}
