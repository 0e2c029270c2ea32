package io.cepheus.server.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertJsonTest {

    private static final ObjectMapper TREE_WRITER = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    @Test
    void aLineIsTheTreeWrittenOut() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("probes", 3L);
        fields.put("n", 7);
        fields.put("total", new BigDecimal("1E+3"));
        fields.put("ratio", 0.25);
        fields.put("nan", Double.NaN);
        fields.put("inf", Double.NEGATIVE_INFINITY);
        fields.put("ok", true);
        fields.put("none", null);
        fields.put("at", Instant.ofEpochMilli(1_772_359_200_123L));
        fields.put("took", Duration.ofMinutes(5));
        fields.put("text", "quote \" backslash \\ tab \t é \u0001");
        Map<String, List<EventRef>> steps = new LinkedHashMap<>();
        steps.put("probe", List.of(new EventRef("a.jsonl", 1), new EventRef("a.jsonl", 2)));
        steps.put("big", List.of(new EventRef("b.jsonl", 40)));
        Alert match = new Alert("r", 3, "c1", Alert.MATCH, 1_772_359_200_000L, 1_772_359_200_999L, 1_772_359_200_999L,
                1_772_359_200_999L, steps, "Card c1: \"3\" probes", fields, null, "Card \"testing\"", "high",
                List.of("fraud", "cards"), "00ff");
        Alert timeout = new Alert("r", 1, "k", Alert.TIMEOUT, 0, 1, 60_000, Alert.END_OF_INPUT, steps, null, Map.of(), null,
                null, null, List.of(), null);
        Alert aggregate = new Alert("agg", 2, "k", Alert.AGGREGATE, 0, 0, 600_000, 600_000, Map.of(), "s", fields,
                new Alert.Aggregate(0, 600_000, new EventRef("a.jsonl", 14), 5, fields), null, "low", List.of("x"), "01");

        for (Alert alert : List.of(match, timeout, aggregate)) {
            for (boolean several : new boolean[] {false, true}) {
                assertThat(AlertJson.line(alert, several))
                        .isEqualTo(TREE_WRITER.writeValueAsString(AlertJson.node(alert, several)));
            }
        }
    }

    @Test
    void timesAreInstantText() {
        for (long t : new long[] {0, 1, 999, 1_000, 1_772_359_200_123L, 1_772_359_200_120L, 1_772_359_200_100L,
                -1, -86_400_001L, 253_402_300_799_999L, 253_402_300_800_000L, -62_167_219_200_000L,
                -62_167_219_200_001L, Long.MAX_VALUE / 1000, Long.MIN_VALUE / 1000, 951_782_400_000L,
                4_107_542_400_000L}) {
            assertThat(AlertJson.time(t)).as("%d", t).isEqualTo(Instant.ofEpochMilli(t).toString());
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long t = random.nextLong(-70_000_000_000_000L, 260_000_000_000_000L);
            assertThat(AlertJson.time(t)).as("%d", t).isEqualTo(Instant.ofEpochMilli(t).toString());
        }
    }
}
