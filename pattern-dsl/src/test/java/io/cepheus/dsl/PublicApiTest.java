package io.cepheus.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The facade stays small: everything else in io.cepheus.dsl is package-private. */
class PublicApiTest {

    private static final List<Class<?>> CLASSES = List.of(RuleLanguage.class, Source.class, ParseResult.class,
            Diagnostic.class, Diagnostic.Severity.class, RuleLanguageException.class, CompiledRules.class, CompiledRule.class,
            StreamLayout.class, StreamLayout.Field.class, FieldType.class, Alert.class, Suppression.class, AstBuilder.class,
            Parsing.class, SyntaxErrorListener.class, RuleCompiler.class, Patterns.class, ExpressionCompiler.class,
            Functions.class, Formatter.class, Scope.class, Problems.class, Eval.class, Type.class, Values.class,
            AlertContext.class, Suggestions.class);

    @Test
    void onlyTheFacadeTypesArePublic() {
        assertThat(CLASSES.stream().filter(c -> Modifier.isPublic(c.getModifiers())).map(Class::getSimpleName))
                .containsExactlyInAnyOrder("RuleLanguage", "Source", "ParseResult", "Diagnostic", "Severity",
                        "RuleLanguageException", "CompiledRules", "CompiledRule", "StreamLayout", "Field", "FieldType",
                        "Alert", "Suppression");
        assertThat(Arrays.stream(CompiledRule.class.getConstructors())).isEmpty();
        assertThat(Arrays.stream(CompiledRules.class.getConstructors())).isEmpty();
    }

    @Test
    void theTimeFieldIsReadAsItsFormatSays() {
        CompiledRules rules = RuleLanguage.compile(Source.of("t.cep", """
                stream secs { time t format "epoch_seconds" fields { t: timestamp } }
                stream iso { time t format "iso8601" fields { t: timestamp } }
                stream auto { time t fields { t: timestamp } }
                """));
        assertThat(rules.streams().get("secs").timestampOf("1714557600.5")).isEqualTo(1_714_557_600_500L);
        assertThat(rules.streams().get("iso").timestampOf("2024-05-01T10:00:00Z")).isEqualTo(1_714_557_600_000L);
        assertThat(rules.streams().get("auto").timestampOf(1_714_557_600_000L)).isEqualTo(1_714_557_600_000L);
        assertThat(rules.streams().get("auto").timestampOf("2024-05-01T10:00:00Z")).isEqualTo(1_714_557_600_000L);
        assertThat(rules.streams().get("secs").event(1, 0, "t", 10).get(0)).isEqualTo(10_000L);
        assertThatThrownBy(() -> rules.streams().get("iso").timestampOf("yesterday"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("time field t: cannot read yesterday as iso8601");
    }

    @Test
    void eventsAreBuiltWithTheFieldTypesOfTheLayout() {
        StreamLayout s = RuleLanguage.compile(Source.of("t.cep",
                "stream s { fields { n: long d: decimal x: double b: bool } }")).streams().get("s");
        assertThat(s.fields()).extracting(StreamLayout.Field::name).containsExactly("n", "d", "x", "b");
        var e = s.event(1, 0, "n", 3, "d", "1.50", "x", "2", "b", "true");
        assertThat(e.values()).containsExactly(3L, new java.math.BigDecimal("1.50"), 2.0, true);
        assertThatThrownBy(() -> s.event(1, 0, "nope", 1)).hasMessage("stream s has no field 'nope'");
        assertThatThrownBy(() -> s.event(1, 0, "n", "x")).hasMessage("field n: cannot read x as long");
    }
}
