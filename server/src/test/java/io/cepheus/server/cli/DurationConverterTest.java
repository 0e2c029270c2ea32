package io.cepheus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DurationConverterTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            90d    | PT2160H
            12h    | PT12H
            30m    | PT30M
            10s    | PT10S
            250ms  | PT0.25S
            PT1H30M| PT1H30M
            P2D    | PT48H
            """)
    void readsTheRuleLanguagesFormAndIso8601(String text, String expected) {
        assertThat(new DurationConverter().convert(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5 minutes", "1w", "-1d", "d", ""})
    void rejectsAnythingElseSayingWhatItTakes(String text) {
        assertThatThrownBy(() -> new DurationConverter().convert(text))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessage("'" + text + "' is not a duration such as 90d, 12h, 30m, 10s, 250ms or PT12H");
    }
}
