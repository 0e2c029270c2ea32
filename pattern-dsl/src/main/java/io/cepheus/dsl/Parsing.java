package io.cepheus.dsl;

import io.cepheus.dsl.grammar.CepheusLexer;
import io.cepheus.dsl.grammar.CepheusParser;
import io.cepheus.dsl.tree.Expression;
import io.cepheus.dsl.tree.SourceFile;
import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Runs the ANTLR lexer and parser. Two-stage, as usual for ANTLR: the fast SLL mode first, and
 * only if it fails the full LL mode with error recovery, which reports every syntax error it can
 * find.
 */
final class Parsing {

    /** Deeper nesting of parentheses and braces is rejected before parsing (the parser recurses). */
    static final int MAX_NESTING = 64;

    private static final int COMMENT_CHANNEL = 2;

    private Parsing() {}

    /** The file's tree, or null if it has syntax errors (then reported to {@code problems}). */
    static SourceFile parseFile(String text, Problems problems) {
        int errorsBefore = problems.size();
        CommonTokenStream tokens = tokens(text, problems);
        if (tokens == null) {
            return null;
        }
        CepheusParser parser = new CepheusParser(tokens);
        CepheusParser.FileContext tree = run(parser, tokens, new SyntaxErrorListener(problems, 0, 0), CepheusParser::file);
        if (problems.size() > errorsBefore) {
            return null;
        }
        List<Token> all = tokens.getTokens();
        List<Token> comments = new java.util.ArrayList<>();
        java.util.Set<Integer> trailing = new java.util.HashSet<>();
        int lastCodeLine = 0;
        for (Token t : all) {
            if (t.getChannel() == COMMENT_CHANNEL) {
                comments.add(t);
                if (t.getLine() == lastCodeLine) {
                    trailing.add(t.getTokenIndex());
                }
            } else if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                lastCodeLine = t.getLine();
            }
        }
        return new AstBuilder(problems, 0, 0, 0).file(tree, comments, trailing);
    }

    /**
     * Parses the text of a template interpolation. {@code lineOffset}, {@code columnOffset} and
     * {@code charOffset} place it in the file. Returns null after reporting errors.
     */
    static Expression parseEmbeddedExpression(String text, Problems problems, int lineOffset, int columnOffset,
            int charOffset) {
        int errorsBefore = problems.size();
        if (text.isBlank()) {
            problems.error(lineOffset + 1, columnOffset + 1, 1, "empty '${}' in template: expected an expression");
            return null;
        }
        CommonTokenStream tokens = tokens(text, problems);
        if (tokens == null) {
            return null;
        }
        CepheusParser parser = new CepheusParser(tokens);
        SyntaxErrorListener listener = new SyntaxErrorListener(problems, lineOffset, columnOffset);
        CepheusParser.StandaloneExpressionContext tree = run(parser, tokens, listener, CepheusParser::standaloneExpression);
        if (problems.size() > errorsBefore) {
            return null;
        }
        return new AstBuilder(problems, lineOffset, columnOffset, charOffset).expression(tree.expression());
    }

    /** Lexes {@code text}; null (after reporting) if it nests too deeply to be parsed safely. */
    private static CommonTokenStream tokens(String text, Problems problems) {
        CepheusLexer lexer = new CepheusLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        return nestingOk(tokens.getTokens(), problems) ? tokens : null;
    }

    private static <T> T run(CepheusParser parser, CommonTokenStream tokens, SyntaxErrorListener listener,
            java.util.function.Function<CepheusParser, T> entry) {
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        try {
            return entry.apply(parser);
        } catch (ParseCancellationException e) {
            tokens.seek(0);
            parser.reset();
            parser.addErrorListener(listener);
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            return entry.apply(parser);
        }
    }

    private static boolean nestingOk(List<Token> tokens, Problems problems) {
        int depth = 0;
        for (Token t : tokens) {
            int type = t.getType();
            if (type == CepheusLexer.LPAREN || type == CepheusLexer.LBRACE) {
                depth++;
                if (depth > MAX_NESTING) {
                    problems.error(t.getLine(), t.getCharPositionInLine() + 1, 1,
                            "nesting is too deep: at most " + MAX_NESTING + " levels of parentheses and braces");
                    return false;
                }
            } else if (type == CepheusLexer.RPAREN || type == CepheusLexer.RBRACE) {
                depth = Math.max(0, depth - 1);
            }
        }
        return true;
    }
}
