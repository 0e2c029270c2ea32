package io.cepheus.server.http;

import io.cepheus.server.api.ApiException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in request bodies: a whole number and a unit, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}. */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {}

    /** @throws ApiException (invalid) naming {@code field} if {@code text} is not a duration */
    static Duration parse(String field, String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw ApiException.invalid(field + " '" + text + "' is not a whole number with ms, s, m, h or d, e.g. 2h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
