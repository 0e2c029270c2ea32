package io.cepheus.server.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/**
 * Reads a duration option as the rule language writes durations ({@code 90d}, {@code 12h},
 * {@code 30m}, {@code 10s}, {@code 250ms}) or in ISO-8601 ({@code PT12H}). Stateless.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {


    @Override
    public Duration convert(String value) {
        java.util.Optional<Duration> shortForm = io.cepheus.server.config.DurationText.parse(value.trim());
        if (shortForm.isPresent()) {
            return shortForm.get();
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a duration such as 90d, 12h, 30m, 10s, 250ms or PT12H");
        }
    }
}
