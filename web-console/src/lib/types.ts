// The REST API's shapes, as the OpenAPI document (/api/openapi.json) describes them: only what the
// console reads.

export type Role = "viewer" | "author" | "admin";
export type RuleState = "enabled" | "disabled" | "shadow";

export interface Me {
  id: string;
  name: string;
  role: Role;
}

export interface Finding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: "error" | "warning";
  message: string;
  suggestion?: string;
}

export interface TextSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Contiguity = "strict" | "relaxed" | "any";

export interface PatternStep {
  name: string;
  stream?: string;
  quantifier?: string;
  min: number;
  max?: number;
  greedy: boolean;
  optional: boolean;
  negated: boolean;
  contiguity?: Contiguity;
  inner?: Contiguity;
  within?: string;
  condition?: string;
  until?: string;
  span: TextSpan;
  definition?: TextSpan;
}

export interface PatternGraph {
  steps: PatternStep[];
  edges: { from: string; to: string; kind: "next" | "repeat"; contiguity: Contiguity; within?: string }[];
  start: string[];
  end: string[];
  groups: { steps: string[]; quantifier?: string; min: number; max?: number; optional: boolean; span: TextSpan }[];
  window?: string;
  skip: { strategy: string; step?: string; orFail: boolean };
  timeouts: boolean;
}

export interface RuleSummary {
  kind: "pattern" | "aggregate";
  title?: string;
  severity?: string;
  tags: string[];
  streams: string[];
  alertsRead: string[];
  partitionBy: string[];
  window?: string;
  pattern?: PatternGraph;
}

/** A rule's activity, from GET /rules?include=activity when the server gives it. */
export interface RuleActivity {
  alerts24h?: number[];
  precision?: number | null;
  partialMatches?: number | null;
  lastFired?: string | null;
}

export interface Rule {
  id: string;
  version: number;
  state: RuleState;
  updated: string;
  origin: string;
  text: string;
  summary?: RuleSummary;
  problem?: string;
  activity?: RuleActivity;
}

export interface Page<T> {
  items: T[];
  next?: string | null;
}

export interface Validation {
  valid: boolean;
  diagnostics: Finding[];
  rules: Record<string, RuleSummary>;
}

export interface Stream {
  name: string;
  version: number;
  updated: string;
  origin: string;
  text: string;
  topic: string;
  time?: string;
  key?: string;
  fields: { name: string; type: string }[];
}

export interface RuleStats {
  rule: string;
  alerts: number;
  perDay: { day: string; alerts: number }[];
  dispositions: Record<string, number>;
  precision: number | null;
  lastFired: string | null;
}

export type Disposition = "true_positive" | "false_positive" | "benign" | "duplicate";
export const DISPOSITIONS: Disposition[] = ["true_positive", "false_positive", "benign", "duplicate"];

export interface AlertSummary {
  id: string;
  position: number;
  time: string;
  rule: string;
  version?: number;
  key: string;
  kind: "match" | "timeout" | "aggregate";
  title?: string | null;
  summary?: string | null;
  severity?: string | null;
  tags?: string[];
  status: "open" | "acknowledged" | "resolved";
  disposition: Disposition | null;
}

export interface Lifecycle {
  status: "open" | "acknowledged" | "resolved";
  disposition: Disposition | null;
  comments: { time: string; by: string; text: string }[];
  updated: string | null;
  by: string | null;
}

export interface AlertDetail {
  id: string;
  position: number;
  time: string;
  rule: string;
  version?: number;
  key: string;
  kind: string;
  first?: string;
  last?: string;
  fired?: string;
  title?: string;
  summary?: string;
  severity?: string;
  tags?: string[];
  shadow?: boolean;
  fields?: Record<string, unknown>;
  steps?: Record<string, Record<string, unknown>[]>;
  lifecycle: Lifecycle;
  [other: string]: unknown;
}

export interface BacktestAlert {
  alert: {
    rule: string;
    version: number;
    key: string;
    kind: string;
    first?: string;
    last?: string;
    fired?: string;
    summary?: string;
    steps?: Record<string, unknown[]>;
    id?: string;
    [other: string]: unknown;
  };
  events: Record<string, (Record<string, unknown> | null)[]>;
}

export interface BacktestResult {
  rules: { name: string; version: number }[];
  stream: string;
  eventsRead: number;
  rejected: number;
  late: number;
  alertsByRule: Record<string, number>;
  truncated: boolean;
  alerts: BacktestAlert[];
  problems: { event: number | string | null; reason: string; message: string; rule?: string }[];
  diff?: {
    deployedVersion: number;
    onlyNew: BacktestAlert[];
    onlyOld: BacktestAlert[];
    both: BacktestAlert[];
    truncated: boolean;
  } | null;
}

export interface BacktestJob {
  id: string;
  state: "running" | "succeeded" | "failed" | "cancelled";
  eventsRead: number;
  eventsTotal: number;
  created: string;
  finished?: string;
  result?: BacktestResult;
  error?: string;
}

export interface ShadowReport {
  rule: string;
  from: string;
  to: string;
  shadowVersion: number | null;
  liveVersion: number | null;
  counts: { onlyShadow: number; onlyLive: number; both: number };
  onlyShadow: Record<string, unknown>[];
  onlyLive: Record<string, unknown>[];
  both: { shadow: Record<string, unknown>; live: Record<string, unknown> }[];
}

export interface PartialMatches {
  rule: string;
  key: string;
  version: number;
  node: string;
  watermark: string | null;
  partialMatches: {
    version: number;
    waitingIn: string | null;
    start: string;
    deadline: string | null;
    completed: boolean;
    steps: Record<string, { id: string; time: string; fields: Record<string, unknown> }[]>;
  }[];
  streams: { stream: string; watermark: string | null; idle: boolean; late?: number; deadLettered?: number }[];
  late?: number;
  deadLettered?: number;
  [other: string]: unknown;
}

export interface Snooze {
  rule: string;
  key: string;
  until: string;
  created: string;
  by: string;
}

// ------------------------------------------------------------------ webhooks (the agreed contract)

export interface Webhook {
  name: string;
  url: string;
  description?: string;
  rules: string[];
  tags: string[];
  minSeverity?: string | null;
  format: "standard" | "cloudevents" | "alertmanager";
  enabled: boolean;
  disabledReason?: string | null;
  created: string;
  updated: string;
  secretRotation?: { until: string } | null;
  stats: { delivered: number; failed: number; dead: number; pending: number; oldestPendingAge?: string | null };
  secret?: string;
}

export interface Delivery {
  id: string;
  endpoint: string;
  alertId: string;
  rule: string;
  status: "pending" | "delivered" | "failed" | "dead";
  attempts: { at: string; status?: number; latencyMs: number; error?: string }[];
  nextAttemptAt?: string | null;
  created: string;
}
