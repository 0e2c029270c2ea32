package io.cepheus.dsl;

import io.cepheus.dsl.grammar.CepheusParser;
import io.cepheus.dsl.grammar.CepheusParser.*;
import io.cepheus.dsl.tree.Comment;
import io.cepheus.dsl.tree.Declaration;
import io.cepheus.dsl.tree.Expression;
import io.cepheus.dsl.tree.Identifier;
import io.cepheus.dsl.tree.PatternNode;
import io.cepheus.dsl.tree.RuleClause;
import io.cepheus.dsl.tree.SourceFile;
import io.cepheus.dsl.tree.Span;
import io.cepheus.dsl.tree.StreamClause;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Builds the immutable syntax tree from an ANTLR parse tree that has no syntax errors. Reports the
 * few errors the grammar cannot see (numbers out of range, bad escapes, template syntax) to {@link
 * Problems}.
 */
final class AstBuilder {

    private final Problems problems;
    private final int lineOffset;
    private final int columnOffset;
    private final int charOffset;

    /**
     * @param lineOffset, columnOffset, charOffset where the parsed text starts in the source (for
     *     the expressions of a template); 0, 0, 0 for a whole file
     */
    AstBuilder(Problems problems, int lineOffset, int columnOffset, int charOffset) {
        this.problems = problems;
        this.lineOffset = lineOffset;
        this.columnOffset = columnOffset;
        this.charOffset = charOffset;
    }

    // ------------------------------------------------------------------ positions

    Span span(Token token) {
        int line = token.getLine();
        int column = token.getCharPositionInLine() + 1 + (line == 1 ? columnOffset : 0);
        int start = Math.max(0, token.getStartIndex()) + charOffset;
        int end = Math.max(token.getStopIndex() + 1, token.getStartIndex()) + charOffset;
        return new Span(line + lineOffset, column, start, Math.max(start, end));
    }

    Span span(ParserRuleContext ctx) {
        Span first = span(ctx.getStart());
        Token stop = ctx.getStop();
        if (stop == null || stop.getStopIndex() < ctx.getStart().getStartIndex()) {
            return new Span(first.line(), first.column(), first.start(), first.start());
        }
        return first.to(span(stop));
    }

    // ------------------------------------------------------------------ file

    SourceFile file(FileContext ctx, List<Token> commentTokens, java.util.Set<Integer> trailing) {
        List<Declaration> declarations = new ArrayList<>();
        for (DeclarationContext d : ctx.declaration()) {
            declarations.add(declaration(d));
        }
        List<Comment> comments = new ArrayList<>();
        for (Token t : commentTokens) {
            comments.add(new Comment(t.getText().stripTrailing(), trailing.contains(t.getTokenIndex()), span(t)));
        }
        return new SourceFile(declarations, comments, span(ctx));
    }

    private Declaration declaration(DeclarationContext ctx) {
        return switch (ctx) {
            case StreamDeclarationContext s -> new Declaration.Stream(identifier(s.identifier()),
                    s.streamClause().stream().map(this::streamClause).toList(), span(s));
            case RuleDeclarationContext r -> new Declaration.Rule(identifier(r.identifier()),
                    r.ruleClause().stream().map(this::ruleClause).toList(), span(r));
            default -> throw unexpected(ctx);
        };
    }

    private StreamClause streamClause(StreamClauseContext ctx) {
        Span span = span(ctx);
        return switch (ctx) {
            case TopicClauseContext c -> new StreamClause.Topic(string(c.string()), span);
            case TimeClauseContext c -> new StreamClause.Time(identifier(c.identifier()),
                    c.string() == null ? null : string(c.string()), span);
            case LatenessClauseContext c -> new StreamClause.Lateness(duration(c.DURATION().getSymbol()), span);
            case KeyClauseContext c -> new StreamClause.Key(identifier(c.identifier()), span);
            case IdClauseContext c -> new StreamClause.Id(identifier(c.identifier()), span);
            case IdleClauseContext c -> new StreamClause.IdleTimeout(duration(c.DURATION().getSymbol()), span);
            case FieldsClauseContext c -> new StreamClause.Fields(c.fieldDeclaration().stream()
                    .map(f -> new StreamClause.Field(identifier(f.identifier(0)), identifier(f.identifier(1)), span(f)))
                    .toList(), span);
            default -> throw unexpected(ctx);
        };
    }

    private RuleClause ruleClause(RuleClauseContext ctx) {
        Span span = span(ctx);
        return switch (ctx) {
            case TitleClauseContext c -> new RuleClause.Title(string(c.string()), span);
            case DescriptionClauseContext c -> new RuleClause.Description(string(c.string()), span);
            case SeverityClauseContext c -> new RuleClause.Severity(identifier(c.identifier()), span);
            case TagsClauseContext c -> new RuleClause.Tags(c.label().stream().map(this::label).toList(), span);
            case OwnerClauseContext c -> new RuleClause.Owner(string(c.string()), span);
            case FromClauseContext c -> new RuleClause.From(c.streamReference().stream().map(this::streamReference).toList(), span);
            case FilterClauseContext c -> new RuleClause.Filter(expression(c.expression()), span);
            case AggregateClauseContext c -> new RuleClause.Aggregate(window(c.window()),
                    c.aggregateItem().stream().map(i -> new RuleClause.AggregateItem(identifier(i.identifier()),
                            expression(i.expression()), span(i))).toList(), span);
            case WhenClauseContext c -> new RuleClause.When(expression(c.expression()), span);
            case PartitionClauseContext c -> new RuleClause.PartitionBy(expressions(c.expression()), span);
            case PatternClauseContext c -> new RuleClause.Pattern(pattern(c.pattern()), span);
            case WhereClauseContext c -> new RuleClause.Where(c.stepDefinition().stream().map(this::stepDefinition).toList(), span);
            case WithinClauseContext c -> new RuleClause.Within(duration(c.DURATION().getSymbol()), span);
            case AfterMatchClauseContext c -> new RuleClause.AfterMatch(skip(c.skipStrategy()), span);
            case AlertClauseContext c -> new RuleClause.Alert(c.ON() != null,
                    c.alertItem().stream().map(this::alertItem).toList(), span);
            case SuppressClauseContext c -> new RuleClause.Suppress(expressions(c.expression()),
                    duration(c.DURATION().getSymbol()), span);
            case NotifyClauseContext c -> new RuleClause.Notify(c.label().stream().map(this::label).toList(), span);
            default -> throw unexpected(ctx);
        };
    }

    private RuleClause.WindowSpec window(WindowContext ctx) {
        Span span = span(ctx);
        return switch (ctx) {
            case SlidingWindowContext c -> new RuleClause.WindowSpec(RuleClause.WindowKind.SLIDING, duration(c.size), null, span);
            case EveryWindowContext c -> c.size == null
                    ? new RuleClause.WindowSpec(RuleClause.WindowKind.TUMBLING, duration(c.advance), null, span)
                    : new RuleClause.WindowSpec(RuleClause.WindowKind.HOPPING, duration(c.size), duration(c.advance), span);
            case SessionWindowContext c -> new RuleClause.WindowSpec(RuleClause.WindowKind.SESSION, duration(c.gap), null, span);
            default -> throw unexpected(ctx);
        };
    }

    private RuleClause.Label label(LabelContext ctx) {
        return switch (ctx) {
            case WordLabelContext w -> new RuleClause.Label(String.join("-",
                    w.identifier().stream().map(i -> identifier(i).value()).toList()), false, span(w));
            case StringLabelContext s -> new RuleClause.Label(string(s.string()).value(), true, span(s));
            default -> throw unexpected(ctx);
        };
    }

    private RuleClause.SkipStrategy skip(SkipStrategyContext ctx) {
        Span span = span(ctx);
        return switch (ctx) {
            case NoSkipContext c -> new RuleClause.SkipStrategy(RuleClause.SkipStrategy.Kind.NO_SKIP, null, false, span);
            case SkipToNextContext c -> new RuleClause.SkipStrategy(RuleClause.SkipStrategy.Kind.TO_NEXT, null, false, span);
            case SkipPastLastEventContext c ->
                    new RuleClause.SkipStrategy(RuleClause.SkipStrategy.Kind.PAST_LAST_EVENT, null, false, span);
            case SkipToStepContext c -> new RuleClause.SkipStrategy(
                    c.position.getType() == CepheusParser.FIRST ? RuleClause.SkipStrategy.Kind.TO_FIRST
                            : RuleClause.SkipStrategy.Kind.TO_LAST,
                    stepName(c.stepName()), c.FAIL() != null, span);
            default -> throw unexpected(ctx);
        };
    }

    private RuleClause.StreamRef streamReference(StreamReferenceContext ctx) {
        return new RuleClause.StreamRef(identifier(ctx.identifier(0)), ctx.source == null ? null : identifier(ctx.source), span(ctx));
    }

    private RuleClause.StepDefinition stepDefinition(StepDefinitionContext ctx) {
        return switch (ctx) {
            case ConditionStepContext c -> new RuleClause.StepDefinition(stepName(c.stepName()),
                    c.streamReference() == null ? null : streamReference(c.streamReference()), expression(c.expression(0)),
                    c.expression().size() > 1 ? expression(c.expression(1)) : null, span(c));
            case StreamStepContext c -> new RuleClause.StepDefinition(stepName(c.stepName()),
                    streamReference(c.streamReference()), null, null, span(c));
            default -> throw unexpected(ctx);
        };
    }

    private RuleClause.AlertItem alertItem(AlertItemContext ctx) {
        Span span = span(ctx);
        return switch (ctx) {
            case AlertSeverityContext c -> new RuleClause.AlertSeverity(identifier(c.identifier()), span);
            case AlertSummaryContext c -> new RuleClause.AlertSummary(template(c.string()), span);
            case AlertFieldContext c -> new RuleClause.AlertField(identifier(c.identifier()), expression(c.expression()), span);
            default -> throw unexpected(ctx);
        };
    }

    // ------------------------------------------------------------------ templates

    private RuleClause.Template template(StringContext ctx) {
        Token token = ctx.STRING().getSymbol();
        String raw = token.getText();
        Span span = span(token);
        List<RuleClause.TemplatePart> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 1;
        int end = raw.length() - 1;
        while (i < end) {
            char c = raw.charAt(i);
            if (c == '$' && i + 1 < end && raw.charAt(i + 1) == '{') {
                int close = closingBrace(raw, i + 2, end);
                if (close < 0) {
                    problems.error(new Span(span.line(), span.column() + i, span.start() + i, span.start() + i + 2),
                            "unclosed '${' in template: expected '}'");
                    break;
                }
                if (!text.isEmpty()) {
                    parts.add(new RuleClause.TextPart(text.toString()));
                    text.setLength(0);
                }
                Expression e = Parsing.parseEmbeddedExpression(raw.substring(i + 2, close), problems,
                        span.line() - 1, span.column() - 1 + i + 2, span.start() + i + 2);
                if (e != null) {
                    parts.add(new RuleClause.Interpolation(e));
                }
                i = close + 1;
            } else if (c == '\\') {
                i = escape(raw, i, span, text);
            } else {
                text.append(c);
                i++;
            }
        }
        if (!text.isEmpty()) {
            parts.add(new RuleClause.TextPart(text.toString()));
        }
        return new RuleClause.Template(raw.charAt(0), parts, span);
    }

    /** Index of the '}' closing an interpolation that starts at {@code from}, skipping quoted strings; -1 if none. */
    private static int closingBrace(String raw, int from, int end) {
        int depth = 0;
        char quote = 0;
        for (int j = from; j < end; j++) {
            char c = raw.charAt(j);
            if (quote != 0) {
                if (c == '\\') {
                    j++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' ) {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return j;
                }
                depth--;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ patterns

    private PatternNode pattern(PatternContext ctx) {
        List<SequenceContext> sequences = ctx.sequence();
        if (sequences.size() == 1) {
            return sequence(sequences.get(0));
        }
        return new PatternNode.Alternation(sequences.stream().map(this::sequence).toList(), span(ctx));
    }

    private PatternNode sequence(SequenceContext ctx) {
        List<ElementContext> elements = ctx.element();
        PatternNode first = element(elements.get(0));
        if (elements.size() == 1) {
            return first;
        }
        List<PatternNode.Link> links = new ArrayList<>();
        for (int i = 1; i < elements.size(); i++) {
            LinkContext link = ctx.link(i - 1);
            PartWindowContext window = switch (link) {
                case RelaxedLinkContext r -> r.partWindow();
                case AnyLinkContext a -> a.partWindow();
                case StrictLinkContext s -> s.partWindow();
                default -> throw unexpected(link);
            };
            PatternNode.LinkKind kind = switch (link) {
                case RelaxedLinkContext r -> PatternNode.LinkKind.RELAXED;
                case AnyLinkContext a -> PatternNode.LinkKind.ANY;
                default -> PatternNode.LinkKind.STRICT;
            };
            PatternNode element = element(elements.get(i));
            Span span = kind == PatternNode.LinkKind.STRICT && window == null ? element.span() : span(link).to(element.span());
            links.add(new PatternNode.Link(kind, window == null ? null : duration(window.DURATION().getSymbol()), element, span));
        }
        return new PatternNode.Sequence(first, links, span(ctx));
    }

    private PatternNode element(ElementContext ctx) {
        return switch (ctx) {
            case NegatedStepContext n -> new PatternNode.Negated(stepName(n.stepName()), span(n));
            case QuantifiedAtomContext q -> {
                PatternNode atom = switch (q.atom()) {
                    case StepAtomContext s -> new PatternNode.StepRef(stepName(s.stepName()), span(s));
                    case GroupAtomContext g -> new PatternNode.Group(pattern(g.pattern()), span(g));
                    default -> throw unexpected(q.atom());
                };
                if (q.quantifier() == null && q.OPTIONAL() == null && q.innerContiguity() == null) {
                    yield atom;
                }
                PatternNode.InnerContiguity inner = q.innerContiguity() == null ? null
                        : q.innerContiguity() instanceof ConsecutiveContext ? PatternNode.InnerContiguity.CONSECUTIVE
                        : PatternNode.InnerContiguity.ANY;
                yield new PatternNode.Quantified(atom, q.quantifier() == null ? null : quantifier(q.quantifier()),
                        q.OPTIONAL() != null, inner, span(q));
            }
            default -> throw unexpected(ctx);
        };
    }

    private PatternNode.Quantifier quantifier(QuantifierContext ctx) {
        Span span = span(ctx);
        int unbounded = PatternNode.Quantifier.UNBOUNDED;
        return switch (ctx) {
            case OneOrMoreContext c -> new PatternNode.Quantifier(PatternNode.Quantifier.Form.PLUS, 1, unbounded, c.reluctant != null, span);
            case ZeroOrMoreContext c -> new PatternNode.Quantifier(PatternNode.Quantifier.Form.STAR, 0, unbounded, c.reluctant != null, span);
            case ZeroOrOneContext c -> new PatternNode.Quantifier(PatternNode.Quantifier.Form.QUESTION, 0, 1, c.reluctant != null, span);
            case ExactlyContext c -> {
                int n = count(c.min);
                yield new PatternNode.Quantifier(PatternNode.Quantifier.Form.EXACTLY, n, n, false, span);
            }
            case RangeContext c -> new PatternNode.Quantifier(PatternNode.Quantifier.Form.RANGE, count(c.min),
                    c.max == null ? unbounded : count(c.max), c.reluctant != null, span);
            default -> throw unexpected(ctx);
        };
    }

    private int count(Token token) {
        try {
            int n = Integer.parseInt(token.getText());
            if (n < 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.error(span(token), "quantifier bound " + token.getText() + " is too large (at most 9999)");
        return 1;
    }

    // ------------------------------------------------------------------ expressions

    private List<Expression> expressions(List<ExpressionContext> list) {
        return list.stream().map(this::expression).toList();
    }

    Expression expression(ExpressionContext ctx) {
        Span span = span(ctx);
        return switch (ctx) {
            case LogicalNotContext c -> new Expression.Not(expression(c.expression()), span);
            case LogicalAndContext c -> new Expression.Binary(Expression.Operator.AND, expression(c.expression(0)),
                    expression(c.expression(1)), span);
            case LogicalOrContext c -> new Expression.Binary(Expression.Operator.OR, expression(c.expression(0)),
                    expression(c.expression(1)), span);
            case PredicatedContext c -> predicated(c, span);
            default -> throw unexpected(ctx);
        };
    }

    private Expression predicated(PredicatedContext c, Span span) {
        Expression value = value(c.valueExpression());
        if (c.predicate() == null) {
            return value;
        }
        return switch (c.predicate()) {
            case ComparisonContext p -> new Expression.Binary(comparison(p.comparisonOperator()), value,
                    value(p.valueExpression()), span);
            case InListContext p -> new Expression.InList(value, expressions(p.expression()), p.NOT() != null, span);
            case LikeContext p -> new Expression.Like(value, value(p.valueExpression()), p.NOT() != null, span);
            case RegexMatchContext p -> new Expression.Matches(value, value(p.valueExpression()), p.NOT() != null, span);
            case NullTestContext p -> new Expression.IsNull(value, p.NOT() != null, span);
            default -> throw unexpected(c.predicate());
        };
    }

    private static Expression.Operator comparison(ComparisonOperatorContext ctx) {
        return switch (ctx.getStart().getType()) {
            case CepheusParser.EQ -> Expression.Operator.EQUAL;
            case CepheusParser.NEQ -> Expression.Operator.NOT_EQUAL;
            case CepheusParser.LT -> Expression.Operator.LESS;
            case CepheusParser.LTE -> Expression.Operator.LESS_OR_EQUAL;
            case CepheusParser.GT -> Expression.Operator.GREATER;
            case CepheusParser.GTE -> Expression.Operator.GREATER_OR_EQUAL;
            default -> throw new IllegalStateException("comparison operator " + ctx.getText());
        };
    }

    private Expression value(ValueExpressionContext ctx) {
        Span span = span(ctx);
        return switch (ctx) {
            case ValueDefaultContext c -> primary(c.primaryExpression());
            case NegationContext c -> new Expression.Negate(value(c.valueExpression()), span);
            case MultiplicativeContext c -> new Expression.Binary(switch (c.operator.getType()) {
                case CepheusParser.STAR -> Expression.Operator.MULTIPLY;
                case CepheusParser.SLASH -> Expression.Operator.DIVIDE;
                default -> Expression.Operator.MODULO;
            }, value(c.valueExpression(0)), value(c.valueExpression(1)), span);
            case AdditiveContext c -> new Expression.Binary(
                    c.operator.getType() == CepheusParser.PLUS ? Expression.Operator.ADD : Expression.Operator.SUBTRACT,
                    value(c.valueExpression(0)), value(c.valueExpression(1)), span);
            default -> throw unexpected(ctx);
        };
    }

    private Expression primary(PrimaryExpressionContext ctx) {
        Span span = span(ctx);
        return switch (ctx) {
            case NullLiteralContext c -> new Expression.NullLiteral(span);
            case BooleanLiteralContext c -> new Expression.BooleanLiteral(c.TRUE() != null, span);
            case IntegerLiteralContext c -> new Expression.IntegerLiteral(integer(c.INTEGER().getSymbol()), span);
            case DecimalLiteralContext c -> new Expression.DecimalLiteral(new BigDecimal(c.getText()), span);
            case DoubleLiteralContext c -> doubleLiteral(c, span);
            case DurationLiteralContext c -> duration(c.DURATION().getSymbol());
            case StringLiteralContext c -> string(c.string());
            case FunctionCallContext c -> new Expression.Call(identifier(c.identifier()), expressions(c.expression()), span);
            case BaselineCallContext c -> new Expression.Baseline(new Expression.Call(identifier(c.identifier()),
                    expressions(c.expression()), span(c.getStart()).to(span(c.RPAREN().getSymbol()))),
                    duration(c.DURATION().getSymbol()), span);
            case DistinctCallContext c -> new Expression.CountDistinct(identifier(c.identifier()),
                    primary(c.primaryExpression()), span);
            case NameReferenceContext c -> new Expression.Name(identifier(c.identifier()), span);
            case FieldAccessContext c -> new Expression.FieldAccess(primary(c.primaryExpression()), identifier(c.identifier()), span);
            case ParenthesizedContext c -> new Expression.Parenthesized(expression(c.expression()), span);
            default -> throw unexpected(ctx);
        };
    }

    private Expression doubleLiteral(DoubleLiteralContext c, Span span) {
        double value = Double.parseDouble(c.getText());
        if (Double.isInfinite(value)) {
            problems.error(span, "number " + c.getText() + " is too large for a double");
            value = 0;
        }
        return new Expression.DoubleLiteral(value, c.getText(), span);
    }

    private long integer(Token token) {
        try {
            return Long.parseLong(token.getText());
        } catch (NumberFormatException e) {
            problems.error(span(token), "integer " + token.getText() + " is too large (at most " + Long.MAX_VALUE + ")");
            return 0;
        }
    }

    private Expression.DurationLiteral duration(Token token) {
        String text = token.getText();
        long millis = 0;
        int i = 0;
        try {
            while (i < text.length()) {
                int digits = i;
                while (Character.isDigit(text.charAt(i))) {
                    i++;
                }
                long n = Long.parseLong(text.substring(digits, i));
                long unit;
                if (text.startsWith("ms", i)) {
                    unit = 1;
                    i += 2;
                } else {
                    unit = switch (text.charAt(i)) {
                        case 's' -> 1_000L;
                        case 'm' -> 60_000L;
                        case 'h' -> 3_600_000L;
                        default -> 86_400_000L;
                    };
                    i++;
                }
                millis = Math.addExact(millis, Math.multiplyExact(n, unit));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            problems.error(span(token), "duration " + text + " is too long");
            millis = 0;
        }
        return new Expression.DurationLiteral(millis, text, span(token));
    }

    // ------------------------------------------------------------------ names and strings

    private Identifier identifier(IdentifierContext ctx) {
        String text = ctx.getText();
        if (ctx instanceof QuotedIdentifierContext) {
            text = text.substring(1, text.length() - 1);
        }
        return new Identifier(text, span(ctx));
    }

    private Identifier stepName(StepNameContext ctx) {
        String text = ctx.getText();
        if (ctx instanceof QuotedStepNameContext) {
            text = text.substring(1, text.length() - 1);
        }
        return new Identifier(text, span(ctx));
    }

    private Expression.StringLiteral string(StringContext ctx) {
        Token token = ctx.STRING().getSymbol();
        String raw = token.getText();
        Span span = span(token);
        StringBuilder out = new StringBuilder();
        int i = 1;
        while (i < raw.length() - 1) {
            char c = raw.charAt(i);
            if (c == '\\') {
                i = escape(raw, i, span, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return new Expression.StringLiteral(out.toString(), raw.charAt(0), span);
    }

    /** Appends the escape at {@code raw[i]} (a backslash) to {@code out}; returns the index after it. */
    private int escape(String raw, int i, Span span, StringBuilder out) {
        char next = raw.charAt(i + 1);
        switch (next) {
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case '\\', '"', '\'', '$' -> out.append(next);
            default -> problems.error(new Span(span.line(), span.column() + i, span.start() + i, span.start() + i + 2),
                    "unknown escape '\\" + next + "' in string: use \\n, \\t, \\r, \\\\, \\\", \\' or \\$");
        }
        return i + 2;
    }

    private static IllegalStateException unexpected(ParserRuleContext ctx) {
        return new IllegalStateException("unexpected parse tree node " + ctx.getClass().getSimpleName());
    }
}
