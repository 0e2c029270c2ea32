// Unit tests of the console's logic that needs no browser: diffs, pasted events, metrics, the
// language's scan of a text, the router's matching and the pattern graph's layout.
import { describe, expect, it } from "vitest";
import { layout } from "../components/pattern-graph";
import { scan } from "../lang/cepheus";
import { parseMetrics } from "./api";
import { diffLines } from "./diff";
import { parseEvents } from "./events";
import type { PatternGraph } from "./types";

describe("diffLines", () => {
  it("keeps common lines and marks the others", () => {
    expect(diffLines("a\nb\nc\n", "a\nx\nc\n")).toEqual([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "added", text: "x" },
      { kind: "same", text: "c" },
    ]);
  });
  it("shows a new text as all added", () => {
    expect(diffLines("", "rule r {\n}\n").filter((l) => l.kind === "added").map((l) => l.text)).toEqual(["rule r {", "}"]);
  });
});

describe("parseEvents", () => {
  it("reads NDJSON and JSON arrays", () => {
    expect(parseEvents('{"a":1}\n\n{"a":2}\n')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseEvents(' [{"a":1}]')).toEqual([{ a: 1 }]);
    expect(parseEvents("  ")).toEqual([]);
  });
  it("names the line that is not JSON", () => {
    expect(() => parseEvents('{"a":1}\n{"a":')).toThrow(/^line 2 is not JSON/);
  });
});

describe("parseMetrics", () => {
  it("sums a metric's samples by labels", () => {
    const m = parseMetrics(`# HELP x
cepheus_records_late_total{stream="payments"} 3.0
cepheus_records_dead_lettered_total{stream="payments",reason="bad_json"} 2.0
cepheus_records_dead_lettered_total{stream="payments",reason="wrong_type"} 1.0
cepheus_records_dead_lettered_total{stream="logins",reason="bad_json"} 7.0
`);
    expect(m.sum("cepheus_records_late_total", { stream: "payments" })).toBe(3);
    expect(m.sum("cepheus_records_dead_lettered_total", { stream: "payments" })).toBe(3);
    expect(m.sum("cepheus_records_late_total", { stream: "logins" })).toBeNull();
  });
});

describe("scan", () => {
  it("finds the streams read and the steps of the pattern", () => {
    const text = `rule r {
  from payments, alerts(other)
  pattern probe{3,} -> big
  where
    probe: amount < 2
    big: amount > 500
  within 10m
}`;
    expect(scan(text)).toEqual({ streams: ["payments"], steps: ["probe", "big"] });
  });
});

describe("layout", () => {
  it("places every step, start and end, and an edge per link", () => {
    const span = { line: 1, column: 1, endLine: 1, endColumn: 2 };
    const graph: PatternGraph = {
      steps: [
        { name: "a", min: 1, max: 1, greedy: false, optional: false, negated: false, span },
        { name: "b", min: 1, max: 1, greedy: false, optional: false, negated: true, contiguity: "relaxed", span },
        { name: "c", min: 1, max: 1, greedy: false, optional: false, negated: false, contiguity: "strict", span },
      ],
      edges: [
        { from: "a", to: "b", kind: "next", contiguity: "relaxed" },
        { from: "b", to: "c", kind: "next", contiguity: "strict", within: "5s" },
      ],
      start: ["a"],
      end: ["c"],
      groups: [],
      skip: { strategy: "no_skip", orFail: false },
      timeouts: false,
    };
    const laid = layout(graph);
    expect(laid.nodes.filter((n) => n.step).map((n) => n.id).sort()).toEqual(["a", "b", "c"]);
    expect(laid.edges.map((e) => e.label)).toContain("next within 5s");
    const x = (id: string) => laid.nodes.find((n) => n.id === id)!.x;
    expect(x("a")).toBeLessThan(x("b"));
    expect(x("b")).toBeLessThan(x("c"));
  });
});
