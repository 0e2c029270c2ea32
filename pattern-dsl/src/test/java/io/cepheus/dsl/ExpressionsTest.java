package io.cepheus.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.CepEngine;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The expression language as a table: conditions (does a one-step rule match one event?) and
 * values (what does an alert field compute?), with SQL NULL semantics. The event has
 * {@code s = "Card-42"}, {@code n = 7}, {@code d = 2.50}, {@code x = 1.5}, {@code b = true},
 * {@code t = 2024-05-01T10:00:00Z}, {@code dur = 90s}, and {@code z} (every type) null.
 */
class ExpressionsTest {

    private static final String STREAM = """
            stream e {
              fields {
                s: string
                n: long
                d: decimal
                x: double
                b: bool
                t: timestamp
                dur: duration
                z: long
                zs: string
                zb: bool
              }
            }
            """;

    private static Event event(StreamLayout layout) {
        return layout.event(1, 1_000, "s", "Card-42", "n", 7, "d", "2.50", "x", 1.5, "b", true,
                "t", "2024-05-01T10:00:00Z", "dur", 90_000);
    }

    static Stream<Arguments> conditions() {
        return Stream.of(
                Arguments.of("n == 7", true), Arguments.of("n != 7", false), Arguments.of("n > 6 and n < 8", true),
                Arguments.of("d == 2.5", true), Arguments.of("d > 2", true), Arguments.of("d < x + 1.01", true),
                Arguments.of("n * 2 - 1 == 13", true), Arguments.of("n / 2 == 3", true), Arguments.of("n % 4 == 3", true),
                Arguments.of("-n < 0", true), Arguments.of("d * 2 == 5.00", true), Arguments.of("x / 0 is null", true),
                Arguments.of("n / 0 is null", true), Arguments.of("s == \"Card-42\"", true), Arguments.of("s < \"D\"", true),
                Arguments.of("s like 'Card-%'", true), Arguments.of("s like 'Card-_'", false), Arguments.of("s like 'card%'", false),
                Arguments.of("s not like '%x%'", true), Arguments.of("s matches \"[A-Z][a-z]+-\\\\d+\"", true),
                Arguments.of("s matches \"Card\"", false), Arguments.of("s not matches \"\\\\d+\"", true),
                Arguments.of("n in (1, 7, 9)", true), Arguments.of("n in (1, 2)", false), Arguments.of("n not in (1, 2)", true),
                Arguments.of("d in (2.5, 3)", true), Arguments.of("s in ('a', \"Card-42\")", true),
                Arguments.of("b", true), Arguments.of("not b", false), Arguments.of("b == true", true),
                Arguments.of("t > timestamp(\"2024-05-01T09:59:59Z\")", true),
                Arguments.of("t + 1h == timestamp(\"2024-05-01T11:00:00Z\")", true),
                Arguments.of("t - timestamp(\"2024-05-01T09:58:30Z\") == dur", true),
                Arguments.of("dur > 1m and dur < 1m31s", true), Arguments.of("dur * 2 == 3m", true), Arguments.of("dur / 3 == 30s", true),
                Arguments.of("hour_of_day(t) == 10 and day_of_week(t) == 3", true), Arguments.of("millis(dur) == 90000", true),
                Arguments.of("lower(s) == 'card-42' and upper(s) == 'CARD-42'", true), Arguments.of("length(s) == 7", true),
                Arguments.of("substr(s, 6) == '42' and substr(s, 1, 4) == 'Card'", true),
                Arguments.of("starts_with(s, 'Ca') and ends_with(s, '42') and contains(s, 'd-4')", true),
                Arguments.of("replace(s, '-', '') == 'Card42'", true), Arguments.of("trim('  a ') == 'a'", true),
                Arguments.of("concat(s, '/', n) == 'Card-42/7'", true), Arguments.of("abs(-n) == 7", true),
                Arguments.of("round(d) == 3 and floor(d) == 2 and ceil(d) == 3", true), Arguments.of("round(x) == 2.0", true),
                Arguments.of("round(2.345, 2) == 2.35", true), Arguments.of("sqrt(16) == 4", true),
                Arguments.of("least(n, 3, 9) == 3 and greatest(n, 3.5) == 7", true),
                Arguments.of("geo_distance_km(0, 0, 0, 1) > 111.1 and geo_distance_km(0, 0, 0, 1) < 111.3", true),
                // SQL NULL semantics: comparisons with null are unknown, unknown is not true
                Arguments.of("z > 1", false), Arguments.of("not (z > 1)", false), Arguments.of("z is null", true),
                Arguments.of("z is not null", false), Arguments.of("z > 1 or n == 7", true), Arguments.of("z > 1 and n == 7", false),
                Arguments.of("not (z > 1 and n == 8)", true), Arguments.of("z + 1 is null", true), Arguments.of("lower(zs) is null", true),
                Arguments.of("coalesce(z, 5) == 5", true), Arguments.of("coalesce(zs, s) == s", true),
                Arguments.of("n in (1, null)", false), Arguments.of("n not in (1, null)", false), Arguments.of("n in (7, null)", true),
                Arguments.of("zs like '%'", false), Arguments.of("zb or true", true), Arguments.of("not zb", false));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("conditions")
    void conditionHolds(String condition, boolean expected) {
        CompiledRules rules = RuleLanguage.compile(Source.of("t.cep", STREAM + "rule r { from e pattern a where a: " + condition + " }"));
        assertThat(run(rules)).as(condition).hasSize(expected ? 1 : 0);
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("n + 1", 8L), Arguments.of("n + d", new BigDecimal("9.50")), Arguments.of("n + x", 8.5),
                Arguments.of("d * x", 3.75), Arguments.of("d / 4", new BigDecimal("0.625")), Arguments.of("n / 2", 3L),
                Arguments.of("t - t", java.time.Duration.ZERO), Arguments.of("t + dur", java.time.Instant.ofEpochMilli(1_714_557_690_000L)),
                Arguments.of("dur * 2", java.time.Duration.ofMinutes(3)), Arguments.of("1h30m", java.time.Duration.ofMinutes(90)),
                Arguments.of("500ms + 1s", java.time.Duration.ofMillis(1_500)), Arguments.of("2.00", new BigDecimal("2.00")),
                Arguments.of("1e3", 1000.0), Arguments.of("s", "Card-42"), Arguments.of("z", null), Arguments.of("z * 2", null),
                Arguments.of("n > 1 and z > 1", null), Arguments.of("n > 10 and z > 1", false), Arguments.of("concat('a', zs)", null),
                Arguments.of("a.n", 7L), Arguments.of("first(a).s", "Card-42"), Arguments.of("coalesce(z, n, 3)", 7L),
                Arguments.of("least(d, 3)", new BigDecimal("2.50")), Arguments.of("abs(-d)", new BigDecimal("2.50")),
                Arguments.of("round(d, 1)", new BigDecimal("2.5")));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("values")
    void alertFieldValue(String expression, Object expected) {
        CompiledRules rules = RuleLanguage.compile(Source.of("t.cep", STREAM
                + "rule r { from e pattern a where a: true alert { v: " + expression + " summary \"${" + expression.replace('"', '\'')
                + "}\" } }"));
        List<Match> matches = run(rules);
        assertThat(matches).hasSize(1);
        Alert alert = rules.rule("r").render(matches.get(0));
        assertThat(alert.fields().get("v")).as(expression).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} renders as {1}")
    @MethodSource("summaries")
    void summaryRendering(String expression, String expected) {
        CompiledRules rules = RuleLanguage.compile(Source.of("t.cep", STREAM
                + "rule r { from e pattern a where a: true alert { summary \"<${" + expression + "}>\" } }"));
        assertThat(rules.rule("r").render(run(rules).get(0)).summary()).isEqualTo("<" + expected + ">");
    }

    static Stream<Arguments> summaries() {
        return Stream.of(Arguments.of("t", "2024-05-01T10:00:00Z"), Arguments.of("dur", "1m30s"), Arguments.of("d", "2.50"),
                Arguments.of("z", "null"), Arguments.of("b", "true"), Arguments.of("s", "Card-42"), Arguments.of("x", "1.5"),
                Arguments.of("'a{b}'", "a{b}"));
    }

    private static List<Match> run(CompiledRules rules) {
        List<Match> matches = new ArrayList<>();
        try (CepEngine engine = CepEngine.builder().rules(rules.engineRules()).output(matches::add).build()) {
            engine.process("k", event(rules.streams().get("e")));
            engine.advanceWatermark(Long.MAX_VALUE - 1);
        }
        return matches;
    }
}
