// Hand-written SVG time charts (no chart library): lines on a left or right axis, shaded bands
// (forecast intervals), month ticks and a legend. Scales with its container via viewBox.
import { el, svg } from "./dom.ts";

export interface LineSeries {
  label: string;
  /** Epoch ms of each value. */
  x: number[];
  y: (number | null)[];
  color: string;
  axis?: "left" | "right";
  dashed?: boolean;
  /** Draw a dot at each point (short series such as weekly forecasts). */
  dots?: boolean;
}

export interface BandSeries {
  label: string;
  x: number[];
  lower: number[];
  upper: number[];
  color: string;
  opacity: number;
}

export interface ChartOptions {
  title: string;
  yLabel: string;
  y2Label?: string;
  lines: LineSeries[];
  bands?: BandSeries[];
  /** A vertical marker (e.g. "forecast starts"), epoch ms. */
  marker?: { x: number; label: string };
}

const W = 640;
const H = 260;
const M = { top: 16, right: 48, bottom: 28, left: 52 };

function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const short = (v: number) => (v >= 10_000 ? `${Math.round(v / 1000)}k` : v >= 1000 ? `${(v / 1000).toFixed(1)}k` : String(Math.round(v * 100) / 100));

/** Replaces the content of `host` with the chart; returns the SVG element. */
export function drawChart(host: HTMLElement, o: ChartOptions): SVGSVGElement {
  const xs = [...o.lines.flatMap((l) => l.x), ...(o.bands ?? []).flatMap((b) => b.x)];
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const left = [...o.lines.filter((l) => l.axis !== "right").flatMap((l) => l.y), ...(o.bands ?? []).flatMap((b) => b.upper)];
  const right = o.lines.filter((l) => l.axis === "right").flatMap((l) => l.y);
  const yMax = niceMax(Math.max(0, ...left.filter((v): v is number => v !== null && Number.isFinite(v))) * 1.05);
  const y2Max = niceMax(Math.max(1.5, ...right.filter((v): v is number => v !== null && Number.isFinite(v))) * 1.05);
  const sx = (t: number) => M.left + ((t - x0) / Math.max(1, x1 - x0)) * (W - M.left - M.right);
  const sy = (v: number) => H - M.bottom - (v / yMax) * (H - M.top - M.bottom);
  const sy2 = (v: number) => H - M.bottom - (v / y2Max) * (H - M.top - M.bottom);

  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": o.title, class: "chart" }, svg("title", {}, o.title));
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    root.append(svg("line", { x1: M.left, x2: W - M.right, y1: sy(v), y2: sy(v), class: "grid" }));
    root.append(svg("text", { x: M.left - 6, y: sy(v) + 4, "text-anchor": "end", class: "tick" }, short(v)));
    if (right.length) root.append(svg("text", { x: W - M.right + 6, y: sy2((y2Max * i) / 4) + 4, class: "tick" }, short((y2Max * i) / 4)));
  }
  // Month ticks.
  const d = new Date(x0);
  d.setUTCDate(1);
  d.setUTCHours(0, 0, 0, 0);
  for (let t = d.getTime(); t <= x1; d.setUTCMonth(d.getUTCMonth() + 1), t = d.getTime()) {
    if (t < x0) continue;
    root.append(svg("text", { x: sx(t), y: H - 8, "text-anchor": "middle", class: "tick" }, d.toLocaleString("en-US", { month: "short", timeZone: "UTC" })));
  }
  root.append(svg("text", { x: 12, y: M.top + 4, class: "axis-label", transform: `rotate(-90 12 ${M.top + 4})`, "text-anchor": "end" }, o.yLabel));
  if (o.y2Label && right.length) root.append(svg("text", { x: W - 4, y: M.top + 4, class: "axis-label", "text-anchor": "end" }, o.y2Label));

  for (const b of o.bands ?? []) {
    const top = b.x.map((t, i) => `${sx(t)},${sy(b.upper[i])}`);
    const bottom = b.x.map((t, i) => `${sx(t)},${sy(b.lower[i])}`).reverse();
    root.append(svg("polygon", { points: [...top, ...bottom].join(" "), fill: b.color, "fill-opacity": b.opacity, class: "band" }));
  }
  for (const l of o.lines) {
    const scale = l.axis === "right" ? sy2 : sy;
    let d = "";
    let pen = false;
    l.y.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return void (pen = false);
      d += `${pen ? "L" : "M"}${sx(l.x[i]).toFixed(1)},${scale(v).toFixed(1)}`;
      pen = true;
    });
    root.append(svg("path", { d, fill: "none", stroke: l.color, "stroke-width": 2, ...(l.dashed ? { "stroke-dasharray": "5 4" } : {}), class: "line" }));
    if (l.dots) l.y.forEach((v, i) => v !== null && root.append(svg("circle", { cx: sx(l.x[i]), cy: scale(v), r: 3, fill: l.color })));
  }
  if (o.marker) {
    root.append(svg("line", { x1: sx(o.marker.x), x2: sx(o.marker.x), y1: M.top, y2: H - M.bottom, class: "marker" }));
    root.append(svg("text", { x: sx(o.marker.x) + 4, y: M.top + 10, class: "tick" }, o.marker.label));
  }

  const legend = el("div", { class: "legend" });
  for (const b of o.bands ?? []) legend.append(el("span", {}, el("i", { style: `background:${b.color};opacity:${b.opacity + 0.15}` }), b.label));
  for (const l of o.lines) legend.append(el("span", {}, el("i", { style: `background:${l.color}` }), l.label));
  host.replaceChildren(root, legend);
  return root;
}
