package io.cepheus.server.runtime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeHorizonTest {

    static final long T = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();

    final TimeHorizon horizon = new TimeHorizon(Duration.ofDays(1));

    @Test
    void anEventUpToMaxAheadAfterTheNewestIsAccepted() {
        assertThatCode(() -> horizon.check(T + Duration.ofDays(1).toMillis(), T)).doesNotThrowAnyException();
        assertThatCode(() -> horizon.check(T - Duration.ofDays(400).toMillis(), T)).doesNotThrowAnyException();
    }

    @Test
    void anEventFurtherAheadIsRefused() {
        assertThatThrownBy(() -> horizon.check(T + Duration.ofDays(1).toMillis() + 1, T))
                .isInstanceOf(RejectedEventException.class)
                .hasMessage("its time 2026-03-02T10:00:00.001Z is more than 1d after the newest event time so far,"
                        + " 2026-03-01T10:00:00Z")
                .extracting(e -> ((RejectedEventException) e).reason()).isEqualTo(RejectReason.TOO_FAR_AHEAD);
        assertThatThrownBy(() -> horizon.check(TimeHorizon.MAX_TIME, T))
                .hasMessageStartingWith("its time 9999-12-31T23:59:59.999Z is more than 1d after");
    }

    @Test
    void theFirstEventDefinesTheNewestTime() {
        assertThatCode(() -> horizon.check(TimeHorizon.MAX_TIME, TimeHorizon.NONE)).doesNotThrowAnyException();
    }

    @Test
    void timesOutsideYears0000To9999AreOutOfRangeWhateverTheNewest() {
        assertThatThrownBy(() -> horizon.check(Long.MAX_VALUE, TimeHorizon.NONE))
                .hasMessage("its time 9223372036854775807 is not from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z")
                .extracting(e -> ((RejectedEventException) e).reason()).isEqualTo(RejectReason.TIME_OUT_OF_RANGE);
        assertThatThrownBy(() -> horizon.check(TimeHorizon.MIN_TIME - 1, T))
                .extracting(e -> ((RejectedEventException) e).reason()).isEqualTo(RejectReason.TIME_OUT_OF_RANGE);
    }

    @Test
    void aHugeMaxAheadIsCappedNotOverflowed() {
        TimeHorizon any = new TimeHorizon(Duration.ofSeconds(Long.MAX_VALUE));
        assertThatCode(() -> any.check(TimeHorizon.MAX_TIME, TimeHorizon.MIN_TIME)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new TimeHorizon(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAhead must be at least 1 ms, was PT0S");
    }
}
