// A rule's versions (each with its changes against the one before, rollback) and its shadow report.
import { useState } from "preact/hooks";
import { ActionButton, Ago, Empty, ErrorBox, Loading, StateBadge, useAsync } from "../components/ui";
import { api, type Tagged } from "../lib/api";
import { diffLines, DiffView } from "../lib/diff";
import { can } from "../lib/session";
import type { Rule } from "../lib/types";

export function VersionsTab({ rule, onRolledBack }: { rule: Tagged<Rule>; onRolledBack: (r: Tagged<Rule>) => void }) {
  const versions = useAsync(() => api.versions(rule.body.id), [rule.body.id, rule.body.version]);
  const [selected, setSelected] = useState<number | null>(null);
  if (versions.error) return <ErrorBox title="Cannot read the versions" error={versions.error} />;
  if (!versions.data) return <Loading what="versions" />;
  const list = [...versions.data].reverse();
  const shown = list.find((v) => v.version === selected) ?? list[0];
  const before = versions.data[versions.data.indexOf(shown) - 1];
  return (
    <div class="split versions">
      <ol class="pane version-list" aria-label="versions">
        {list.map((v) => (
          <li>
            <button class={v === shown ? "current" : ""} data-version={v.version} onClick={() => setSelected(v.version)}>
              <strong>v{v.version}</strong> <StateBadge state={v.state} /> <Ago time={v.updated} /> <span class="muted">{v.origin}</span>
            </button>
          </li>
        ))}
      </ol>
      <div class="pane">
        <h2>Version {shown.version}{shown.version === rule.body.version && " (current)"}</h2>
        <p class="muted">{before ? `Changes against version ${before.version}:` : "The first version."}</p>
        <DiffView lines={diffLines(before?.text ?? "", shown.text)} />
        {can("author") && shown.version !== rule.body.version && (
          <ActionButton label={`Roll back to version ${shown.version}`} id="rollback" kind="primary"
            run={async () => onRolledBack(await api.rollback(rule.body.id, shown.version, rule.etag ?? rule.body.version))} />
        )}
      </div>
    </div>
  );
}

export function ShadowTab({ rule }: { rule: Rule }) {
  const [from, setFrom] = useState(new Date(Date.now() - 86400_000).toISOString());
  const [to, setTo] = useState(new Date(Date.now() + 60_000).toISOString());
  const report = useAsync(() => api.shadowReport(rule.id, from, to), [rule.id, from, to]);
  return (
    <div>
      <p class="muted">
        A shadow runs a new version beside the deployed one; its alerts notify nobody. {rule.state !== "shadow" && "This rule has no version in shadow now: save with “run as a shadow” to start one."}
      </p>
      <div class="filters">
        <label>from <input size={26} value={from} onChange={(e) => setFrom((e.target as HTMLInputElement).value)} /></label>
        <label>to <input size={26} value={to} onChange={(e) => setTo((e.target as HTMLInputElement).value)} /></label>
      </div>
      {report.error && <ErrorBox title="Cannot read the shadow report" error={report.error} />}
      {report.loading && <Loading what="the shadow report" />}
      {report.data && (
        <div>
          <p>
            Shadow version {report.data.shadowVersion ?? "–"} against live version {report.data.liveVersion ?? "–"}:{" "}
            <strong>{report.data.counts.onlyShadow}</strong> only in the shadow, <strong>{report.data.counts.onlyLive}</strong> only live, <strong>{report.data.counts.both}</strong> in both.
          </p>
          {report.data.counts.onlyShadow + report.data.counts.onlyLive + report.data.counts.both === 0 && <Empty title="No alerts in this range" />}
          <ShadowList title="Only in the shadow" alerts={report.data.onlyShadow} />
          <ShadowList title="Only live" alerts={report.data.onlyLive} />
        </div>
      )}
    </div>
  );
}

function ShadowList({ title, alerts }: { title: string; alerts: Record<string, unknown>[] }) {
  if (alerts.length === 0) return null;
  return (
    <div>
      <h3>{title}</h3>
      <table class="list">
        <thead><tr><th>Key</th><th>Kind</th><th>Version</th><th>Fired</th><th>Summary</th></tr></thead>
        <tbody>
          {alerts.map((a) => (
            <tr><td>{String(a.key)}</td><td>{String(a.kind)}</td><td>{String(a.version)}</td><td>{String(a.fired ?? a.last ?? "")}</td><td>{String(a.summary ?? "")}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
