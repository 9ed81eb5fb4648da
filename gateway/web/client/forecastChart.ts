// Weekly new cases: the last observed epiweeks and the 1–4 week forecast with its 50% and 95%
// intervals (from the risk answer's forecast summary).
import { drawChart } from "./charts.ts";
import type { RiskAnswer, Timeseries } from "./types.ts";

const DAY = 86_400_000;
const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

export function renderForecast(host: HTMLElement, f: NonNullable<RiskAnswer["forecast"]>, ts: Timeseries | null): void {
  const last = ms(f.lastObservedWeek);
  const observedX: number[] = [];
  const observedY: (number | null)[] = [];
  if (ts) {
    const index = new Map(ts.days.map((d, i) => [ms(d), i]));
    for (let k = 11; k >= 0; k--) {
      const end = index.get(last - 7 * k * DAY);
      const start = index.get(last - 7 * (k + 1) * DAY);
      if (end === undefined || start === undefined) continue;
      const a = ts.metrics.cumulativeCases[end];
      const b = ts.metrics.cumulativeCases[start];
      observedX.push(last - 7 * k * DAY);
      observedY.push(a === null || b === null ? null : a - b);
    }
  }
  if (observedX.length === 0) {
    observedX.push(last);
    observedY.push(f.lastObservedValue);
  }
  const fx = [last, ...f.horizons.map((h) => ms(h.targetEndDate))];
  const v = f.lastObservedValue;
  drawChart(host, {
    title: `Weekly new cases: forecast ${f.horizons.length} weeks ahead (${f.model})`,
    yLabel: "cases / week",
    bands: [
      { label: "95% interval", x: fx, lower: [v, ...f.horizons.map((h) => h.lower95)], upper: [v, ...f.horizons.map((h) => h.upper95)], color: "#2980b9", opacity: 0.18 },
      { label: "50% interval", x: fx, lower: [v, ...f.horizons.map((h) => h.lower50)], upper: [v, ...f.horizons.map((h) => h.upper50)], color: "#2980b9", opacity: 0.35 },
    ],
    lines: [
      { label: "Observed", x: observedX, y: observedY, color: "#c0392b", dots: true },
      { label: "Forecast median", x: fx, y: [v, ...f.horizons.map((h) => h.median)], color: "#1f5f8b", dashed: true, dots: true },
    ],
    marker: { x: last, label: `data to ${f.lastObservedWeek}` },
  });
}
