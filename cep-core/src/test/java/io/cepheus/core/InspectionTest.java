package io.cepheus.core;

import static io.cepheus.core.Harness.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.pattern.Sequence;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Live partial matches can be inspected; watermarks from bounded disorder. */
class InspectionTest {

    @Test
    void partialMatchesOfAKeyShowWhatTheyWaitFor() {
        Rule rule = Rule.of("r", Sequence.begin(step("x", "a")).followedBy(step("y", "b")).followedBy(step("z", "c")).build())
                .within(Duration.ofSeconds(60));
        Harness h = Harness.of(rule);
        h.sendAt("k", 1_000, "a1", 0).sendAt("k", 2_000, "b1", 0).sendAt("other", 2_500, "a2", 0).watermark(3_000);
        var views = h.engine.partialMatches("k");
        assertThat(views).hasSize(1);
        PartialMatchView v = views.get(0);
        assertThat(v.rule()).isEqualTo(RuleId.of("r"));
        assertThat(v.waitingIn()).isEqualTo("z");
        assertThat(v.events().keySet()).containsExactlyInAnyOrder("x", "y");
        assertThat(v.startTimestamp()).isEqualTo(1_000);
        assertThat(v.deadline()).isEqualTo(61_000);
        assertThat(v.completed()).isFalse();
        assertThat(h.engine.partialMatches("nobody")).isEmpty();
        assertThat(h.engine.keysWithState()).isEqualTo(2);
    }

    @Test
    void boundedOutOfOrdernessWatermark() {
        BoundedOutOfOrderness w = new BoundedOutOfOrderness(Duration.ofSeconds(5));
        assertThat(w.currentWatermark()).isEqualTo(Long.MIN_VALUE);
        w.observe(10_000);
        w.observe(8_000);
        assertThat(w.currentWatermark()).isEqualTo(4_999);
        w.observe(12_000);
        assertThat(w.currentWatermark()).isEqualTo(6_999);
    }
}
