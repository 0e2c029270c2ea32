// A rule: the editor with its pattern view, and the tabs to test it, see its versions and its
// shadow report. The text being edited is kept here, so moving between tabs loses nothing.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Editor, type EditorHandle } from "../components/editor";
import { PatternView } from "../components/pattern-graph";
import { ActionButton, ErrorBox, Loading, StateBadge, useAsync } from "../components/ui";
import { api, ApiError, type Tagged } from "../lib/api";
import { diffLines, DiffView } from "../lib/diff";
import { navigate } from "../lib/router";
import { can } from "../lib/session";
import type { Finding, PatternGraph, Rule, RuleState, Stream } from "../lib/types";
import { ShadowTab, VersionsTab } from "./rule-history";
import { TestTab } from "./rule-test";

const NEW_RULE = `rule my_rule {
  title "What it finds"
  severity medium
  from payments
  partition by card
  pattern small -> big
  where
    small: amount < 2
    big: amount > 500
  within 10m
  alert { summary "card \${card}: \${big.amount} after \${small.amount}" }
}
`;

const TABS = [
  ["edit", "Edit"],
  ["test", "Test & backtest"],
  ["versions", "Versions"],
  ["shadow", "Shadow report"],
];

/** The step whose name or definition is under the cursor. */
function stepAt(graph: PatternGraph | null, text: string, line: number, column: number): string | null {
  if (!graph) return null;
  const inSpan = (s: { line: number; column: number; endLine: number; endColumn: number } | undefined) =>
    !!s && (line > s.line || (line === s.line && column >= s.column)) && (line < s.endLine || (line === s.endLine && column <= s.endColumn));
  const hit = graph.steps.find((s) => inSpan(s.span) || inSpan(s.definition));
  if (hit) return hit.name;
  // a step's name anywhere (e.g. `last(probe)` in a condition)
  const lineText = text.split("\n")[line - 1] ?? "";
  const word = /[A-Za-z_]\w*$/.exec(lineText.slice(0, column - 1))?.[0] ?? "";
  const rest = /^\w*/.exec(lineText.slice(column - 1))?.[0] ?? "";
  const name = word + rest;
  return graph.steps.some((s) => s.name === name) ? name : null;
}

export function RulePage({ id, tab }: { id: string | null; tab: string }) {
  const loaded = useAsync<Tagged<Rule> | null>(() => (id ? api.rule(id) : Promise.resolve(null)), [id]);
  const streams = useAsync(() => api.streams().catch(() => [] as Stream[]), []);
  const [rule, setRule] = useState<Tagged<Rule> | null>(null);
  const [text, setText] = useState<string | null>(null);

  useEffect(() => {
    if (loaded.data !== undefined) {
      setRule(loaded.data);
      setText(loaded.data ? loaded.data.body.text : NEW_RULE);
    }
  }, [loaded.data]);

  if (loaded.error) {
    return (
      <section>
        <h1>{id}</h1>
        <ErrorBox title={loaded.error.status === 404 ? "No such rule" : "Cannot read the rule"} error={loaded.error} />
        <p><a href="/rules">Back to the rules</a></p>
      </section>
    );
  }
  if (text === null) return <Loading what="the rule" />;

  const current = tab === "edit" || !id ? "edit" : tab;
  return (
    <section class="rule-page" aria-labelledby="rule-title">
      <div class="heading">
        <h1 id="rule-title">{rule ? rule.body.id : "New rule"}</h1>
        {rule && <StateBadge state={rule.body.state} />}
        {rule && <span class="muted">version {rule.body.version} · {rule.body.origin}</span>}
        {rule && <a class="button link" href={`/why?rule=${encodeURIComponent(rule.body.id)}`}>Why not?</a>}
      </div>
      {rule && (
        <nav class="tabs" aria-label="rule">
          {TABS.map(([t, label]) => (
            <a href={`/rules/${encodeURIComponent(rule.body.id)}${t === "edit" ? "" : `/${t}`}`} class={current === t ? "current" : ""} aria-current={current === t ? "page" : undefined} id={`tab-${t}`}>
              {label}
            </a>
          ))}
        </nav>
      )}
      {current === "edit" && <EditTab rule={rule} text={text} setText={setText} setRule={setRule} streams={streams.data ?? []} />}
      {current === "test" && rule && <TestTab rule={rule.body} text={text} streams={streams.data ?? []} />}
      {current === "versions" && rule && <VersionsTab rule={rule} onRolledBack={(r) => { setRule(r); setText(r.body.text); }} />}
      {current === "shadow" && rule && <ShadowTab rule={rule.body} />}
    </section>
  );
}

function EditTab(props: {
  rule: Tagged<Rule> | null;
  text: string;
  setText: (t: string) => void;
  setRule: (r: Tagged<Rule>) => void;
  streams: Stream[];
}) {
  const { rule } = props;
  const editor = useRef<EditorHandle | null>(null);
  const [findings, setFindings] = useState<Finding[] | null>(null);
  const [graph, setGraph] = useState<PatternGraph | null>(rule?.body.summary?.pattern ?? null);
  const [graphFresh, setGraphFresh] = useState(true);
  const [cursor, setCursor] = useState<[number, number]>([1, 1]);
  const [saving, setSaving] = useState<{ diff: ReturnType<typeof diffLines>; text: string } | null>(null);
  const [shadow, setShadow] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const readOnly = !can("author");

  const completion = useMemo(
    () => ({
      fields: (stream: string | null) =>
        props.streams.filter((s) => stream === null || s.name === stream).flatMap((s) => s.fields.map((f) => ({ ...f, stream: s.name }))),
    }),
    [props.streams],
  );

  async function check(text: string): Promise<Finding[]> {
    const v = await api.validate(text);
    setFindings(v.diagnostics);
    const names = Object.keys(v.rules);
    const g = names.length > 0 ? v.rules[names[0]].pattern ?? null : null;
    if (v.valid && names.length > 0) {
      setGraph(g);
      setGraphFresh(true);
    } else {
      setGraphFresh(false);
    }
    return v.diagnostics;
  }

  async function format() {
    try {
      const f = await api.format(editor.current!.text());
      editor.current!.setText(f.text);
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    }
  }

  async function prepareSave() {
    setError(null);
    setSaved(null);
    const text = editor.current!.text();
    const formatted = await api.format(text).then((f) => f.text, () => text);
    setSaving({ diff: diffLines(rule?.body.text ?? "", formatted), text });
  }

  async function save() {
    if (!saving) return;
    try {
      const state: RuleState | undefined = shadow ? "shadow" : undefined;
      const r = rule
        ? await api.updateRule(rule.body.id, rule.etag ?? rule.body.version, { text: saving.text, state })
        : await api.createRule(saving.text, state);
      setSaving(null);
      setSaved(r.body.version === rule?.body.version ? "No change: the text is as saved." : `Saved as version ${r.body.version}.`);
      props.setRule(r);
      props.setText(r.body.text);
      editor.current!.setText(r.body.text);
      if (!rule) navigate(`/rules/${encodeURIComponent(r.body.id)}`, true);
    } catch (e) {
      const err = e as ApiError;
      setError(err.status === 412 ? new ApiError(412, `${err.detail} — someone changed the rule meanwhile: reload it to see their version.`) : err);
    }
  }

  async function setState(state: RuleState) {
    if (!rule) return;
    const r = await api.updateRule(rule.body.id, rule.etag ?? rule.body.version, { state });
    props.setRule(r);
  }

  const active = stepAt(graph, props.text, cursor[0], cursor[1]);
  const errors = (findings ?? []).filter((f) => f.severity === "error");

  return (
    <div class="edit-tab">
      <div class="toolbar">
        {!readOnly && (
          <>
            <button class="primary" id="save" onClick={prepareSave} title="Save as a new version (Ctrl+S)">Save…</button>
            <button id="format" onClick={format} title="Format (Shift+Alt+F)">Format</button>
          </>
        )}
        {readOnly && <span class="muted" id="read-only">Read only: your token is a viewer's.</span>}
        {rule && !readOnly && (
          <span class="state-switch" role="group" aria-label="state">
            {(["enabled", "disabled", "shadow"] as RuleState[]).map((s) => (
              <ActionButton label={s} id={`state-${s}`} kind={rule.body.state === s ? "toggled" : ""} disabled={rule.body.state === s} run={() => setState(s)} />
            ))}
          </span>
        )}
        <span class="muted small">Ctrl+Space completes · Ctrl+S saves · hover an underline for the message</span>
      </div>
      {error && <ErrorBox title="Not saved" error={error} />}
      {saved && <p class="notice" role="status" id="saved">{saved}</p>}
      {saving && (
        <div class="card save-panel" role="dialog" aria-label="save">
          <h2>{rule ? `Save as version ${rule.body.version + 1}` : "Create the rule"}</h2>
          <p class="muted">{rule ? `Changes against version ${rule.body.version} (formatted):` : "The rule as it will be stored:"}</p>
          <DiffView lines={saving.diff} />
          <label class="check"><input type="checkbox" checked={shadow} onChange={(e) => setShadow((e.target as HTMLInputElement).checked)} /> run it as a shadow beside the deployed version (its alerts notify nobody)</label>
          <div class="toolbar">
            <ActionButton label="Save" id="confirm-save" kind="primary" run={save} />
            <button onClick={() => setSaving(null)}>Cancel</button>
          </div>
        </div>
      )}
      <div class="split">
        <div class="pane">
          <Editor
            key={`${rule?.body.id ?? "new"}-${readOnly}`}
            label="rule text"
            initial={props.text}
            readOnly={readOnly}
            check={check}
            completion={completion}
            onChange={props.setText}
            onCursor={(l, c) => setCursor([l, c])}
            keys={{ save: readOnly ? undefined : prepareSave, format: readOnly ? undefined : format }}
            handle={(h) => (editor.current = h)}
          />
          <div class="diagnostics" id="diagnostics" aria-live="polite">
            {findings === null ? <span class="muted">Checking…</span>
              : findings.length === 0 ? <span class="ok" id="no-problems">No problems.</span>
              : findings.map((f) => (
                  <button class={`finding finding-${f.severity}`} data-line={f.line} data-column={f.column} onClick={() => editor.current?.select(f.line, f.column, f.endLine, f.endColumn)}>
                    <span class="pos">{f.line}:{f.column}</span> {f.severity}: {f.message}{f.suggestion && !f.message.includes(f.suggestion) ? ` (did you mean '${f.suggestion}'?)` : ""}
                  </button>
                ))}
          </div>
          {rule?.body.problem && <ErrorBox title="The saved version does not compile with today's streams" error={rule.body.problem} />}
        </div>
        <div class="pane side">
          <h2>Pattern</h2>
          {graph ? (
            <PatternView graph={graph} active={active} stale={!graphFresh || errors.length > 0} onSelect={(s) => {
              const at = s.definition ?? s.span;
              editor.current?.select(at.line, at.column, at.endLine, at.endColumn);
            }} />
          ) : (
            <p class="muted">{rule?.body.summary?.kind === "aggregate" ? "An aggregate rule: it has windows, not a pattern." : "The pattern is drawn here once the rule compiles."}</p>
          )}
          {rule?.body.summary && (
            <dl class="facts">
              <dt>Reads</dt><dd>{rule.body.summary.streams.join(", ") || "–"}</dd>
              <dt>Partition by</dt><dd>{rule.body.summary.partitionBy.join(", ") || "–"}</dd>
              <dt>Window</dt><dd>{rule.body.summary.window ?? "–"}</dd>
            </dl>
          )}
        </div>
      </div>
    </div>
  );
}
