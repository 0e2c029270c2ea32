// Small building blocks every screen uses: loading and error states, empty states, badges, times.
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../lib/api";

export interface Async<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  set: (value: T) => void;
}

/** Runs `load` when `deps` change; the latest answer wins. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const run = useRef(0);
  useEffect(() => {
    const mine = ++run.current;
    setLoading(true);
    load().then(
      (d) => {
        if (run.current !== mine) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e) => {
        if (run.current !== mine) return;
        setError(e instanceof ApiError ? e : new ApiError(0, String(e)));
        setLoading(false);
      },
    );
  }, [...deps, tick]);
  return { data, error, loading, reload: useCallback(() => setTick((t) => t + 1), []), set: setData };
}

export function Loading({ what }: { what: string }) {
  return <p class="muted loading" role="status">Loading {what}…</p>;
}

export function ErrorBox({ error, title }: { error: ApiError | Error | string; title?: string }) {
  const e = typeof error === "string" ? new ApiError(0, error) : error;
  const errors = e instanceof ApiError ? e.errors : [];
  return (
    <div class="error-box" role="alert">
      <strong>{title ?? "Something went wrong"}</strong>
      <p>{e instanceof ApiError ? e.detail : e.message}</p>
      {errors.length > 0 && (
        <ul>
          {errors.map((f) => (
            <li>
              {f.line}:{f.column}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <strong>{title}</strong>
      {children && <div class="muted">{children}</div>}
    </div>
  );
}

export function Badge({ kind, children }: { kind: string; children: ComponentChildren }) {
  return <span class={`badge badge-${kind}`}>{children}</span>;
}

export function StateBadge({ state }: { state: string }) {
  return <Badge kind={state}>{state}</Badge>;
}

export function SeverityBadge({ severity }: { severity?: string | null }) {
  return severity ? <Badge kind={`sev-${severity}`}>{severity}</Badge> : <span class="muted">–</span>;
}

/** "3 min ago", with the exact time on hover. */
export function Ago({ time }: { time?: string | null }) {
  if (!time) return <span class="muted">–</span>;
  return <time dateTime={time} title={time}>{ago(time)}</time>;
}

export function ago(time: string, now = Date.now()): string {
  const s = Math.round((now - Date.parse(time)) / 1000);
  if (Number.isNaN(s)) return time;
  const abs = Math.abs(s);
  const suffix = s >= 0 ? " ago" : " from now";
  if (abs < 60) return `${abs} s${suffix}`;
  if (abs < 3600) return `${Math.round(abs / 60)} min${suffix}`;
  if (abs < 86400) return `${Math.round(abs / 3600)} h${suffix}`;
  return `${Math.round(abs / 86400)} d${suffix}`;
}

export function Percent({ value }: { value?: number | null }) {
  return value === null || value === undefined ? <span class="muted">–</span> : <span>{Math.round(value * 100)} %</span>;
}

/** A button that runs an async action, disabled while it runs, showing its error under it. */
export function ActionButton(props: {
  label: string;
  run: () => Promise<unknown>;
  kind?: string;
  disabled?: boolean;
  title?: string;
  id?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <span class="action">
      <button
        id={props.id}
        class={props.kind ?? ""}
        disabled={busy || props.disabled}
        title={props.title}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await props.run();
          } catch (e) {
            setError(e instanceof ApiError ? e : new ApiError(0, String(e)));
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? `${props.label}…` : props.label}
      </button>
      {error && <span class="inline-error" role="alert">{error.detail}</span>}
    </span>
  );
}

/** Arrow keys move the focus between the rows of a list; Enter opens the focused one. */
export function onListKeys(e: KeyboardEvent) {
  const row = (e.target as HTMLElement).closest("[data-row]") as HTMLElement | null;
  if (!row) return;
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    const rows = Array.from(row.parentElement?.querySelectorAll<HTMLElement>("[data-row]") ?? []);
    const next = rows[rows.indexOf(row) + (e.key === "ArrowDown" ? 1 : -1)];
    if (next) next.focus();
    e.preventDefault();
  } else if (e.key === "Enter") {
    row.querySelector<HTMLAnchorElement>("a")?.click();
  }
}
