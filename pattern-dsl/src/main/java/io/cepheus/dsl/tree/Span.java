package io.cepheus.dsl.tree;

/**
 * Where a node is in its source text.
 *
 * @param line 1-based line of the first character
 * @param column 1-based column of the first character (a tab counts as one column)
 * @param start offset of the first character
 * @param end offset just past the last character; {@code end >= start}
 */
public record Span(int line, int column, int start, int end) {

    public Span {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based, were " + line + ":" + column);
        }
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad offsets " + start + ".." + end);
        }
    }

    /** From the start of this span to the end of {@code other}. */
    public Span to(Span other) {
        return new Span(line, column, start, Math.max(end, other.end));
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
