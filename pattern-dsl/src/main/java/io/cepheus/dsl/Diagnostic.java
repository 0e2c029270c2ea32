package io.cepheus.dsl;

import java.util.Objects;

/**
 * An error or warning about a rule file, at a position.
 *
 * <p>{@link #toString()} gives the one-line form {@code line L:C: message} (warnings: {@code line
 * L:C: warning: message}); {@link #render(String)} adds the source line and a caret.
 *
 * @param severity error or warning
 * @param source the name of the source (a file name), not part of {@link #toString()}
 * @param line 1-based line
 * @param column 1-based column
 * @param length how many characters the caret underlines (at least 1)
 * @param message what is wrong, and what was expected
 */
public record Diagnostic(Severity severity, String source, int line, int column, int length, String message) {

    /** How bad a diagnostic is: errors stop compilation, warnings do not. */
    public enum Severity { ERROR, WARNING }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based, were " + line + ":" + column);
        }
        length = Math.max(1, length);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * The diagnostic with the offending source line and a caret under the position, e.g.
     *
     * <pre>
     * rules.cep:3:17: error: unknown field 'amout' in stream payments; did you mean 'amount'?
     *     probe: amout &lt; 2
     *            ^^^^^
     * </pre>
     *
     * @param text the source text the diagnostic is about
     */
    public String render(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        StringBuilder out = new StringBuilder()
                .append(source).append(':').append(line).append(':').append(column).append(": ")
                .append(severity == Severity.ERROR ? "error: " : "warning: ").append(message);
        if (line <= lines.length) {
            String sourceLine = lines[line - 1].replace('\t', ' ');
            int caretLength = Math.max(1, Math.min(length, sourceLine.length() - column + 1));
            out.append('\n').append("    ").append(sourceLine)
                    .append('\n').append("    ").append(" ".repeat(column - 1)).append("^".repeat(caretLength));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "line " + line + ":" + column + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
