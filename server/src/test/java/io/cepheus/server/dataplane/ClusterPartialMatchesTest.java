package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading another node's partial matches from its {@code /metrics}, and a node that does not answer. */
class ClusterPartialMatchesTest {

    @Test
    void theGaugesSamplesArePerRuleAndNothingElseIsRead() {
        String metrics = """
                # HELP cepheus_partial_matches Partial matches held by this node, by rule (as of the last punctuation)
                # TYPE cepheus_partial_matches gauge
                cepheus_partial_matches{rule="card_testing"} 12.0
                cepheus_partial_matches{rule="card_testing~shadow"} 3.0
                cepheus_partial_matches{rule="odd\\"name"} 1.0E3
                cepheus_partial_matches_dropped_total{rule="card_testing"} 7.0
                cepheus_alerts_total{rule="card_testing"} 4.0
                """;

        assertThat(ClusterPartialMatches.parse(metrics)).isEqualTo(Map.of("card_testing", 12L,
                "card_testing~shadow", 3L, "odd\"name", 1000L));
        assertThat(ClusterPartialMatches.parse("")).isEmpty();
    }

    @Test
    void aNodeThatDoesNotAnswerIsLeftOutAndNamed() {
        ClusterPartialMatches cluster = new ClusterPartialMatches(() -> Map.of("r", 2L),
                () -> List.of(new PartialMatchQuery.Owner("127.0.0.1", 1)));

        ClusterPartialMatches.Counts counts = cluster.count();

        assertThat(counts.byRule()).isEqualTo(Map.of("r", 2L));
        assertThat(counts.nodes()).isEqualTo(1);
        assertThat(counts.unanswered()).containsExactly("127.0.0.1:1");
    }
}
