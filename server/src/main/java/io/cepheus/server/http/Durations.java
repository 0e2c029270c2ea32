package io.cepheus.server.http;

import io.cepheus.server.api.ApiException;
import io.cepheus.server.config.DurationText;
import java.time.Duration;

/** Durations in request bodies: a whole number (at most 9 digits) and a unit, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}. */
final class Durations {

    private Durations() {}

    /** @throws ApiException (invalid) naming {@code field} if {@code text} is not a duration */
    static Duration parse(String field, String text) {
        return (text.matches("\\d{1,9}[a-z]{1,2}") ? DurationText.parse(text) : java.util.Optional.<Duration>empty())
                .orElseThrow(() -> ApiException.invalid(field + " '" + text
                        + "' is not a whole number with ms, s, m, h or d, e.g. 2h"));
    }
}
