// Live alerts: the newest alerts of this node's index, then each new one as it comes over the live
// feed (Server-Sent Events), with filters.
import { useEffect, useState } from "preact/hooks";
import { Ago, Empty, ErrorBox, Loading, onListKeys, SeverityBadge, useAsync } from "../components/ui";
import { api } from "../lib/api";
import type { AlertSummary } from "../lib/types";

type Filter = { rule?: string; key?: string; severity?: string; status?: string };

export function AlertsScreen() {
  const [filter, setFilter] = useState<Filter>(() => {
    const q = new URLSearchParams(location.search);
    return { rule: q.get("rule") ?? undefined, key: q.get("key") ?? undefined, severity: q.get("severity") ?? undefined, status: q.get("status") ?? undefined };
  });
  const first = useAsync(() => api.alerts(filter), [JSON.stringify(filter)]);
  const [alerts, setAlerts] = useState<AlertSummary[]>([]);
  const [feed, setFeed] = useState<"connecting" | "live" | "down">("connecting");
  const [fresh, setFresh] = useState<Set<string>>(new Set());

  useEffect(() => {
    if (first.data) setAlerts(first.data.items);
  }, [first.data]);

  useEffect(() => {
    if (!first.data) return;
    const newest = first.data.items[0]?.position;
    const params: Record<string, string | undefined> = { ...filter };
    if (newest !== undefined) params.lastEventId = String(newest);
    const source = new EventSource(api.feedUrl(params));
    source.onopen = () => setFeed("live");
    source.onerror = () => setFeed(source.readyState === EventSource.CLOSED ? "down" : "connecting");
    source.addEventListener("alert", (e) => {
      const a = JSON.parse((e as MessageEvent).data) as AlertSummary;
      setAlerts((list) => (list.some((x) => x.id === a.id) ? list : [a, ...list].slice(0, 500)));
      setFresh((f) => new Set(f).add(a.id));
    });
    return () => source.close();
  }, [first.data]);

  function set(name: keyof Filter, value: string) {
    setFilter((f) => ({ ...f, [name]: value || undefined }));
  }

  return (
    <section aria-labelledby="alerts-title">
      <div class="heading">
        <h1 id="alerts-title">Alerts</h1>
        <span class={`feed feed-${feed}`} id="feed-state" role="status">{feed === "live" ? "● live" : feed === "connecting" ? "○ connecting…" : "○ feed down (the server may allow no more feeds)"}</span>
      </div>
      <div class="filters" role="search">
        <input aria-label="rule" placeholder="rule" value={filter.rule ?? ""} onChange={(e) => set("rule", (e.target as HTMLInputElement).value.trim())} />
        <input aria-label="key" placeholder="key" value={filter.key ?? ""} onChange={(e) => set("key", (e.target as HTMLInputElement).value.trim())} />
        <select aria-label="severity" value={filter.severity ?? ""} onChange={(e) => set("severity", (e.target as HTMLSelectElement).value)}>
          <option value="">any severity</option>
          {["info", "low", "medium", "high", "critical"].map((s) => <option value={s}>{s}</option>)}
        </select>
        <select aria-label="status" value={filter.status ?? ""} onChange={(e) => set("status", (e.target as HTMLSelectElement).value)}>
          <option value="">any status</option>
          {["open", "acknowledged", "resolved"].map((s) => <option value={s}>{s}</option>)}
        </select>
      </div>
      {first.error && <ErrorBox title="Cannot list the alerts" error={first.error} />}
      {first.loading && !first.data && <Loading what="alerts" />}
      {first.data && alerts.length === 0 && <Empty title="No alerts yet">New alerts appear here as they fire, without a reload.</Empty>}
      {alerts.length > 0 && (
        <table class="list" id="alerts-table">
          <thead><tr><th>Time</th><th>Rule</th><th>Key</th><th>Severity</th><th>Summary</th><th>Status</th></tr></thead>
          <tbody onKeyDown={onListKeys}>
            {alerts.map((a) => (
              <tr data-row tabIndex={0} class={fresh.has(a.id) ? "fresh" : ""} data-alert={a.id} data-rule={a.rule}>
                <td><Ago time={a.time} /></td>
                <td>{a.rule}</td>
                <td><a href={`/alerts/${encodeURIComponent(a.id)}`}>{a.key}</a></td>
                <td><SeverityBadge severity={a.severity} /></td>
                <td>{a.summary ?? a.title ?? <span class="muted">–</span>}</td>
                <td><span class={`status status-${a.status}`}>{a.status}</span>{a.disposition && <span class="muted"> · {a.disposition.replace("_", " ")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
