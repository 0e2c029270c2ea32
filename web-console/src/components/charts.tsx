// Small charts with uPlot: a sparkline of hourly alert counts and a histogram of alerts over time.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useEffect, useRef } from "preact/hooks";

function useChart(make: (el: HTMLElement) => uPlot, deps: unknown[]) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = make(host.current!);
    return () => chart.destroy();
  }, deps);
  return host;
}

/** 24 hourly counts, oldest first, as a line without axes. */
export function Sparkline({ counts, label }: { counts: number[]; label: string }) {
  const host = useChart(
    (el) =>
      new uPlot(
        {
          width: 120,
          height: 28,
          legend: { show: false },
          cursor: { show: false },
          select: { show: false, left: 0, top: 0, width: 0, height: 0 },
          axes: [{ show: false }, { show: false }],
          scales: { x: { time: false }, y: { range: [0, Math.max(1, ...counts)] } },
          series: [{}, { stroke: "#d1495b", width: 1.5, fill: "rgba(209,73,91,0.12)", points: { show: false } }],
        },
        [counts.map((_, i) => i), counts],
        el,
      ),
    [counts.join(",")],
  );
  const total = counts.reduce((a, b) => a + b, 0);
  return <div class="sparkline" ref={host} role="img" aria-label={`${label}: ${total} alerts in the last 24 hours`} title={`${total} in 24 h`} />;
}

/** Alerts over time: counts per bucket of the times given, as bars. */
export function Histogram({ times, width = 560 }: { times: number[]; width?: number }) {
  const host = useChart(
    (el) => {
      const { xs, ys, size } = buckets(times, 30);
      return new uPlot(
        {
          width,
          height: 140,
          legend: { show: false },
          scales: { x: { time: true, range: [xs[0] - size / 1000, xs[xs.length - 1] + (2 * size) / 1000] }, y: { range: [0, Math.max(1, ...ys)] } },
          axes: [{ stroke: "#5c6b7a" }, { stroke: "#5c6b7a", size: 36 }],
          series: [{}, { label: "alerts", stroke: "#1d3557", fill: "rgba(29,53,87,0.55)", paths: uPlot.paths.bars!({ size: [0.9, 40] }), points: { show: false } }],
        },
        [xs, ys],
        el,
      );
    },
    [times.join(","), width],
  );
  return <div class="histogram" ref={host} role="img" aria-label={`histogram of ${times.length} alerts over time`} />;
}

/** Equal buckets over [min, max] of `times` (ms): their starts in seconds, counts, and their size (ms). */
export function buckets(times: number[], n: number): { xs: number[]; ys: number[]; size: number } {
  if (times.length === 0) return { xs: [0], ys: [0], size: 1000 };
  const min = Math.min(...times);
  const max = Math.max(...times);
  const size = Math.max(1000, Math.ceil((max - min + 1) / n));
  const count = Math.max(1, Math.ceil((max - min + 1) / size));
  const ys = new Array(count).fill(0);
  times.forEach((t) => ys[Math.min(count - 1, Math.floor((t - min) / size))]++);
  return { xs: ys.map((_, i) => (min + i * size) / 1000), ys, size };
}
