package io.cepheus.dsl;

import io.cepheus.dsl.grammar.CepheusLexer;
import io.cepheus.dsl.grammar.CepheusParser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns ANTLR's syntax errors into positioned messages in the style {@code mismatched input 'x'.
 * Expecting: ...}, with special messages for the usual slips (a bad character, an unterminated
 * string, {@code 5min}, {@code =} for {@code ==}). Keeps at most one error per line, so that one
 * mistake does not bury the next.
 */
final class SyntaxErrorListener extends BaseErrorListener {

    private static final int MAX_ERRORS = 25;

    /** Tokens that can start an expression; a set containing them all is shown as {@code <expression>}. */
    private static final int[] EXPRESSION_START = {
        CepheusLexer.NULL, CepheusLexer.TRUE, CepheusLexer.FALSE, CepheusLexer.INTEGER, CepheusLexer.DECIMAL_NUMBER,
        CepheusLexer.DOUBLE_NUMBER, CepheusLexer.DURATION, CepheusLexer.STRING, CepheusLexer.IDENTIFIER, CepheusLexer.LPAREN
    };

    private final Problems problems;
    private final int lineOffset;
    private final int columnOffset;
    private final Set<Integer> linesWithErrors = new LinkedHashSet<>();
    private int count;

    /**
     * @param lineOffset added to ANTLR's lines (for text embedded in a string)
     * @param columnOffset added to columns on the first line
     */
    SyntaxErrorListener(Problems problems, int lineOffset, int columnOffset) {
        this.problems = problems;
        this.lineOffset = lineOffset;
        this.columnOffset = columnOffset;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
            String msg, RecognitionException e) {
        if (count >= MAX_ERRORS || !linesWithErrors.add(line)) {
            return;
        }
        count++;
        int column = charPositionInLine + 1 + (line == 1 ? columnOffset : 0);
        int length = 1;
        String message;
        if (offendingSymbol instanceof Token token && recognizer instanceof Parser parser) {
            length = token.getType() == Token.EOF ? 1 : token.getStopIndex() - token.getStartIndex() + 1;
            message = describe(parser, token, e);
        } else {
            message = msg;
        }
        problems.error(line + lineOffset, column, length, message);
    }

    private static String describe(Parser parser, Token token, RecognitionException e) {
        String text = token.getText();
        switch (token.getType()) {
            case CepheusLexer.UNRECOGNIZED:
                return "unexpected character '" + text + "'";
            case CepheusLexer.UNTERMINATED_STRING:
                return "unterminated string: a string ends with the quote it started with, on the same line";
            case CepheusLexer.MALFORMED_NUMBER:
                return "malformed number or duration '" + text + "': durations are written like 500ms, 30s, 5m, 1h, 2d";
            case CepheusLexer.ASSIGN:
                return "unexpected '=': compare with '==', and name alert fields with ':'";
            case CepheusLexer.AMPERSANDS:
                return "unexpected '&&': write 'and'";
            case CepheusLexer.BARS:
                return "unexpected '||': write 'or'";
            case CepheusLexer.BANG:
                return "unexpected '!': write 'not', or '!=' for not equal";
            default:
                break;
        }
        IntervalSet expected = e != null && e.getExpectedTokens() != null ? e.getExpectedTokens() : parser.getExpectedTokens();
        String expecting = expected == null || expected.isNil() ? "" : ". Expecting: " + describe(expected, parser.getVocabulary());
        if (token.getType() == Token.EOF) {
            return "unexpected end of input" + expecting;
        }
        if (expected != null && expected.contains(CepheusLexer.IDENTIFIER) && Character.isLetter(text.charAt(0))
                && parser.getVocabulary().getLiteralName(token.getType()) != null && !startsClause(token.getType())) {
            return "'" + text + "' is a keyword and cannot be a name here: write `" + text + "` to use it as one";
        }
        return "mismatched input '" + text + "'" + expecting + misspelledKeyword(token, expected, parser.getVocabulary());
    }

    /** For a word where keywords were expected: the closest keyword, as a "did you mean". */
    private static String misspelledKeyword(Token token, IntervalSet expected, Vocabulary vocabulary) {
        if (token.getType() != CepheusLexer.IDENTIFIER || expected == null) {
            return "";
        }
        List<String> keywords = new ArrayList<>();
        for (int t : expected.toList()) {
            String literal = vocabulary.getLiteralName(t);
            if (literal != null && Character.isLetter(literal.charAt(1))) {
                keywords.add(literal.substring(1, literal.length() - 1));
            }
        }
        return Suggestions.didYouMean(token.getText(), keywords);
    }

    /** Keywords that start a declaration or a clause: after a missing name, the author probably moved on. */
    private static boolean startsClause(int type) {
        return switch (type) {
            case CepheusLexer.RULE, CepheusLexer.STREAM, CepheusLexer.AFTER, CepheusLexer.ALERT, CepheusLexer.FROM,
                    CepheusLexer.PARTITION, CepheusLexer.PATTERN, CepheusLexer.WHERE, CepheusLexer.WITHIN,
                    CepheusLexer.SUPPRESS, CepheusLexer.NOTIFY, CepheusLexer.SEVERITY, CepheusLexer.TAGS, CepheusLexer.TITLE,
                    CepheusLexer.DESCRIPTION, CepheusLexer.OWNER -> true;
            default -> false;
        };
    }

    private static String describe(IntervalSet expected, Vocabulary vocabulary) {
        boolean expression = true;
        for (int t : EXPRESSION_START) {
            expression &= expected.contains(t);
        }
        boolean identifier = expected.contains(CepheusLexer.IDENTIFIER);
        List<String> names = new ArrayList<>();
        if (expression) {
            names.add("<expression>");
        } else if (identifier) {
            names.add("<identifier>");
        }
        for (int t : expected.toList()) {
            if (expression && isExpressionStart(t)) {
                continue;
            }
            if ((expression || identifier) && (isKeywordIdentifier(t) || t == CepheusLexer.QUOTED_IDENTIFIER)) {
                continue;
            }
            if (t == CepheusLexer.IDENTIFIER) {
                continue;
            }
            names.add(name(t, vocabulary));
        }
        return String.join(", ", names);
    }

    private static boolean isExpressionStart(int type) {
        for (int t : EXPRESSION_START) {
            if (t == type) {
                return true;
            }
        }
        return type == CepheusLexer.NOT || type == CepheusLexer.MINUS;
    }

    /** Keywords that the grammar also accepts as identifiers (the {@code nonReserved} rule). */
    static boolean isKeywordIdentifier(int type) {
        return switch (type) {
            case CepheusLexer.TOPIC, CepheusLexer.TIME, CepheusLexer.FORMAT, CepheusLexer.LATENESS, CepheusLexer.KEY,
                    CepheusLexer.ID, CepheusLexer.IDLE, CepheusLexer.TIMEOUT, CepheusLexer.FIELDS, CepheusLexer.TITLE,
                    CepheusLexer.DESCRIPTION, CepheusLexer.SEVERITY, CepheusLexer.TAGS, CepheusLexer.OWNER,
                    CepheusLexer.SUMMARY, CepheusLexer.NOTIFY, CepheusLexer.NEXT, CepheusLexer.PAST, CepheusLexer.LAST,
                    CepheusLexer.FIRST, CepheusLexer.EVENT, CepheusLexer.FAIL, CepheusLexer.TO, CepheusLexer.NO,
                    CepheusLexer.PER, CepheusLexer.FILTER, CepheusLexer.AGGREGATE, CepheusLexer.WHEN, CepheusLexer.OVER,
                    CepheusLexer.EVERY, CepheusLexer.SESSION, CepheusLexer.GAP, CepheusLexer.OPTIONAL -> true;
            default -> false;
        };
    }

    private static String name(int type, Vocabulary vocabulary) {
        return switch (type) {
            case Token.EOF -> "<end of input>";
            case CepheusLexer.STRING -> "<string>";
            case CepheusLexer.INTEGER -> "<integer>";
            case CepheusLexer.DURATION -> "<duration>";
            case CepheusLexer.DECIMAL_NUMBER -> "<decimal>";
            case CepheusLexer.DOUBLE_NUMBER -> "<double>";
            case CepheusLexer.IDENTIFIER, CepheusLexer.QUOTED_IDENTIFIER -> "<identifier>";
            default -> {
                String literal = vocabulary.getLiteralName(type);
                yield literal != null ? literal : vocabulary.getSymbolicName(type);
            }
        };
    }
}
