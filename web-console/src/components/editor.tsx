// The rule editor: CodeMirror 6 with the Cepheus language, completion, and diagnostics as you type
// (the server's POST /rules/validate, underlined at their exact line and column, message and
// suggestion on hover, a fix action for a suggestion).
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { type Diagnostic, linter, lintGutter, lintKeymap } from "@codemirror/lint";
import { EditorState, type Extension, type Text } from "@codemirror/state";
import {
  EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers,
} from "@codemirror/view";
import { useEffect, useRef } from "preact/hooks";
import { cepheusCompletion, cepheusLanguage, type CompletionContextData } from "../lang/cepheus";
import type { Finding } from "../lib/types";

export interface EditorHandle {
  setText(text: string): void;
  text(): string;
  /** Puts the cursor at a 1-based line and column and scrolls there. */
  select(line: number, column: number, endLine?: number, endColumn?: number): void;
  focus(): void;
}

export interface EditorProps {
  initial: string;
  readOnly?: boolean;
  /** Checks the text; its findings are drawn in the text. Omit for no checking. */
  check?: (text: string) => Promise<Finding[]>;
  completion?: CompletionContextData;
  onChange?: (text: string) => void;
  /** The cursor's 1-based line and column. */
  onCursor?: (line: number, column: number) => void;
  keys?: { save?: () => void; format?: () => void; run?: () => void };
  handle?: (h: EditorHandle) => void;
  label: string;
  minHeight?: string;
}

/** A 1-based line and column of `doc` as an offset, kept within the document. */
export function offset(doc: Text, line: number, column: number): number {
  if (line > doc.lines) return doc.length;
  const l = doc.line(Math.max(1, line));
  return Math.min(l.to, l.from + Math.max(0, column - 1));
}

export function diagnostics(doc: Text, findings: Finding[]): Diagnostic[] {
  return findings.map((f) => {
    const from = offset(doc, f.line, f.column);
    let to = offset(doc, f.endLine, f.endColumn);
    if (to <= from) to = Math.min(doc.length, from + 1);
    const d: Diagnostic = {
      from,
      to,
      severity: f.severity === "warning" ? "warning" : "error",
      source: `${f.line}:${f.column}`,
      message: f.message,
    };
    if (f.suggestion) {
      const suggestion = f.suggestion;
      d.actions = [{ name: `Use '${suggestion}'`, apply: (view, a, b) => view.dispatch({ changes: { from: a, to: b, insert: suggestion } }) }];
    }
    return d;
  });
}

export function Editor(props: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const live = useRef(props);
  live.current = props;

  useEffect(() => {
    const extensions: Extension[] = [
      lineNumbers(),
      highlightActiveLineGutter(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      highlightActiveLine(),
      cepheusLanguage,
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ "aria-label": props.label }),
      keymap.of([
        { key: "Mod-s", run: () => (live.current.keys?.save?.(), true), preventDefault: true },
        { key: "Shift-Alt-f", run: () => (live.current.keys?.format?.(), true) },
        { key: "Mod-Enter", run: () => (live.current.keys?.run?.(), true) },
        ...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap, indentWithTab,
      ]),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) live.current.onChange?.(u.state.doc.toString());
        if (u.selectionSet || u.docChanged) {
          const head = u.state.selection.main.head;
          const line = u.state.doc.lineAt(head);
          live.current.onCursor?.(line.number, head - line.from + 1);
        }
      }),
      EditorState.readOnly.of(!!props.readOnly),
      EditorView.editable.of(!props.readOnly),
    ];
    if (props.completion) extensions.push(autocompletion({ override: [cepheusCompletion(props.completion)] }));
    if (props.check) {
      extensions.push(
        lintGutter(),
        linter(async (view) => {
          const text = view.state.doc.toString();
          const findings = await live.current.check!(text).catch(() => [] as Finding[]);
          // the text may have changed while the server answered: draw only for the text it checked
          return view.state.doc.toString() === text ? diagnostics(view.state.doc, findings) : [];
        }, { delay: 400 }),
      );
    }
    const view = new EditorView({ parent: host.current!, doc: props.initial, extensions });
    props.handle?.({
      setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
      text: () => view.state.doc.toString(),
      select: (line, column, endLine, endColumn) => {
        const from = offset(view.state.doc, line, column);
        const to = endLine ? offset(view.state.doc, endLine, endColumn ?? 1) : from;
        view.dispatch({ selection: { anchor: from, head: to }, scrollIntoView: true });
        view.focus();
      },
      focus: () => view.focus(),
    });
    return () => view.destroy();
  }, [props.readOnly]);

  return <div class="editor" ref={host} style={{ minHeight: props.minHeight ?? "420px" }} />;
}
