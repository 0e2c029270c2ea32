// Why hasn't it fired? For a rule and a key: the live partial matches (what is bound, what is
// awaited, until when), the watermark and idle state of the rule's streams, and the late and
// dead-lettered counts (the key's when the server gives them, else the stream's on this node).
import { useState } from "preact/hooks";
import { Ago, Empty, ErrorBox, Loading, useAsync } from "../components/ui";
import { api, Metrics } from "../lib/api";
import { navigate } from "../lib/router";
import type { PartialMatches, Rule } from "../lib/types";
import { EventTable } from "./rule-test";

export function WhyNotScreen() {
  const q = new URLSearchParams(location.search);
  const [rule, setRule] = useState(q.get("rule") ?? "");
  const [key, setKey] = useState(q.get("key") ?? "");
  const rules = useAsync(() => api.rules().catch(() => [] as Rule[]), []);
  const asked = q.get("rule") && q.get("key") ? { rule: q.get("rule")!, key: q.get("key")! } : null;
  const answer = useAsync<{ pm: PartialMatches; metrics: Metrics } | null>(
    async () => (asked ? { pm: await api.partialMatches(asked.rule, asked.key), metrics: await api.metrics() } : null),
    [asked?.rule, asked?.key],
  );

  return (
    <section aria-labelledby="why-title">
      <h1 id="why-title">Why hasn't it fired?</h1>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); navigate(`/why?rule=${encodeURIComponent(rule)}&key=${encodeURIComponent(key)}`); }}>
        <select aria-label="rule" id="why-rule" value={rule} onChange={(e) => setRule((e.target as HTMLSelectElement).value)} required>
          <option value="">choose a rule</option>
          {(rules.data ?? []).filter((r) => r.summary?.kind !== "aggregate").map((r) => <option value={r.id}>{r.id}</option>)}
        </select>
        <input aria-label="key" id="why-key" placeholder="partition key, e.g. a card number" value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} required />
        <button class="primary" type="submit" id="why-ask">Ask</button>
      </form>
      {!asked && <Empty title="Choose a rule and a key">The node that owns the key answers with the partial matches it holds for it.</Empty>}
      {asked && answer.loading && <Loading what="the partial matches" />}
      {asked && answer.error && <ErrorBox title="No answer" error={answer.error} />}
      {answer.data && <Answer pm={answer.data.pm} metrics={answer.data.metrics} />}
    </section>
  );
}

function count(v: unknown): string {
  return typeof v === "number" ? String(v) : "–";
}

/** A per-stream counter of this node's metrics: 0 when the node reports metrics but none for the stream yet. */
function streamCount(metrics: Metrics, name: string, stream: string): number | null {
  return metrics.samples.length === 0 ? null : metrics.sum(name, { stream }) ?? 0;
}

function Answer({ pm, metrics }: { pm: PartialMatches; metrics: Metrics }) {
  return (
    <div id="why-answer">
      <p>
        Rule <a href={`/rules/${encodeURIComponent(pm.rule)}`}>{pm.rule}</a> version {pm.version}, key <strong>{pm.key}</strong>, owned by node {pm.node}.
        Watermark of its engine: {pm.watermark ?? "no event yet"}{pm.watermark && <> (<Ago time={pm.watermark} />)</>}.
      </p>
      <table class="list">
        <thead><tr><th>Stream</th><th>Watermark</th><th>Idle</th><th>Late (key)</th><th>Dead-lettered (key)</th><th>Late (stream, this node)</th><th>Dead-lettered (stream, this node)</th></tr></thead>
        <tbody>
          {pm.streams.map((s) => (
            <tr>
              <td>{s.stream}</td>
              <td>{s.watermark ?? "–"}</td>
              <td>{s.idle ? "idle: follows the wall clock" : "no"}</td>
              <td>{count(s.late ?? pm.late)}</td>
              <td>{count(s.deadLettered ?? pm.deadLettered)}</td>
              <td>{count(streamCount(metrics, "cepheus_records_late_total", s.stream))}</td>
              <td>{count(streamCount(metrics, "cepheus_records_dead_lettered_total", s.stream))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Partial matches ({pm.partialMatches.length})</h2>
      {pm.partialMatches.length === 0 && (
        <Empty title="No partial match for this key">No event of this key has started a match (or the matches timed out). Check the key, the stream's watermark and the late and dead-lettered counts above.</Empty>
      )}
      {pm.partialMatches.map((m) => (
        <div class="card partial">
          <p>
            {m.completed ? <strong>Completed, held back by the skip strategy</strong> : <>Waiting in <strong>{m.waitingIn ?? "an internal state"}</strong></>}
            {" "}· started {m.start} · {m.deadline ? <>times out {m.deadline} (<Ago time={m.deadline} />)</> : "no window"} · version {m.version}
          </p>
          {Object.entries(m.steps).map(([step, events]) => (
            <div class="bound"><span class="step-name">{step}</span><EventTable events={events.map((e) => ({ time: e.time, ...e.fields }))} /></div>
          ))}
        </div>
      ))}
    </div>
  );
}
