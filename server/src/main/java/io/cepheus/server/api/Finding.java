package io.cepheus.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cepheus.dsl.Diagnostic;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A positioned problem of a request: a rule-language diagnostic (as {@code cepheus check} prints it)
 * or a syntax error of a JSON body. Lines and columns are 1-based; the end is exclusive.
 *
 * @param line where it starts
 * @param column where it starts
 * @param endLine where it ends
 * @param endColumn where it ends (the column after the last character)
 * @param severity {@code error} or {@code warning}
 * @param message what is wrong and what was expected
 * @param suggestion the likely intended word, when the message offers one ("did you mean ...?"); else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(int line, int column, int endLine, int endColumn, String severity, String message,
                      String suggestion) {

    private static final Pattern DID_YOU_MEAN = Pattern.compile("did you mean '([^']+)'\\?");

    /** A diagnostic of the rule language. */
    public static Finding of(Diagnostic d) {
        Matcher m = DID_YOU_MEAN.matcher(d.message());
        return new Finding(d.line(), d.column(), d.line(), d.column() + d.length(),
                d.severity().name().toLowerCase(Locale.ROOT), d.message(), m.find() ? m.group(1) : null);
    }

    /** An error at one character. */
    public static Finding error(int line, int column, String message) {
        return new Finding(line, column, line, column + 1, "error", message, null);
    }
}
