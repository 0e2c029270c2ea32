package io.cepheus.server.backtest;

/**
 * Where an event came from: its input file and 1-based line. Rendered as the bare line number when
 * a run has one input, else as {@code name:line}.
 *
 * @param input the input's display name
 * @param line 1-based line number
 */
public record EventRef(String input, long line) {

    /** The rendering used in alerts and messages. */
    public String render(boolean severalInputs) {
        return severalInputs ? input + ":" + line : Long.toString(line);
    }

    /** The rendering used in messages about a line: {@code line 5}, or {@code name:5} with several inputs. */
    public String where(boolean severalInputs) {
        return severalInputs ? render(true) : "line " + line;
    }
}
