package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DropWarningsTest {

    @Test
    void aRuleLogsItsFirstDropAtOnceThenAtMostOncePerIntervalWithTheCountSince() {
        List<String> lines = new ArrayList<>();
        DropWarnings warnings = new DropWarnings(60_000, lines::add);

        warnings.dropped("r", "k1", 3, 1_000);
        warnings.dropped("r", "k2", 2, 30_000);
        warnings.dropped("other", "k9", 1, 30_000);
        warnings.dropped("r", "k3", 1, 59_999);
        warnings.dropped("r", "k4", 4, 61_000);
        warnings.dropped("r", "k5", 1, 62_000);

        assertThat(lines).containsExactly(
                "rule r: 3 partial matches dropped at a cap (last for key k1; see max.partial.matches,"
                        + " max.partial.matches.per.rule)",
                "rule other: 1 partial match dropped at a cap (last for key k9; see max.partial.matches,"
                        + " max.partial.matches.per.rule)",
                "rule r: 7 partial matches dropped at a cap in the last 60 s (last for key k4; see max.partial.matches,"
                        + " max.partial.matches.per.rule)");
    }
}
