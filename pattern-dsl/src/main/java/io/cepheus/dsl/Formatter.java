package io.cepheus.dsl;

import io.cepheus.dsl.grammar.CepheusLexer;
import io.cepheus.dsl.tree.Comment;
import io.cepheus.dsl.tree.Declaration;
import io.cepheus.dsl.tree.Expression;
import io.cepheus.dsl.tree.Identifier;
import io.cepheus.dsl.tree.PatternNode;
import io.cepheus.dsl.tree.RuleClause;
import io.cepheus.dsl.tree.SourceFile;
import io.cepheus.dsl.tree.StreamClause;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The canonical layout: two-space indentation, one clause (field, step definition, alert item) per
 * line, single spaces around binary operators, a blank line between declarations, clauses in the
 * author's order. Parentheses, quotes and duration spellings are kept as written, so that parsing
 * the output gives the same tree. Comments are kept: a comment on a line of its own before the
 * line unit that followed it, a trailing comment at the end of the line before it.
 */
final class Formatter {

    private static final Set<String> KEYWORDS = new HashSet<>();
    private static final Set<String> NON_RESERVED = new HashSet<>();
    private static final Set<String> STEP_NAMES = Set.of("topic", "time", "format", "lateness", "key", "id", "idle", "timeout",
            "fields", "next", "past", "last", "first", "event", "fail", "to", "no", "per", "over", "every", "session", "gap");

    static {
        for (int type = 1; type <= CepheusLexer.VOCABULARY.getMaxTokenType(); type++) {
            String literal = CepheusLexer.VOCABULARY.getLiteralName(type);
            if (literal != null && Character.isLetter(literal.charAt(1))) {
                String word = literal.substring(1, literal.length() - 1);
                KEYWORDS.add(word);
                if (SyntaxErrorListener.isKeywordIdentifier(type)) {
                    NON_RESERVED.add(word);
                }
            }
        }
    }

    private final StringBuilder out = new StringBuilder();
    private final Deque<Comment> comments;
    private int indent;

    private Formatter(List<Comment> comments) {
        this.comments = new ArrayDeque<>(comments);
    }

    static String format(SourceFile file) {
        Formatter f = new Formatter(file.comments());
        boolean first = true;
        for (Declaration d : file.declarations()) {
            f.commentsBefore(d.span().start());
            if (!first) {
                f.blankLine();
            }
            first = false;
            f.declaration(d);
        }
        f.commentsBefore(Integer.MAX_VALUE);
        String text = f.out.toString();
        return text.isEmpty() ? "" : text.endsWith("\n") ? text : text + "\n";
    }

    // ------------------------------------------------------------------ lines and comments

    private void line(String text) {
        out.append("  ".repeat(indent)).append(text).append('\n');
    }

    private void blankLine() {
        if (!out.isEmpty() && !out.toString().endsWith("\n\n")) {
            out.append('\n');
        }
    }

    /** Writes the comments that come before {@code offset}. */
    private void commentsBefore(int offset) {
        while (!comments.isEmpty() && comments.peekFirst().span().start() < offset) {
            Comment c = comments.pollFirst();
            if (c.trailing() && !out.isEmpty() && out.charAt(out.length() - 1) == '\n') {
                out.setLength(out.length() - 1);
                out.append("  ").append(c.text()).append('\n');
            } else {
                line(c.text());
            }
        }
    }

    // ------------------------------------------------------------------ declarations

    private void declaration(Declaration d) {
        switch (d) {
            case Declaration.Stream s -> {
                line("stream " + name(s.name()) + " {");
                indent++;
                for (StreamClause c : s.clauses()) {
                    commentsBefore(c.span().start());
                    streamClause(c);
                }
                commentsBefore(s.span().end() - 1);
                indent--;
                line("}");
            }
            case Declaration.Rule r -> {
                line("rule " + name(r.name()) + " {");
                indent++;
                for (RuleClause c : r.clauses()) {
                    commentsBefore(c.span().start());
                    ruleClause(c);
                }
                commentsBefore(r.span().end() - 1);
                indent--;
                line("}");
            }
        }
    }

    private void streamClause(StreamClause c) {
        switch (c) {
            case StreamClause.Topic t -> line("topic " + string(t.topic()));
            case StreamClause.Time t -> line("time " + name(t.field()) + (t.format() == null ? "" : " format " + string(t.format())));
            case StreamClause.Lateness l -> line("lateness " + l.duration().text());
            case StreamClause.Key k -> line("key " + name(k.field()));
            case StreamClause.Id i -> line("id " + name(i.field()));
            case StreamClause.IdleTimeout i -> line("idle timeout " + i.duration().text());
            case StreamClause.Fields f -> {
                line("fields {");
                indent++;
                for (StreamClause.Field field : f.fields()) {
                    commentsBefore(field.span().start());
                    line(name(field.name()) + ": " + name(field.type()));
                }
                commentsBefore(f.span().end() - 1);
                indent--;
                line("}");
            }
        }
    }

    private void ruleClause(RuleClause c) {
        switch (c) {
            case RuleClause.Title t -> line("title " + string(t.text()));
            case RuleClause.Description d -> line("description " + string(d.text()));
            case RuleClause.Severity s -> line("severity " + name(s.level()));
            case RuleClause.Tags t -> line("tags " + labels(t.tags()));
            case RuleClause.Owner o -> line("owner " + string(o.owner()));
            case RuleClause.From f -> line("from " + String.join(", ", f.sources().stream().map(Formatter::streamRef).toList()));
            case RuleClause.Filter f -> line("filter " + expression(f.condition()));
            case RuleClause.When w -> line("when " + expression(w.condition()));
            case RuleClause.Aggregate a -> {
                line("aggregate " + window(a.window()) + " {");
                indent++;
                for (RuleClause.AggregateItem item : a.items()) {
                    commentsBefore(item.span().start());
                    line(name(item.name()) + ": " + expression(item.value()));
                }
                commentsBefore(a.span().end() - 1);
                indent--;
                line("}");
            }
            case RuleClause.PartitionBy p -> line("partition by " + expressions(p.keys()));
            case RuleClause.Pattern p -> line("pattern " + pattern(p.pattern()));
            case RuleClause.Where w -> {
                line("where");
                indent++;
                for (RuleClause.StepDefinition d : w.definitions()) {
                    commentsBefore(d.span().start());
                    line(stepName(d.step()) + (d.source() == null ? "" : " from " + streamRef(d.source()))
                            + (d.condition() == null ? "" : ": " + expression(d.condition()))
                            + (d.until() == null ? "" : " until " + expression(d.until())));
                }
                indent--;
            }
            case RuleClause.Within w -> line("within " + w.duration().text());
            case RuleClause.AfterMatch a -> line("after match " + skip(a.strategy()));
            case RuleClause.Alert a -> {
                line(a.onTimeout() ? "alert on timeout {" : "alert {");
                indent++;
                for (RuleClause.AlertItem item : a.items()) {
                    commentsBefore(item.span().start());
                    line(switch (item) {
                        case RuleClause.AlertSeverity s -> "severity " + name(s.level());
                        case RuleClause.AlertSummary s -> "summary " + template(s.template());
                        case RuleClause.AlertField f -> name(f.name()) + ": " + expression(f.value());
                    });
                }
                commentsBefore(a.span().end() - 1);
                indent--;
                line("}");
            }
            case RuleClause.Suppress s -> line("suppress " + (s.keys().isEmpty() ? "" : "per " + expressions(s.keys()) + " ")
                    + "for " + s.duration().text());
            case RuleClause.Notify n -> line("notify " + labels(n.channels()));
        }
    }

    static String window(RuleClause.WindowSpec w) {
        return switch (w.kind()) {
            case SLIDING -> "over last " + w.size().text();
            case TUMBLING -> "every " + w.size().text();
            case HOPPING -> "every " + w.advance().text() + " over last " + w.size().text();
            case SESSION -> "session gap " + w.size().text();
        };
    }

    private static String skip(RuleClause.SkipStrategy s) {
        return switch (s.kind()) {
            case NO_SKIP -> "no skip";
            case TO_NEXT -> "skip to next";
            case PAST_LAST_EVENT -> "skip past last event";
            case TO_FIRST -> "skip to first " + stepName(s.step()) + (s.orFail() ? " or fail" : "");
            case TO_LAST -> "skip to last " + stepName(s.step()) + (s.orFail() ? " or fail" : "");
        };
    }

    private static String labels(List<RuleClause.Label> labels) {
        return String.join(", ", labels.stream().map(l -> l.quoted() ? quote(l.value(), '"') : l.value()).toList());
    }

    // ------------------------------------------------------------------ patterns

    static String pattern(PatternNode p) {
        return switch (p) {
            case PatternNode.StepRef s -> stepName(s.name());
            case PatternNode.Negated n -> "not " + stepName(n.name());
            case PatternNode.Group g -> "(" + pattern(g.body()) + ")";
            case PatternNode.Alternation a -> String.join(" | ", a.alternatives().stream().map(Formatter::pattern).toList());
            case PatternNode.Sequence s -> {
                StringBuilder b = new StringBuilder(pattern(s.first()));
                for (PatternNode.Link l : s.rest()) {
                    b.append(switch (l.kind()) {
                        case STRICT -> " ";
                        case RELAXED -> " -> ";
                        case ANY -> " ->> ";
                    }).append(l.within() == null ? "" : "within " + l.within().text() + " ").append(pattern(l.element()));
                }
                yield b.toString();
            }
            case PatternNode.Quantified q -> pattern(q.atom()) + (q.quantifier() == null ? "" : Patterns.text(q.quantifier()))
                    + (q.optional() ? " optional" : "") + (q.inner() == null ? "" : q.inner() == PatternNode.InnerContiguity.CONSECUTIVE ? " consecutive" : " any");
        };
    }

    // ------------------------------------------------------------------ expressions

    private static String expressions(List<Expression> list) {
        return String.join(", ", list.stream().map(Formatter::expression).toList());
    }

    static String expression(Expression e) {
        return switch (e) {
            case Expression.NullLiteral n -> "null";
            case Expression.BooleanLiteral b -> Boolean.toString(b.value());
            case Expression.IntegerLiteral i -> Long.toString(i.value());
            case Expression.DecimalLiteral d -> d.value().toPlainString();
            case Expression.DoubleLiteral d -> d.text();
            case Expression.StringLiteral s -> string(s);
            case Expression.DurationLiteral d -> d.text();
            case Expression.Name n -> name(n.name());
            case Expression.FieldAccess f -> expression(f.base()) + "." + name(f.field());
            case Expression.Call c -> name(c.function()) + "(" + expressions(c.arguments()) + ")";
            case Expression.Parenthesized p -> "(" + expression(p.expression()) + ")";
            case Expression.Baseline b -> expression(b.call()) + " over last " + b.window().text();
            case Expression.CountDistinct c -> name(c.function()) + " distinct " + expression(c.value());
            case Expression.Negate n -> "-" + expression(n.operand());
            case Expression.Not n -> "not " + expression(n.operand());
            case Expression.Binary b -> expression(b.left()) + " " + b.operator().symbol() + " " + expression(b.right());
            case Expression.InList in -> expression(in.value()) + (in.negated() ? " not in (" : " in (") + expressions(in.list()) + ")";
            case Expression.Like l -> expression(l.value()) + (l.negated() ? " not like " : " like ") + expression(l.pattern());
            case Expression.Matches m -> expression(m.value()) + (m.negated() ? " not matches " : " matches ") + expression(m.pattern());
            case Expression.IsNull n -> expression(n.value()) + (n.negated() ? " is not null" : " is null");
        };
    }

    private static String template(RuleClause.Template t) {
        StringBuilder b = new StringBuilder().append(t.quote());
        for (RuleClause.TemplatePart part : t.parts()) {
            switch (part) {
                case RuleClause.TextPart text -> b.append(escape(text.text(), t.quote()).replace("${", "\\${"));
                case RuleClause.Interpolation i -> b.append("${").append(expression(i.expression())).append('}');
            }
        }
        return b.append(t.quote()).toString();
    }

    private static String string(Expression.StringLiteral s) {
        return quote(s.value(), s.quote());
    }

    private static String quote(String value, char quote) {
        return quote + escape(value, quote) + quote;
    }

    private static String escape(String value, char quote) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c == quote) {
                        b.append('\\');
                    }
                    b.append(c);
                }
            }
        }
        return b.toString();
    }

    /** An identifier, back-quoted when it is a reserved word or not a plain name. */
    static String streamRef(RuleClause.StreamRef r) {
        return name(r.stream()) + (r.alertsOf() == null ? "" : "(" + name(r.alertsOf()) + ")");
    }

    static String name(Identifier id) {
        String v = id.value();
        boolean plain = v.matches("[a-zA-Z_][a-zA-Z_0-9]*");
        return plain && (!KEYWORDS.contains(v) || NON_RESERVED.contains(v)) ? v : "`" + v + "`";
    }

    /** A step name: back-quoted when it is a keyword that cannot name a step, or not a plain name. */
    static String stepName(Identifier id) {
        String v = id.value();
        return v.matches("[a-zA-Z_][a-zA-Z_0-9]*") && (!KEYWORDS.contains(v) || STEP_NAMES.contains(v)) ? v : "`" + v + "`";
    }
}
