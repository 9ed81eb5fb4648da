// History of incidence (new cases per 100k, 7-day average) and Rt for the chosen region.
import { drawChart } from "./charts.ts";
import type { Timeseries } from "./types.ts";

const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

export function renderHistory(host: HTMLElement, ts: Timeseries): void {
  const x = ts.days.map(ms);
  const hasRt = ts.metrics.infectionRate.some((v) => v !== null);
  drawChart(host, {
    title: `${ts.region.name}: new cases per 100k (7-day average)${hasRt ? " and Rt" : ""}`,
    yLabel: "cases / 100k / day",
    y2Label: "Rt",
    lines: [
      { label: "New cases per 100k (7-day avg.)", x, y: ts.metrics.caseDensity, color: "#c0392b" },
      ...(hasRt ? [{ label: "Rt", x, y: ts.metrics.infectionRate, color: "#2c3e50", axis: "right" as const, dashed: true }] : []),
    ],
  });
  if (!hasRt) host.append(Object.assign(document.createElement("p"), { className: "note", textContent: "Rt is not computed for this region yet." }));
}
