// Test and backtest: run the text being edited over pasted or uploaded events (JSON or NDJSON), or a
// time range of a stream; see each alert with the events bound to each step, a histogram of the alerts
// over time and, for a saved rule, what the text adds or drops against the saved version.
import { useEffect, useRef, useState } from "preact/hooks";
import { Histogram } from "../components/charts";
import { ActionButton, Empty, ErrorBox } from "../components/ui";
import { api, ApiError } from "../lib/api";
import { can } from "../lib/session";
import { parseEvents } from "../lib/events";
import type { BacktestAlert, BacktestJob, BacktestResult, Rule, Stream } from "../lib/types";

/** What identifies an alert across versions: everything but the version and id. */
function identity(a: BacktestAlert): string {
  const { key, kind, first, last, steps } = a.alert;
  return JSON.stringify([key, kind, first, last, steps]);
}

interface Outcome {
  result: BacktestResult;
  /** Against the saved version (when the text differs from it). */
  compared?: { onlyNew: BacktestAlert[]; onlyOld: BacktestAlert[]; both: number; version: number };
}

const STEP_COLOURS = ["#e9c46a", "#8ecae6", "#b5e48c", "#f4a3a8", "#cdb4db", "#ffd6a5"];

export function TestTab({ rule, text, streams }: { rule: Rule; text: string; streams: Stream[] }) {
  const [source, setSource] = useState<"paste" | "range">("paste");
  const [events, setEvents] = useState("");
  const [stream, setStream] = useState(rule.summary?.streams[0] ?? "");
  const [from, setFrom] = useState(new Date(Date.now() - 3600_000).toISOString().slice(0, 16));
  const [to, setTo] = useState(new Date().toISOString().slice(0, 16));
  const [job, setJob] = useState<BacktestJob | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const polling = useRef<number | null>(null);
  const edited = text.trim() !== rule.text.trim();

  useEffect(() => () => { if (polling.current) clearTimeout(polling.current); }, []);

  function input(): Record<string, unknown> {
    if (source === "paste") return { events: parseEvents(events) };
    return { stream, range: { from: new Date(from + "Z").toISOString(), to: new Date(to + "Z").toISOString() } };
  }

  /** Runs one backtest to its result, following a job (progress, cancel) when the server makes one. */
  async function runOne(request: Record<string, unknown>): Promise<BacktestResult | null> {
    const first = await api.backtest(request);
    if (first.result) return first.result;
    let j = first.job!;
    setJob(j);
    while (j.state === "running") {
      await new Promise<void>((resolve) => (polling.current = window.setTimeout(resolve, 400)));
      j = await api.job(j.id);
      setJob(j);
    }
    setJob(null);
    if (j.state === "succeeded") return j.result!;
    if (j.state === "cancelled") return null;
    throw new ApiError(0, j.error ?? "the backtest failed");
  }

  async function run() {
    setError(null);
    setOutcome(null);
    let body: Record<string, unknown>;
    try {
      body = input();
    } catch (e) {
      setError(e as Error);
      return;
    }
    if (source === "paste" && (body.events as unknown[]).length === 0) {
      setError(new Error("Paste or upload some events first (one JSON object a line, or a JSON array)."));
      return;
    }
    try {
      if (!edited) {
        const result = await runOne({ rule: rule.id, ...body });
        if (result) setOutcome({ result });
        return;
      }
      const result = await runOne({ text, ...body });
      if (!result) return;
      const saved = await runOne({ rule: rule.id, ...body });
      if (!saved) return;
      const old = new Map(saved.alerts.map((a) => [identity(a), a]));
      const now = new Set(result.alerts.map(identity));
      setOutcome({
        result,
        compared: {
          onlyNew: result.alerts.filter((a) => !old.has(identity(a))),
          onlyOld: saved.alerts.filter((a) => !now.has(identity(a))),
          both: result.alerts.filter((a) => old.has(identity(a))).length,
          version: rule.version,
        },
      });
    } catch (e) {
      setError(e as ApiError);
    }
  }

  async function upload(e: Event) {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) setEvents(await file.text());
  }

  if (!can("author")) {
    return <Empty title="Backtests need an author's token">A viewer can read the rule, its versions and its shadow report.</Empty>;
  }

  return (
    <div class="test-tab">
      <p class="muted">
        Runs {edited ? <strong>the text in the editor (not saved)</strong> : <span>version {rule.version}</span>} with the engine of <code>cepheus backtest</code>.
        {edited && ` Its alerts are compared with those of the saved version ${rule.version}.`}
      </p>
      <div class="source" role="radiogroup" aria-label="events">
        <label class="check"><input type="radio" name="source" checked={source === "paste"} onChange={() => setSource("paste")} /> Paste or upload events</label>
        <label class="check"><input type="radio" name="source" checked={source === "range"} onChange={() => setSource("range")} /> A time range of a stream</label>
      </div>
      {source === "paste" ? (
        <div>
          <textarea id="events-input" aria-label="events, JSON or NDJSON" rows={8} spellcheck={false} placeholder={'{"card":"c1","amount":1.00,"ts":"2026-03-01T10:00:01Z"}\n{"card":"c1","amount":750.00,"ts":"2026-03-01T10:00:03Z"}'} value={events} onInput={(e) => setEvents((e.target as HTMLTextAreaElement).value)} />
          <label class="upload">Upload a file (.json, .ndjson, .jsonl): <input type="file" accept=".json,.ndjson,.jsonl,.txt,application/json" onChange={upload} /></label>
        </div>
      ) : (
        <div class="filters">
          <select aria-label="stream" value={stream} onChange={(e) => setStream((e.target as HTMLSelectElement).value)}>
            {streams.map((s) => <option value={s.name}>{s.name}</option>)}
          </select>
          <label>from (UTC) <input type="datetime-local" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} /></label>
          <label>to (UTC) <input type="datetime-local" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} /></label>
        </div>
      )}
      <div class="toolbar">
        <ActionButton label="Run" id="run-backtest" kind="primary" run={run} disabled={!!job} />
        {job && (
          <span class="progress" role="status">
            <progress max={job.eventsTotal || 1} value={job.eventsRead} /> {job.eventsRead} of {job.eventsTotal} events
            <ActionButton label="Cancel" id="cancel-backtest" run={() => api.cancelJob(job.id)} />
          </span>
        )}
      </div>
      {error && <ErrorBox title="The backtest did not run" error={error} />}
      {outcome && <Results outcome={outcome} />}
    </div>
  );
}

function Results({ outcome }: { outcome: Outcome }) {
  const { result, compared } = outcome;
  const times = result.alerts.map((a) => Date.parse(String(a.alert.fired ?? a.alert.last ?? a.alert.first ?? ""))).filter((t) => !Number.isNaN(t));
  return (
    <div class="results" id="backtest-results">
      <p role="status">
        <strong id="alert-count">{result.alerts.length} alert{result.alerts.length === 1 ? "" : "s"}</strong> from {result.eventsRead} events
        {result.rejected > 0 && `, ${result.rejected} rejected`}{result.late > 0 && `, ${result.late} late`}{result.truncated && " (the first 10,000 listed)"}.
      </p>
      {times.length > 0 && <Histogram times={times} />}
      {compared && (
        <div class="compare" id="compare">
          <h3>Against the saved version {compared.version}</h3>
          <p>
            <span class="added">+{compared.onlyNew.length} only with this text</span> · <span class="removed">−{compared.onlyOld.length} only with version {compared.version}</span> · {compared.both} in both
          </p>
          {compared.onlyNew.length > 0 && <AlertList title="Only with this text" alerts={compared.onlyNew} />}
          {compared.onlyOld.length > 0 && <AlertList title={`Only with version ${compared.version}`} alerts={compared.onlyOld} />}
        </div>
      )}
      {!compared && result.diff && (
        <div class="compare">
          <h3>Against the deployed version {result.diff.deployedVersion}</h3>
          <p>+{result.diff.onlyNew.length} new · −{result.diff.onlyOld.length} dropped · {result.diff.both.length} in both</p>
        </div>
      )}
      {result.alerts.length === 0 ? <Empty title="No alert">The rule did not match these events.</Empty> : <AlertList title="Alerts" alerts={result.alerts} />}
      {result.problems.length > 0 && (
        <div>
          <h3>Problems</h3>
          <ul class="problems">
            {result.problems.map((p) => <li>{p.event !== null && `event ${p.event}: `}{p.reason}: {p.message}</li>)}
          </ul>
        </div>
      )}
    </div>
  );
}

function AlertList({ title, alerts }: { title: string; alerts: BacktestAlert[] }) {
  return (
    <div class="alert-list">
      <h3>{title}</h3>
      {alerts.slice(0, 200).map((a) => <BacktestAlertView a={a} />)}
    </div>
  );
}

function BacktestAlertView({ a }: { a: BacktestAlert }) {
  const steps = Object.keys(a.events);
  return (
    <details class="bt-alert" open={steps.length > 0} data-key={a.alert.key}>
      <summary>
        <strong>{a.alert.key}</strong> · {a.alert.kind} · {String(a.alert.fired ?? a.alert.last ?? "")} {a.alert.summary && `· ${a.alert.summary}`}
      </summary>
      {steps.map((step, i) => (
        <div class="bound" data-step={step}>
          <span class="step-name" style={{ background: STEP_COLOURS[i % STEP_COLOURS.length] }}>{step}</span>
          <EventTable events={a.events[step]} colour={STEP_COLOURS[i % STEP_COLOURS.length]} />
        </div>
      ))}
    </details>
  );
}

export function EventTable({ events, colour }: { events: (Record<string, unknown> | null)[]; colour?: string }) {
  const fields = [...new Set(events.flatMap((e) => (e ? Object.keys(e) : [])))];
  return (
    <table class="events" style={colour ? { borderLeft: `4px solid ${colour}` } : undefined}>
      <thead><tr>{fields.map((f) => <th>{f}</th>)}</tr></thead>
      <tbody>
        {events.map((e) => <tr>{fields.map((f) => <td>{e ? format(e[f]) : "–"}</td>)}</tr>)}
      </tbody>
    </table>
  );
}

function format(v: unknown): string {
  if (v === null || v === undefined) return "–";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
