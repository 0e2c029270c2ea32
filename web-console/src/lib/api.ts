// The one place the console talks to the server: every call of the REST API, with the session's
// bearer token. Errors come back as RFC 9457 problems and are thrown as ApiError.
import { session } from "./session";
import type {
  AlertDetail, AlertSummary, BacktestJob, BacktestResult, Delivery, Finding, Me, Page, PartialMatches, Rule,
  RuleState, RuleStats, ShadowReport, Snooze, Stream, Validation, Webhook,
} from "./types";

/** A failed request: the problem's status, detail and positioned errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: Finding[] = [],
  ) {
    super(detail);
  }
}

interface Call {
  method?: string;
  json?: unknown;
  text?: string;
  ifMatch?: number;
  token?: string;
}

/** The answer with its entity tag (the version of a rule, stream or webhook). */
export interface Tagged<T> {
  body: T;
  etag: number | null;
}

async function send(path: string, call: Call = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = call.token ?? session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (call.ifMatch !== undefined) headers["If-Match"] = `"${call.ifMatch}"`;
  let body: string | undefined;
  if (call.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(call.json);
  } else if (call.text !== undefined) {
    headers["Content-Type"] = "text/plain";
    body = call.text;
  }
  let response: Response;
  try {
    response = await fetch(path, { method: call.method ?? "GET", headers, body });
  } catch {
    throw new ApiError(0, "the server cannot be reached: is it running?");
  }
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    let errors: Finding[] = [];
    try {
      const problem = await response.json();
      detail = problem.detail ?? detail;
      errors = problem.errors ?? [];
    } catch {
      // not a problem document: keep the status line
    }
    if (response.status === 401 && !call.token) session.expired(detail);
    throw new ApiError(response.status, detail, errors);
  }
  return response;
}

async function json<T>(path: string, call: Call = {}): Promise<T> {
  const r = await send(path, call);
  return r.status === 204 ? (undefined as T) : ((await r.json()) as T);
}

async function tagged<T>(path: string, call: Call = {}): Promise<Tagged<T>> {
  const r = await send(path, call);
  const etag = r.headers.get("ETag");
  return { body: (await r.json()) as T, etag: etag ? Number(etag.replace(/\D/g, "")) : null };
}

function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

const V1 = "/api/v1";
const enc = encodeURIComponent;

/** Every page of a cursor-paged listing, up to `max` items. */
async function all<T>(path: string, params: Record<string, string | undefined> = {}, max = 2000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await json<Page<T>>(path + query({ ...params, cursor, limit: 500 }));
    items.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor && items.length < max);
  return items;
}

let documented: Promise<Set<string>> | null = null;

/** The API's documented paths (its OpenAPI document), to learn what this server offers without probing. */
function paths(): Promise<Set<string>> {
  documented ??= fetch("/api/openapi.json")
    .then((r) => r.json())
    .then((d) => new Set(Object.keys(d.paths ?? {})), () => new Set<string>());
  return documented;
}

export const api = {
  /** Whether the server has an operation at `path` (a template of the OpenAPI document, e.g. /api/v1/webhooks). */
  offers: async (path: string) => (await paths()).has(path),

  me: (token?: string) => json<Me>(`${V1}/me`, { token }),

  // rules
  rules: (filter: { tag?: string; severity?: string; state?: string } = {}) =>
    all<Rule>(`${V1}/rules`, { ...filter, include: "activity" }),
  rule: (id: string) => tagged<Rule>(`${V1}/rules/${enc(id)}`),
  createRule: (text: string, state?: RuleState) => tagged<Rule>(`${V1}/rules`, { method: "POST", json: { text, state } }),
  updateRule: (id: string, version: number, change: { text?: string; state?: RuleState }) =>
    tagged<Rule>(`${V1}/rules/${enc(id)}`, { method: "PUT", json: change, ifMatch: version }),
  deleteRule: (id: string, version: number) => json<void>(`${V1}/rules/${enc(id)}`, { method: "DELETE", ifMatch: version }),
  versions: (id: string) => json<{ items: Rule[] }>(`${V1}/rules/${enc(id)}/versions`).then((p) => p.items),
  rollback: (id: string, n: number, version: number) =>
    tagged<Rule>(`${V1}/rules/${enc(id)}/versions/${n}/rollback`, { method: "POST", ifMatch: version }),
  validate: (text: string) => json<Validation>(`${V1}/rules/validate`, { method: "POST", json: { text } }),
  format: (text: string) => json<{ text: string }>(`${V1}/rules/format`, { method: "POST", json: { text } }),
  stats: (id: string) => json<RuleStats>(`${V1}/rules/${enc(id)}/stats`),
  shadowReport: (id: string, from: string, to: string) =>
    json<ShadowReport>(`${V1}/rules/${enc(id)}/shadow-report${query({ from, to })}`),
  partialMatches: (id: string, key: string) => json<PartialMatches>(`${V1}/rules/${enc(id)}/keys/${enc(key)}/partial-matches`),
  snoozes: (id: string) => json<{ items: Snooze[] }>(`${V1}/rules/${enc(id)}/snoozes`).then((p) => p.items),
  snooze: (id: string, key: string, duration: string) =>
    json<Snooze>(`${V1}/rules/${enc(id)}/snoozes`, { method: "POST", json: { key, duration } }),

  // streams
  streams: () => all<Stream>(`${V1}/streams`),
  createStream: (text: string) => tagged<Stream>(`${V1}/streams`, { method: "POST", text }),
  postEvents: (stream: string, ndjson: string) =>
    json<{ accepted: number; rejected: number }>(`${V1}/streams/${enc(stream)}/events`, { method: "POST", text: ndjson }),

  // backtests
  backtest: (request: Record<string, unknown>) => runBacktest(request),
  job: (id: string) => json<BacktestJob>(`${V1}/backtests/${enc(id)}`),
  cancelJob: (id: string) => json<void>(`${V1}/backtests/${enc(id)}`, { method: "DELETE" }),

  // alerts
  alerts: (filter: Record<string, string | undefined>, cursor?: string) =>
    json<Page<AlertSummary>>(`${V1}/alerts${query({ ...filter, cursor, limit: 100 })}`),
  alert: (id: string) => json<AlertDetail>(`${V1}/alerts/${enc(id)}`),
  acknowledge: (id: string) => json<unknown>(`${V1}/alerts/${enc(id)}/acknowledge`, { method: "POST" }),
  resolve: (id: string, disposition: string, comment?: string) =>
    json<unknown>(`${V1}/alerts/${enc(id)}/resolve`, { method: "POST", json: comment ? { disposition, comment } : { disposition } }),
  comment: (id: string, text: string) => json<unknown>(`${V1}/alerts/${enc(id)}/comments`, { method: "POST", json: { text } }),
  alertDeliveries: (id: string) => json<Page<Delivery>>(`${V1}/alerts/${enc(id)}/deliveries`).then((p) => p.items),
  /** The URL of the live feed (EventSource cannot send headers: the token goes as access_token). */
  feedUrl: (filter: Record<string, string | undefined>) =>
    `${V1}/alerts/stream${query({ ...filter, access_token: session.token() ?? "" })}`,

  // webhooks (404 while the server has none)
  webhooks: () => all<Webhook>(`${V1}/webhooks`),
  webhook: (name: string) => tagged<Webhook>(`${V1}/webhooks/${enc(name)}`),
  createWebhook: (w: Partial<Webhook>) => tagged<Webhook>(`${V1}/webhooks`, { method: "POST", json: w }),
  updateWebhook: (name: string, version: number, w: Partial<Webhook>) =>
    tagged<Webhook>(`${V1}/webhooks/${enc(name)}`, { method: "PUT", json: w, ifMatch: version }),
  deleteWebhook: (name: string, version: number) =>
    json<void>(`${V1}/webhooks/${enc(name)}`, { method: "DELETE", ifMatch: version }),
  rotateSecret: (name: string, overlap: string) =>
    json<{ secret: string; previousValidUntil: string }>(`${V1}/webhooks/${enc(name)}/rotate-secret`, {
      method: "POST", json: { overlap },
    }),
  testWebhook: (name: string) => json<{ delivery: Delivery }>(`${V1}/webhooks/${enc(name)}/test`, { method: "POST" }),
  deliveries: (name: string, status?: string) =>
    json<Page<Delivery>>(`${V1}/webhooks/${enc(name)}/deliveries${query({ status })}`).then((p) => p.items),
  replayDelivery: (name: string, id: string) =>
    json<unknown>(`${V1}/webhooks/${enc(name)}/deliveries/${enc(id)}/replay`, { method: "POST" }),
  replayDead: (name: string, since: string) =>
    json<{ queued: number }>(`${V1}/webhooks/${enc(name)}/replay`, { method: "POST", json: { since } }),

  /** This node's Prometheus metrics (public, no token): a few counters the console shows. */
  metrics: async (): Promise<Metrics> => {
    try {
      const r = await fetch("/metrics");
      return r.ok ? parseMetrics(await r.text()) : new Metrics([]);
    } catch {
      return new Metrics([]);
    }
  },
};

/** A backtest: its result at once (200), or a job to follow (202). */
async function runBacktest(request: Record<string, unknown>): Promise<{ result?: BacktestResult; job?: BacktestJob }> {
  const r = await send(`${V1}/backtests`, { method: "POST", json: request });
  const body = await r.json();
  return r.status === 202 ? { job: body as BacktestJob } : { result: body as BacktestResult };
}

/** Samples of the Prometheus text format: name, labels, value. */
export class Metrics {
  constructor(readonly samples: { name: string; labels: Record<string, string>; value: number }[]) {}

  /** The sum of a metric's samples whose labels include `labels`; null when it has none. */
  sum(name: string, labels: Record<string, string> = {}): number | null {
    const matching = this.samples.filter(
      (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
    return matching.length === 0 ? null : matching.reduce((a, s) => a + s.value, 0);
  }
}

export function parseMetrics(text: string): Metrics {
  const samples: Metrics["samples"] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[3] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return new Metrics(samples);
}
