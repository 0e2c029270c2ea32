// The Cepheus rule language for CodeMirror: a stream tokenizer for highlighting (the keywords are
// the grammar's, pattern-dsl/src/main/antlr4/io/cepheus/dsl/grammar/Cepheus.g4) and completion of
// keywords, functions, the fields of the streams the text reads and the steps of its pattern.
import { type Completion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { StreamLanguage, type StreamParser } from "@codemirror/language";

/** Every keyword of the grammar. */
export const KEYWORDS = [
  "after", "aggregate", "alert", "and", "any", "by", "consecutive", "description", "distinct", "every", "event",
  "fail", "false", "fields", "filter", "first", "for", "format", "from", "gap", "id", "idle", "in", "is", "key",
  "last", "lateness", "like", "match", "matches", "next", "no", "not", "notify", "null", "on", "optional", "or",
  "over", "owner", "partition", "past", "pattern", "per", "rule", "session", "severity", "skip", "stream",
  "summary", "suppress", "tags", "time", "timeout", "title", "to", "topic", "true", "until", "when", "where",
  "within",
];

/** Functions of conditions, aggregates and alerts (docs/rule-language.md). */
export const FUNCTIONS = [
  "count", "sum", "avg", "min", "max", "first", "last", "prev", "coalesce", "lower", "upper", "trim", "length",
  "substr", "starts_with", "ends_with", "contains", "replace", "concat", "abs", "round", "floor", "ceil", "sqrt",
  "least", "greatest", "stddev", "baseline", "distinct",
];

export const TYPES = ["string", "long", "double", "decimal", "bool", "timestamp", "duration"];
export const SEVERITIES = ["info", "low", "medium", "high", "critical"];

/** Clause keywords that open a line of a rule or stream, offered first at the start of a line. */
const CLAUSES = [
  "title", "description", "severity", "tags", "owner", "from", "filter", "aggregate", "when", "partition by",
  "pattern", "where", "within", "after match skip past last event", "after match skip to next", "alert",
  "alert on timeout", "suppress for", "notify", "topic", "time", "lateness", "key", "id", "idle timeout", "fields",
];

const KEYWORD_SET = new Set(KEYWORDS);

interface State {}

const parser: StreamParser<State> = {
  name: "cepheus",
  startState: () => ({}),
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match("#")) {
      stream.skipToEnd();
      return "comment";
    }
    const quote = stream.peek();
    if (quote === '"' || quote === "'") {
      stream.next();
      let escaped = false;
      let ch: string | void;
      while ((ch = stream.next()) !== undefined) {
        if (!escaped && ch === quote) break;
        escaped = !escaped && ch === "\\";
      }
      return "string";
    }
    if (stream.match(/^`[^`\n]+`/)) return "variableName";
    if (stream.match(/^([0-9]+(ms|s|m|h|d))+\b/)) return "number";
    if (stream.match(/^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/)) return "number";
    if (stream.match(/^(->>|->|==|!=|<=|>=|[<>+\-*/%|?])/)) return "operator";
    if (stream.match(/^[{}()]/)) return "bracket";
    if (stream.match(/^[,:.]/)) return "punctuation";
    const word = stream.match(/^[A-Za-z_][A-Za-z_0-9]*/) as RegExpMatchArray | null;
    if (word) {
      const w = word[0];
      if (w === "true" || w === "false" || w === "null") return "atom";
      if (KEYWORD_SET.has(w)) return "keyword";
      if (stream.peek() === "(") return "function";
      if (TYPES.includes(w)) return "typeName";
      return "variableName";
    }
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: "#" } },
};

export const cepheusLanguage = StreamLanguage.define(parser);

/** What completion knows beside the text: the declared streams' fields. */
export interface CompletionContextData {
  fields: (stream: string | null) => { name: string; type: string; stream: string }[];
}

/** The streams a text reads (`from a, b`) and the steps of its pattern (`pattern ...`, `where` definitions). */
export function scan(text: string): { streams: string[]; steps: string[] } {
  const streams = new Set<string>();
  for (const m of text.matchAll(/\bfrom\s+([A-Za-z_][\w]*(?:\s*\([^)]*\))?(?:\s*,\s*[A-Za-z_][\w]*(?:\s*\([^)]*\))?)*)/g)) {
    for (const s of m[1].split(",")) streams.add(s.trim().replace(/\s*\(.*/, ""));
  }
  const steps = new Set<string>();
  const pattern = /\bpattern\s+([\s\S]*?)(?=\n\s*(where|within|after|alert|suppress|notify|partition|\})\b)/.exec(text);
  if (pattern) {
    for (const w of pattern[1].matchAll(/[A-Za-z_][\w]*/g)) {
      if (!KEYWORD_SET.has(w[0])) steps.add(w[0]);
    }
  }
  for (const m of text.matchAll(/^\s*([A-Za-z_][\w]*)\s*(?:from\s+[\w()]+\s*)?:/gm)) {
    if (!KEYWORD_SET.has(m[1]) && !TYPES.includes(m[1])) steps.add(m[1]);
  }
  return { streams: [...streams].filter((s) => s !== "alerts"), steps: [...steps] };
}

/** Completion of keywords, clause starts, functions, severities, fields and step names. */
export function cepheusCompletion(data: CompletionContextData) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const word = ctx.matchBefore(/[A-Za-z_][\w]*/);
    const dot = ctx.matchBefore(/[A-Za-z_][\w]*\.[A-Za-z_]?[\w]*/);
    if (!word && !ctx.explicit && !dot) return null;
    const text = ctx.state.doc.toString();
    const { streams, steps } = scan(text);
    const fields = streams.length === 0 ? data.fields(null) : streams.flatMap((s) => data.fields(s));
    const unique = new Map<string, Completion>();
    if (dot) {
      // step.field
      for (const f of fields) unique.set(f.name, { label: f.name, type: "property", detail: `${f.type} · ${f.stream}` });
      const from = dot.from + dot.text.indexOf(".") + 1;
      return { from, options: [...unique.values()], validFor: /^[\w]*$/ };
    }
    const line = ctx.state.doc.lineAt(ctx.pos);
    const atLineStart = /^\s*[\w]*$/.test(line.text.slice(0, ctx.pos - line.from));
    if (atLineStart) CLAUSES.forEach((c, i) => unique.set(c, { label: c, type: "keyword", boost: 10 - i / 10 }));
    for (const s of steps) unique.set(s, { label: s, type: "variable", detail: "step", boost: 5 });
    for (const f of fields) if (!unique.has(f.name)) unique.set(f.name, { label: f.name, type: "property", detail: `${f.type} · ${f.stream}`, boost: 4 });
    for (const k of KEYWORDS) if (!unique.has(k)) unique.set(k, { label: k, type: "keyword" });
    for (const f of FUNCTIONS) if (!unique.has(f)) unique.set(f, { label: f, type: "function", apply: `${f}(` , detail: "function" });
    for (const s of SEVERITIES) if (!unique.has(s)) unique.set(s, { label: s, type: "enum", detail: "severity" });
    for (const t of TYPES) if (!unique.has(t)) unique.set(t, { label: t, type: "type" });
    return { from: word ? word.from : ctx.pos, options: [...unique.values()], validFor: /^[\w]*$/ };
  };
}
