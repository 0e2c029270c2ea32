// One alert: its fields, the events matched per step, its lifecycle with the status actions
// (acknowledge, resolve with a disposition, comment, snooze the key), and its webhook deliveries.
import { useState } from "preact/hooks";
import { ActionButton, Ago, Empty, ErrorBox, Loading, SeverityBadge, useAsync } from "../components/ui";
import { api } from "../lib/api";
import { can } from "../lib/session";
import { DISPOSITIONS, type Delivery } from "../lib/types";
import { EventTable } from "./rule-test";

export function AlertPage({ id }: { id: string }) {
  const alert = useAsync(() => api.alert(id), [id]);
  const deliveries = useAsync<Delivery[] | "none">(
    async () => ((await api.offers("/api/v1/alerts/{id}/deliveries")) ? api.alertDeliveries(id) : ("none" as const)),
    [id],
  );
  const [disposition, setDisposition] = useState("true_positive");
  const [comment, setComment] = useState("");
  const [snoozeFor, setSnoozeFor] = useState("2h");
  const [notice, setNotice] = useState<string | null>(null);

  if (alert.error) return <ErrorBox title={alert.error.status === 404 ? "No such alert on this node" : "Cannot read the alert"} error={alert.error} />;
  if (!alert.data) return <Loading what="the alert" />;
  const a = alert.data;
  const life = a.lifecycle;
  const author = can("author");

  return (
    <section aria-labelledby="alert-title" class="alert-page">
      <div class="heading">
        <h1 id="alert-title">{a.title ?? a.rule}: {a.key}</h1>
        <SeverityBadge severity={a.severity} />
        <span class={`status status-${life.status}`} id="alert-status">{life.status}</span>
        {life.disposition && <span class="muted" id="alert-disposition">{life.disposition.replace("_", " ")}</span>}
        {a.shadow && <span class="badge badge-shadow">shadow</span>}
      </div>
      {a.summary && <p class="lead">{a.summary}</p>}
      <dl class="facts">
        <dt>Rule</dt><dd><a href={`/rules/${encodeURIComponent(a.rule)}`}>{a.rule}</a> v{a.version}</dd>
        <dt>Key</dt><dd>{a.key} · <a href={`/why?rule=${encodeURIComponent(a.rule)}&key=${encodeURIComponent(a.key)}`}>why not (again)?</a></dd>
        <dt>Kind</dt><dd>{a.kind}</dd>
        <dt>Fired</dt><dd>{a.fired ?? a.time} (<Ago time={a.fired ?? a.time} />)</dd>
        <dt>Events</dt><dd>{a.first} … {a.last}</dd>
        {Object.entries(a.fields ?? {}).map(([k, v]) => <><dt>{k}</dt><dd>{typeof v === "object" ? JSON.stringify(v) : String(v)}</dd></>)}
        <dt>Tags</dt><dd>{(a.tags ?? []).map((t) => <span class="tag">{t}</span>)}</dd>
        <dt>Id</dt><dd><code>{a.id}</code></dd>
      </dl>

      <h2>Matched events</h2>
      {a.steps && Object.keys(a.steps).length > 0
        ? Object.entries(a.steps).map(([step, events]) => (
            <div class="bound" data-step={step}><span class="step-name">{step}</span><EventTable events={events} /></div>
          ))
        : <p class="muted">No bound events (an aggregate's alert lists its window instead).</p>}

      <h2>Status</h2>
      {notice && <p class="notice" role="status">{notice}</p>}
      {author ? (
        <div class="actions card">
          {life.status === "open" && <ActionButton label="Acknowledge" id="acknowledge" run={async () => { await api.acknowledge(id); alert.reload(); }} />}
          <span class="group">
            <select aria-label="disposition" id="disposition" value={disposition} onChange={(e) => setDisposition((e.target as HTMLSelectElement).value)}>
              {DISPOSITIONS.map((d) => <option value={d}>{d.replace("_", " ")}</option>)}
            </select>
            <ActionButton label={life.status === "resolved" ? "Resolve again" : "Resolve"} id="resolve" kind="primary"
              run={async () => { await api.resolve(id, disposition, comment.trim() || undefined); setComment(""); alert.reload(); }} />
          </span>
          <span class="group">
            <input aria-label="comment" id="comment" placeholder="comment" value={comment} onInput={(e) => setComment((e.target as HTMLInputElement).value)} />
            <ActionButton label="Comment" id="add-comment" disabled={!comment.trim()} run={async () => { await api.comment(id, comment.trim()); setComment(""); alert.reload(); }} />
          </span>
          <span class="group">
            <input aria-label="snooze for" size={5} value={snoozeFor} onInput={(e) => setSnoozeFor((e.target as HTMLInputElement).value)} />
            <ActionButton label={`Snooze ${a.key}`} id="snooze" run={async () => { const s = await api.snooze(a.rule, a.key, snoozeFor.trim()); setNotice(`${a.rule} is snoozed for ${a.key} until ${s.until}.`); }} />
          </span>
        </div>
      ) : <p class="muted">A viewer sees the status; an author changes it.</p>}
      {life.updated && <p class="muted">Last changed <Ago time={life.updated} /> by {life.by}.</p>}
      {life.comments.length > 0 && (
        <ul class="comments">
          {life.comments.map((c) => <li><strong>{c.by}</strong> <Ago time={c.time} />: {c.text}</li>)}
        </ul>
      )}

      <h2>Webhook deliveries</h2>
      {deliveries.error && <ErrorBox title="Cannot read the deliveries" error={deliveries.error} />}
      {deliveries.data === "none" && <p class="muted" id="webhooks-unavailable">Webhooks are not available on this server.</p>}
      {Array.isArray(deliveries.data) && deliveries.data.length === 0 && <Empty title="Not delivered anywhere">No webhook endpoint takes this alert.</Empty>}
      {Array.isArray(deliveries.data) && deliveries.data.length > 0 && <DeliveryTable deliveries={deliveries.data} />}
    </section>
  );
}

export function DeliveryTable({ deliveries, replay }: { deliveries: Delivery[]; replay?: (d: Delivery) => Promise<unknown> }) {
  return (
    <table class="list deliveries">
      <thead><tr><th>Created</th><th>Endpoint</th><th>Rule</th><th>Status</th><th>Attempts</th><th>Next attempt</th>{replay && <th />}</tr></thead>
      <tbody>
        {deliveries.map((d) => (
          <tr data-delivery={d.id}>
            <td><Ago time={d.created} /></td>
            <td><a href={`/webhooks/${encodeURIComponent(d.endpoint)}`}>{d.endpoint}</a></td>
            <td>{d.rule}</td>
            <td><span class={`status status-${d.status}`}>{d.status}</span></td>
            <td>{d.attempts.map((t) => <div class="small">{t.status ?? "no answer"} · {t.latencyMs} ms{t.error ? ` · ${t.error}` : ""}</div>)}</td>
            <td><Ago time={d.nextAttemptAt} /></td>
            {replay && <td>{(d.status === "dead" || d.status === "failed") && <ActionButton label="Replay" run={() => replay(d)} />}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
