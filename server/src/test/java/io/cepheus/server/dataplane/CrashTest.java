package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exactly once across {@code kill -9}: a {@code serve} process killed at random moments under
 * continuous input and restarted over its data directory leaves on the alerts topic, read committed,
 * exactly the alerts {@code backtest} gives for the same events — same ids, none lost, none twice.
 * The broker runs in the test's JVM, so it outlives the kills. More kills: {@link CrashRun}.
 */
class CrashTest extends WithCluster {

    @Test
    void killedFiveTimesUnderInputTheServerGivesExactlyBacktestsAlerts() {
        CrashScenario scenario = new CrashScenario(3_000, 5, 14, 50, Map.of());

        CrashScenario.Result result = scenario.run(cluster, dir.resolve("crash"), "crash");

        assertThat(result.killedAt()).as("mid-stream: input offsets at the kills").hasSize(5)
                .allSatisfy(offset -> assertThat(offset).isLessThan(3_000));
        assertThat(result.deadLetters()).isZero();
        assertThat(result.expected()).hasSizeGreaterThan(100);
        assertThat(result.actual()).isEqualTo(result.expected());
    }
}
