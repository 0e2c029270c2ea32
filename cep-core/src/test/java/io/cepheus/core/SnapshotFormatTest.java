package io.cepheus.core;

import static io.cepheus.core.Harness.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cepheus.core.pattern.Sequence;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The snapshot format: what is kept, and how bad input is refused. */
class SnapshotFormatTest {

    private static Rule rule(String id) {
        return Rule.of(id, Sequence.begin(step("a")).followedBy(step("b")).build()).within(Duration.ofSeconds(10));
    }

    private static byte[] snapshotWithState() {
        Harness h = Harness.of(rule("r"));
        h.sendAt("k", 1_000, "a1", 0).watermark(1_500).sendAt("k", 2_000, "c1", 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.engine.snapshot(out);
        return out.toByteArray();
    }

    @Test
    void restoresWatermarkBufferedEventsPartialMatchesAndTimers() {
        Harness restored = Harness.of(rule("r"));
        restored.engine.restore(new ByteArrayInputStream(snapshotWithState()));
        assertThat(restored.engine.currentWatermark()).isEqualTo(1_500);
        assertThat(restored.engine.bufferedEvents()).isEqualTo(1);
        assertThat(restored.engine.partialMatches("k")).hasSize(1);
        restored.sendAt("k", 3_000, "b1", 0).end();
        assertThat(restored.matchStrings()).containsExactly("a1 b1");
    }

    @Test
    void stateOfARuleNoLongerLoadedIsDroppedAndCounted() {
        Harness other = Harness.of(rule("other"));
        other.engine.restore(new ByteArrayInputStream(snapshotWithState()));
        assertThat(other.engine.partialMatches("k")).isEmpty();
        assertThat(other.engine.metrics().statesDiscardedOnRestore()).isEqualTo(1);
    }

    @Test
    void refusesWhatIsNotASnapshot() {
        Harness h = Harness.of(rule("r"));
        assertThatThrownBy(() -> h.engine.restore(new ByteArrayInputStream("hello, world".getBytes())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("not a Cepheus snapshot (magic 68656c6c)");
    }

    @Test
    void refusesAnotherFormatVersion() {
        byte[] bytes = snapshotWithState();
        ByteBuffer.wrap(bytes).putInt(4, 99);
        Harness h = Harness.of(rule("r"));
        assertThatThrownBy(() -> h.engine.restore(new ByteArrayInputStream(bytes)))
                .hasMessage("snapshot format version 99 is not supported (this build reads 2)");
    }

    @Test
    void refusesATruncatedSnapshot() {
        byte[] bytes = snapshotWithState();
        Harness h = Harness.of(rule("r"));
        assertThatThrownBy(() -> h.engine.restore(new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length - 3))))
                .hasMessage("truncated snapshot");
    }

    @Test
    void refusesASnapshotOfAnotherTimeMode() {
        Harness h = Harness.of(CepEngine.builder().timeMode(TimeMode.PROCESSING_TIME).rule(rule("r")));
        assertThatThrownBy(() -> h.engine.restore(new ByteArrayInputStream(snapshotWithState())))
                .hasMessage("the snapshot was taken in EVENT_TIME, this engine runs in PROCESSING_TIME");
    }
}
