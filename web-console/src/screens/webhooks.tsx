// Webhook endpoints: list, create (the secret is shown once), and per endpoint its settings, a test
// alert, the delivery log, dead letters and replay. A server without the webhook API answers 404:
// then the screens say that webhooks are not available.
import { useState } from "preact/hooks";
import { ActionButton, Ago, Empty, ErrorBox, Loading, onListKeys, useAsync } from "../components/ui";
import { api, ApiError } from "../lib/api";
import { navigate } from "../lib/router";
import { can } from "../lib/session";
import type { Webhook } from "../lib/types";
import { DeliveryTable } from "./alert";

function Unavailable() {
  return <Empty title="Webhooks are not available">This server has no webhook API (yet).</Empty>;
}

const notFound = (e: ApiError | null) => e?.status === 404 || e?.status === 405;

/** The endpoints, or "none" when the server has no webhook API. */
async function endpoints(): Promise<Webhook[] | "none"> {
  return (await api.offers("/api/v1/webhooks")) ? api.webhooks() : "none";
}

export function WebhooksScreen() {
  const hooks = useAsync(endpoints, []);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Webhook | null>(null);
  if (hooks.data === "none" || notFound(hooks.error)) return <section><h1>Webhooks</h1><div id="webhooks-unavailable"><Unavailable /></div></section>;
  return (
    <section aria-labelledby="webhooks-title">
      <div class="heading">
        <h1 id="webhooks-title">Webhooks</h1>
        {can("author") && !creating && <button class="primary" id="new-webhook" onClick={() => setCreating(true)}>New endpoint</button>}
      </div>
      {created?.secret && (
        <div class="card secret" role="status" id="webhook-secret">
          <strong>Endpoint {created.name} created.</strong> Its signing secret — shown this once, keep it now:
          <pre><code>{created.secret}</code></pre>
          <button onClick={() => navigator.clipboard?.writeText(created.secret!)}>Copy</button> <button onClick={() => setCreated(null)}>I have kept it</button>
        </div>
      )}
      {creating && <WebhookForm onDone={(w) => { setCreating(false); if (w) { setCreated(w); hooks.reload(); } }} />}
      {hooks.error && <ErrorBox title="Cannot list the webhooks" error={hooks.error} />}
      {hooks.loading && !hooks.data && <Loading what="webhooks" />}
      {Array.isArray(hooks.data) && hooks.data.length === 0 && <Empty title="No endpoints yet">An endpoint receives signed alerts; a rule's <code>notify NAME</code> names one.</Empty>}
      {Array.isArray(hooks.data) && hooks.data.length > 0 && (
        <table class="list" id="webhooks-table">
          <thead><tr><th>Endpoint</th><th>URL</th><th>Format</th><th>State</th><th>Delivered</th><th>Failed</th><th>Dead</th><th>Pending</th></tr></thead>
          <tbody onKeyDown={onListKeys}>
            {hooks.data.map((w) => (
              <tr data-row tabIndex={0} data-webhook={w.name}>
                <td><a href={`/webhooks/${encodeURIComponent(w.name)}`}>{w.name}</a></td>
                <td><code>{w.url}</code></td>
                <td>{w.format}</td>
                <td>{w.enabled ? "enabled" : <span title={w.disabledReason ?? ""}>disabled</span>}</td>
                <td>{w.stats.delivered}</td><td>{w.stats.failed}</td><td>{w.stats.dead}</td><td>{w.stats.pending}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function list(s: string): string[] {
  return s.split(",").map((x) => x.trim()).filter(Boolean);
}

function WebhookForm({ onDone, initial, version }: { onDone: (w: Webhook | null) => void; initial?: Webhook; version?: number }) {
  const [name, setName] = useState(initial?.name ?? "");
  const [url, setUrl] = useState(initial?.url ?? "https://");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [rules, setRules] = useState((initial?.rules ?? []).join(", "));
  const [tags, setTags] = useState((initial?.tags ?? []).join(", "));
  const [minSeverity, setMinSeverity] = useState(initial?.minSeverity ?? "");
  const [format, setFormat] = useState<Webhook["format"]>(initial?.format ?? "standard");
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  async function submit() {
    const body: Partial<Webhook> = { name, url, description, rules: list(rules), tags: list(tags), format, enabled };
    if (minSeverity) body.minSeverity = minSeverity;
    const r = initial ? await api.updateWebhook(initial.name, version!, body) : await api.createWebhook(body);
    onDone(r.body);
  }
  return (
    <form class="card form" onSubmit={(e) => e.preventDefault()} aria-label="webhook endpoint">
      <label>Name <input id="webhook-name" value={name} disabled={!!initial} onInput={(e) => setName((e.target as HTMLInputElement).value)} placeholder="fraud-team" required /></label>
      <label>URL <input id="webhook-url" value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} required /></label>
      <label>Description <input value={description} onInput={(e) => setDescription((e.target as HTMLInputElement).value)} /></label>
      <label>Only these rules (comma-separated; empty: every rule that notifies it) <input value={rules} onInput={(e) => setRules((e.target as HTMLInputElement).value)} /></label>
      <label>Only these tags <input value={tags} onInput={(e) => setTags((e.target as HTMLInputElement).value)} /></label>
      <label>Least severity
        <select value={minSeverity} onChange={(e) => setMinSeverity((e.target as HTMLSelectElement).value)}>
          <option value="">any</option>
          {["info", "low", "medium", "high", "critical"].map((s) => <option value={s}>{s}</option>)}
        </select>
      </label>
      <label>Format
        <select value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value as Webhook["format"])}>
          {["standard", "cloudevents", "alertmanager"].map((s) => <option value={s}>{s}</option>)}
        </select>
      </label>
      <label class="check"><input type="checkbox" checked={enabled} onChange={(e) => setEnabled((e.target as HTMLInputElement).checked)} /> enabled</label>
      <div class="toolbar">
        <ActionButton label={initial ? "Save" : "Create"} id="webhook-save" kind="primary" run={submit} />
        <button type="button" onClick={() => onDone(null)}>Cancel</button>
      </div>
    </form>
  );
}

export function WebhookPage({ name }: { name: string }) {
  const offered = useAsync(() => api.offers("/api/v1/webhooks/{name}"), []);
  if (offered.data === false) return <section><h1>{name}</h1><Unavailable /></section>;
  if (offered.data === undefined) return <Loading what="the endpoint" />;
  return <Endpoint name={name} />;
}

function Endpoint({ name }: { name: string }) {
  const hook = useAsync(() => api.webhook(name), [name]);
  const [status, setStatus] = useState("");
  const log = useAsync(() => api.deliveries(name, status || undefined), [name, status]);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  if (hook.error) return <ErrorBox title={hook.error.status === 404 ? "No such endpoint" : "Cannot read the endpoint"} error={hook.error} />;
  if (!hook.data) return <Loading what="the endpoint" />;
  const w = hook.data.body;
  const version = hook.data.etag ?? 0;
  const author = can("author");
  return (
    <section aria-labelledby="webhook-title">
      <div class="heading">
        <h1 id="webhook-title">{w.name}</h1>
        <span class="muted">{w.enabled ? "enabled" : `disabled${w.disabledReason ? `: ${w.disabledReason}` : ""}`}</span>
      </div>
      {notice && <p class="notice" role="status">{notice}</p>}
      {secret && <div class="card secret" role="status">New secret — shown this once: <pre><code>{secret}</code></pre></div>}
      {editing ? <WebhookForm initial={w} version={version} onDone={(x) => { setEditing(false); if (x) hook.reload(); }} /> : (
        <dl class="facts">
          <dt>URL</dt><dd><code>{w.url}</code></dd>
          <dt>Description</dt><dd>{w.description || "–"}</dd>
          <dt>Rules</dt><dd>{w.rules.join(", ") || "every rule that notifies it"}</dd>
          <dt>Tags</dt><dd>{w.tags.join(", ") || "any"}</dd>
          <dt>Least severity</dt><dd>{w.minSeverity ?? "any"}</dd>
          <dt>Format</dt><dd>{w.format}</dd>
          <dt>Deliveries</dt><dd>{w.stats.delivered} delivered · {w.stats.failed} failing · {w.stats.dead} dead · {w.stats.pending} pending{w.stats.oldestPendingAge ? ` (oldest ${w.stats.oldestPendingAge})` : ""}</dd>
          {w.secretRotation && <><dt>Previous secret</dt><dd>valid until {w.secretRotation.until}</dd></>}
          <dt>Updated</dt><dd><Ago time={w.updated} /></dd>
        </dl>
      )}
      {author && !editing && (
        <div class="toolbar">
          <ActionButton label="Send a test alert" id="webhook-test" kind="primary" run={async () => { await api.testWebhook(name); setNotice("A test alert (alert.test) is on its way."); log.reload(); hook.reload(); }} />
          <button onClick={() => setEditing(true)}>Edit</button>
          <ActionButton label="Rotate the secret (24 h overlap)" run={async () => { const r = await api.rotateSecret(name, "24h"); setSecret(r.secret); hook.reload(); }} />
          <ActionButton label="Replay dead letters of the last 24 h" run={async () => { const r = await api.replayDead(name, new Date(Date.now() - 86400_000).toISOString()); setNotice(`${r.queued} deliveries queued again.`); log.reload(); }} />
          <ActionButton label="Delete" kind="danger" run={async () => { if (confirm(`Delete endpoint ${name}?`)) { await api.deleteWebhook(name, version); navigate("/webhooks"); } }} />
        </div>
      )}
      <h2>Delivery log</h2>
      <div class="filters">
        <select aria-label="delivery status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
          <option value="">all</option>
          {["pending", "delivered", "failed", "dead"].map((s) => <option value={s}>{s === "dead" ? "dead letters" : s}</option>)}
        </select>
        <button onClick={() => log.reload()}>Refresh</button>
      </div>
      {log.error && <ErrorBox title="Cannot read the deliveries" error={log.error} />}
      {log.data && log.data.length === 0 && <Empty title="No deliveries">{status ? `None ${status}.` : "Send a test alert to see one."}</Empty>}
      {log.data && log.data.length > 0 && (
        <DeliveryTable deliveries={log.data} replay={author ? async (d) => { await api.replayDelivery(name, d.id); log.reload(); } : undefined} />
      )}
    </section>
  );
}
