// The rules: search, filter by tag, severity and state; per rule its state, alerts in the last 24 h,
// precision, partial matches now and when it last fired.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Sparkline } from "../components/charts";
import { Ago, Empty, ErrorBox, Loading, onListKeys, Percent, SeverityBadge, StateBadge, useAsync } from "../components/ui";
import { api } from "../lib/api";
import { can } from "../lib/session";
import type { Rule, RuleActivity } from "../lib/types";

/** The rules' activity: from the listing when the server includes it, else from each rule's stats and the metrics. */
async function activityOf(rules: Rule[]): Promise<Record<string, RuleActivity>> {
  const out: Record<string, RuleActivity> = {};
  const missing = rules.filter((r) => !r.activity);
  rules.filter((r) => r.activity).forEach((r) => (out[r.id] = r.activity!));
  if (missing.length === 0) return out;
  const metrics = await api.metrics();
  await Promise.all(
    missing.slice(0, 100).map(async (r) => {
      const stats = await api.stats(r.id).catch(() => null);
      out[r.id] = {
        precision: stats?.precision ?? null,
        lastFired: stats?.lastFired ?? null,
        partialMatches: metrics.sum("cepheus_partial_matches", { rule: r.id }),
      };
    }),
  );
  return out;
}

export function RulesScreen() {
  const [search, setSearch] = useState("");
  const [tag, setTag] = useState("");
  const [severity, setSeverity] = useState("");
  const [state, setState] = useState("");
  const rules = useAsync(() => api.rules({ tag, severity, state }), [tag, severity, state]);
  const all = useAsync(() => api.rules(), []);
  const activity = useAsync<Record<string, RuleActivity>>(() => (rules.data ? activityOf(rules.data) : Promise.resolve({})), [rules.data]);
  const searchBox = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "/" && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || (e.target as HTMLElement).isContentEditable)) {
        e.preventDefault();
        searchBox.current?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const tags = useMemo(() => [...new Set((all.data ?? []).flatMap((r) => r.summary?.tags ?? []))].sort(), [all.data]);
  const shown = (rules.data ?? []).filter((r) => {
    const q = search.trim().toLowerCase();
    return !q || r.id.toLowerCase().includes(q) || (r.summary?.title ?? "").toLowerCase().includes(q);
  });

  return (
    <section aria-labelledby="rules-title">
      <div class="heading">
        <h1 id="rules-title">Rules</h1>
        {can("author") && <a class="button primary" id="new-rule" href="/rules/new">New rule</a>}
      </div>
      <div class="filters" role="search">
        <input ref={searchBox} id="rule-search" type="search" placeholder="Search by name or title  ( / )" aria-label="search rules" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
        <select aria-label="tag" value={tag} onChange={(e) => setTag((e.target as HTMLSelectElement).value)}>
          <option value="">any tag</option>
          {tags.map((t) => <option value={t}>{t}</option>)}
        </select>
        <select aria-label="severity" value={severity} onChange={(e) => setSeverity((e.target as HTMLSelectElement).value)}>
          <option value="">any severity</option>
          {["info", "low", "medium", "high", "critical"].map((s) => <option value={s}>{s}</option>)}
        </select>
        <select aria-label="state" value={state} onChange={(e) => setState((e.target as HTMLSelectElement).value)}>
          <option value="">any state</option>
          {["enabled", "disabled", "shadow"].map((s) => <option value={s}>{s}</option>)}
        </select>
      </div>
      {rules.error && <ErrorBox title="Cannot list the rules" error={rules.error} />}
      {rules.loading && !rules.data && <Loading what="rules" />}
      {rules.data && shown.length === 0 && (
        <Empty title={rules.data.length === 0 && !tag && !severity && !state ? "No rules yet" : "No rule matches"}>
          {rules.data.length === 0 && !tag && !severity && !state
            ? can("author") ? <span>Write the first one: <a href="/rules/new">New rule</a>. Declare its stream under <a href="/streams">Streams</a> first.</span> : "An author can create them."
            : "Change the search or the filters."}
        </Empty>
      )}
      {shown.length > 0 && (
        <table class="list" id="rules-table">
          <thead>
            <tr>
              <th>Rule</th><th>State</th><th>Severity</th><th>Tags</th><th>Alerts, 24 h</th><th>Precision</th><th>Partial matches</th><th>Last fired</th>
            </tr>
          </thead>
          <tbody onKeyDown={onListKeys}>
            {shown.map((r) => {
              const a = activity.data?.[r.id];
              return (
                <tr data-row tabIndex={0} data-rule={r.id}>
                  <td>
                    <a href={`/rules/${encodeURIComponent(r.id)}`}>{r.id}</a>
                    {r.summary?.title && <div class="muted small">{r.summary.title}</div>}
                    {r.problem && <div class="inline-error small">does not compile</div>}
                  </td>
                  <td><StateBadge state={r.state} /></td>
                  <td><SeverityBadge severity={r.summary?.severity} /></td>
                  <td>{(r.summary?.tags ?? []).map((t) => <span class="tag">{t}</span>)}</td>
                  <td>{a?.alerts24h ? <Sparkline counts={a.alerts24h} label={`alerts of ${r.id}`} /> : <span class="muted">–</span>}</td>
                  <td><Percent value={a?.precision} /></td>
                  <td>{a?.partialMatches ?? <span class="muted">–</span>}</td>
                  <td><Ago time={a?.lastFired} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
