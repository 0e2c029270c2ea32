package io.cepheus.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.server.config.WebhookSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The documented schedule with jitter, Retry-After honoured, and the end. */
class RetryPolicyTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void theDefaultScheduleIsElevenAttemptsOverAboutADay() {
        RetryPolicy p = new RetryPolicy(WebhookSettings.DEFAULT_SCHEDULE);

        assertThat(p.attempts()).isEqualTo(11);
        assertThat(p.window()).isEqualTo(Duration.ofSeconds(5 + 30 + 120 + 600 + 1800 + 3600 + 7200 + 14400 + 28800 + 28800));
        assertThat(p.window().toHours()).isEqualTo(23);
    }

    @Test
    void eachRetryComesAfterItsPauseWithinTwentyPercentThenNone() {
        RetryPolicy p = new RetryPolicy(List.of(Duration.ofSeconds(5), Duration.ofMinutes(2)));

        for (int i = 0; i < 200; i++) {
            assertThat(p.next(1, NOW, Optional.empty())).hasValueSatisfying(t ->
                    assertThat(Duration.between(NOW, t)).isBetween(Duration.ofMillis(4_000), Duration.ofMillis(6_000)));
            assertThat(p.next(2, NOW, Optional.empty())).hasValueSatisfying(t ->
                    assertThat(Duration.between(NOW, t)).isBetween(Duration.ofSeconds(96), Duration.ofSeconds(144)));
        }
        assertThat(p.next(3, NOW, Optional.empty())).isEmpty();
    }

    @Test
    void retryAfterIsHonouredButNotBeyondTheSchedule() {
        RetryPolicy p = new RetryPolicy(List.of(Duration.ofMillis(10), Duration.ofSeconds(10)));

        assertThat(p.next(1, NOW, Optional.of(Duration.ofSeconds(3)))).hasValue(NOW.plusSeconds(3));
        assertThat(p.next(1, NOW, Optional.of(Duration.ofDays(3)))).hasValue(NOW.plusMillis(10_010));
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertThat(RetryPolicy.retryAfter("120", NOW)).hasValue(Duration.ofSeconds(120));
        assertThat(RetryPolicy.retryAfter("Sun, 01 Mar 2026 10:01:30 GMT", NOW)).hasValue(Duration.ofSeconds(90));
        assertThat(RetryPolicy.retryAfter("Sun, 01 Mar 2026 09:00:00 GMT", NOW)).hasValue(Duration.ZERO);
        assertThat(RetryPolicy.retryAfter("soon", NOW)).isEmpty();
        assertThat(RetryPolicy.retryAfter(null, NOW)).isEmpty();
    }
}
