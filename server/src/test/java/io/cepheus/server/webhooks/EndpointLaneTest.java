package io.cepheus.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An endpoint's lane: its concurrency limit, its circuit breaker and Retry-After pauses. */
class EndpointLaneTest {

    static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    static Delivery d(int n) {
        return Delivery.pending("msg_" + n, "e", "a" + n, "r", Delivery.FIRED, 0, T, "w", "{}", null);
    }

    @Test
    void atMostTheLimitIsInFlightAndTheRestWaitInOrder() {
        EndpointLane lane = new EndpointLane(2, Duration.ofSeconds(30));

        assertThat(lane.offer(d(1), T)).isInstanceOf(EndpointLane.Decision.Start.class);
        assertThat(lane.offer(d(2), T)).isInstanceOf(EndpointLane.Decision.Start.class);
        assertThat(lane.offer(d(3), T)).isInstanceOf(EndpointLane.Decision.Queued.class);
        assertThat(lane.offer(d(4), T)).isInstanceOf(EndpointLane.Decision.Queued.class);

        assertThat(lane.done(EndpointLane.Result.SUCCESS, T, null).start()).containsExactly(d(3));
        assertThat(lane.done(EndpointLane.Result.SUCCESS, T, null).start()).containsExactly(d(4));
        assertThat(lane.done(EndpointLane.Result.SUCCESS, T, null).start()).isEmpty();
    }

    @Test
    void fiveFailuresInARowOpenTheBreakerThenOneTrialClosesIt() {
        EndpointLane lane = new EndpointLane(1, Duration.ofSeconds(30));
        for (int i = 0; i <= 4; i++) {
            lane.offer(d(i), T); // d0 starts, d1..d4 wait
        }
        for (int i = 1; i <= 4; i++) {
            assertThat(lane.done(EndpointLane.Result.FAILURE, T, null).start()).containsExactly(d(i));
        }
        lane.offer(d(9), T);

        EndpointLane.Next opened = lane.done(EndpointLane.Result.FAILURE, T, null);

        assertThat(lane.tripped()).isTrue();
        assertThat(opened.deferred()).as("the waiting ones are put back").hasSize(1);
        assertThat(opened.later()).isEqualTo(T.plusSeconds(30));
        assertThat(lane.offer(d(11), T.plusSeconds(29))).isEqualTo(new EndpointLane.Decision.Later(T.plusSeconds(30)));
        Instant after = T.plusSeconds(30);
        assertThat(lane.offer(d(12), after)).as("half-open: one trial").isInstanceOf(EndpointLane.Decision.Start.class);
        assertThat(lane.offer(d(13), after)).isInstanceOf(EndpointLane.Decision.Queued.class);
        assertThat(lane.done(EndpointLane.Result.SUCCESS, after, null).start()).containsExactly(d(13));
        assertThat(lane.tripped()).isFalse();
    }

    @Test
    void retryAfterPausesTheLaneWithoutCountingAFailure() {
        EndpointLane lane = new EndpointLane(1, Duration.ofSeconds(30));
        lane.offer(d(1), T);
        lane.offer(d(2), T);

        EndpointLane.Next next = lane.done(EndpointLane.Result.NEUTRAL, T, Duration.ofSeconds(7));

        assertThat(next.deferred()).isEqualTo(List.of(d(2)));
        assertThat(next.later()).isEqualTo(T.plusSeconds(7));
        assertThat(lane.tripped()).isFalse();
        assertThat(lane.offer(d(3), T.plusSeconds(7))).isInstanceOf(EndpointLane.Decision.Start.class);
    }
}
