// The pattern view: the compiled pattern (the server's PatternGraph) laid out by dagre and drawn
// as SVG — steps with their quantifiers and conditions, negations in red, optional steps dashed,
// edges by contiguity, groups boxed with their quantifier, the window and skip strategy above.
import dagre from "@dagrejs/dagre";
import { useMemo } from "preact/hooks";
import type { Contiguity, PatternGraph, PatternStep } from "../lib/types";

const START = "\u0000start";
const END = "\u0000end";
const LINK: Record<Contiguity, string> = { strict: "next", relaxed: "->", any: "->>" };
const SKIP: Record<string, string> = {
  no_skip: "no skip",
  skip_to_next: "skip to next",
  skip_past_last_event: "skip past last event",
  skip_to_first: "skip to first",
  skip_to_last: "skip to last",
};

interface Laid {
  nodes: { id: string; x: number; y: number; w: number; h: number; step?: PatternStep }[];
  edges: { points: { x: number; y: number }[]; label: string; kind: string; contiguity: Contiguity | "none" }[];
  groups: { x: number; y: number; w: number; h: number; label: string }[];
  width: number;
  height: number;
}

function clip(s: string | undefined, n: number): string {
  if (!s) return "";
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function title(s: PatternStep): string {
  return `${s.negated ? "not " : ""}${s.name}${s.quantifier ?? ""}${s.optional && !s.quantifier ? " optional" : ""}`;
}

export function layout(graph: PatternGraph): Laid {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 28, ranksep: 56, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const s of graph.steps) {
    const w = Math.min(230, Math.max(96, 16 + 7.2 * Math.max(title(s).length + 4, clip(s.condition, 30).length)));
    g.setNode(s.name, { width: w, height: 58 });
  }
  g.setNode(START, { width: 18, height: 18 });
  g.setNode(END, { width: 18, height: 18 });
  graph.start.forEach((s) => g.setEdge(START, s, { label: "", width: 0, height: 0 }, `s-${s}`));
  graph.end.forEach((s) => g.setEdge(s, END, { label: "", width: 0, height: 0 }, `e-${s}`));
  graph.edges.forEach((e, i) => {
    const label = e.kind === "repeat" ? `repeat ${LINK[e.contiguity]}` : `${LINK[e.contiguity]}${e.within ? ` within ${e.within}` : ""}`;
    g.setEdge(e.from, e.to, { label, width: 7 * label.length, height: 14, labelpos: "c", kind: e.kind, contiguity: e.contiguity }, `x${i}`);
  });
  dagre.layout(g);
  const nodes = g.nodes().map((id) => {
    const n = g.node(id);
    return { id, x: n.x, y: n.y, w: n.width, h: n.height, step: graph.steps.find((s) => s.name === id) };
  });
  const edges = g.edges().map((e) => {
    const l = g.edge(e) as { points: { x: number; y: number }[]; label: string; kind?: string; contiguity?: Contiguity };
    return { points: l.points, label: l.label, kind: l.kind ?? "next", contiguity: l.contiguity ?? ("none" as const) };
  });
  const groups = graph.groups.map((grp) => {
    const members = nodes.filter((n) => grp.steps.includes(n.id));
    const x0 = Math.min(...members.map((n) => n.x - n.w / 2)) - 10;
    const y0 = Math.min(...members.map((n) => n.y - n.h / 2)) - 22;
    const x1 = Math.max(...members.map((n) => n.x + n.w / 2)) + 10;
    const y1 = Math.max(...members.map((n) => n.y + n.h / 2)) + 10;
    const label = `( )${grp.quantifier ?? ""}${grp.optional && !grp.quantifier ? " optional" : ""}`;
    return { x: x0, y: y0, w: x1 - x0, h: y1 - y0, label };
  });
  const gr = g.graph();
  const minY = Math.min(0, ...groups.map((x) => x.y));
  if (minY < 0) {
    const dy = -minY + 4;
    nodes.forEach((n) => (n.y += dy));
    edges.forEach((e) => e.points.forEach((p) => (p.y += dy)));
    groups.forEach((x) => (x.y += dy));
  }
  return { nodes, edges, groups, width: gr.width ?? 400, height: (gr.height ?? 200) + Math.max(0, -minY + 4) };
}

function path(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
}

export function PatternView(props: {
  graph: PatternGraph;
  /** The step to highlight (the one under the editor's cursor). */
  active?: string | null;
  stale?: boolean;
  onSelect?: (step: PatternStep) => void;
}) {
  const { graph } = props;
  const laid = useMemo(() => layout(graph), [graph]);
  return (
    <figure class={`pattern-view${props.stale ? " stale" : ""}`} aria-label="pattern graph">
      <figcaption>
        <span class="chip" title="the window of a match">{graph.window ? `within ${graph.window}` : "no window"}</span>
        <span class="chip" title="after match">{SKIP[graph.skip.strategy] ?? graph.skip.strategy}{graph.skip.step ? ` ${graph.skip.step}` : ""}{graph.skip.orFail ? " or fail" : ""}</span>
        {graph.timeouts && <span class="chip" title="alert on timeout">alerts on timeout</span>}
        {props.stale && <span class="chip warn">as last compiled</span>}
      </figcaption>
      <svg width={laid.width} height={laid.height} viewBox={`0 0 ${laid.width} ${laid.height}`} role="img">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill="#5c6b7a" />
          </marker>
        </defs>
        {laid.groups.map((g) => (
          <g class="group">
            <rect x={g.x} y={g.y} width={g.w} height={g.h} rx="10" />
            <text x={g.x + 8} y={g.y + 14}>{g.label}</text>
          </g>
        ))}
        {laid.edges.map((e) => (
          <g class={`edge edge-${e.contiguity} edge-${e.kind}`}>
            <path d={path(e.points)} marker-end="url(#arrow)" />
            {e.label && (
              <text x={e.points[Math.floor(e.points.length / 2)].x} y={e.points[Math.floor(e.points.length / 2)].y - 5} text-anchor="middle">
                {e.label}
              </text>
            )}
          </g>
        ))}
        {laid.nodes.map((n) =>
          n.step ? (
            <g
              class={`step${n.step.negated ? " negated" : ""}${n.step.optional ? " optional" : ""}${props.active === n.id ? " active" : ""}`}
              data-step={n.id}
              transform={`translate(${n.x - n.w / 2},${n.y - n.h / 2})`}
              onClick={() => props.onSelect?.(n.step!)}
            >
              <title>
                {`${title(n.step)}${n.step.stream ? ` from ${n.step.stream}` : ""}\n${n.step.condition ?? "every event"}${n.step.until ? `\nuntil ${n.step.until}` : ""}${n.step.inner ? `\nbetween its events: ${n.step.inner}` : ""}${n.step.quantifier ? `\n${n.step.greedy ? "greedy" : "reluctant"}` : ""}`}
              </title>
              <rect width={n.w} height={n.h} rx="8" />
              <text x="10" y="20" class="name">{clip(title(n.step), 28)}</text>
              <text x="10" y="38" class="cond">{clip(n.step.condition ?? "every event", 30)}</text>
              <text x="10" y="52" class="meta">
                {[n.step.inner && n.step.inner !== "relaxed" ? (n.step.inner === "strict" ? "consecutive" : "any") : "",
                  n.step.quantifier ? (n.step.greedy ? "greedy" : "reluctant") : "", n.step.stream ?? ""].filter(Boolean).join(" · ")}
              </text>
            </g>
          ) : (
            <g class="terminal" transform={`translate(${n.x},${n.y})`}>
              <circle r={n.id === START ? 7 : 8} class={n.id === START ? "start" : "end"} />
              <text y="24" text-anchor="middle">{n.id === START ? "start" : "match"}</text>
            </g>
          ),
        )}
      </svg>
    </figure>
  );
}
