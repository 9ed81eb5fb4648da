// Weekly history of the current CDC indicators: the share of ED visits due to COVID-19 (NSSP)
// and the state's hospital admissions per 100k (NHSN), each on its own chart.
import { drawChart } from "./charts.ts";
import type { WeeklyHistory } from "./types.ts";

const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const SCOPE = { county: "", state: " (state row)", nation: " (national row)" } as const;

export function renderWeeklyCharts(edHost: HTMLElement, hospHost: HTMLElement, h: WeeklyHistory): void {
  const ed = h.edVisits;
  if (ed && ed.weeks.length > 0) {
    drawChart(edHost, {
      title: `${ed.name}${SCOPE[ed.scope]}: % of ED visits due to COVID-19, weekly`,
      yLabel: "% of ED visits",
      lines: [{ label: `ED visits, % COVID-19 (NSSP, ${ed.name}${SCOPE[ed.scope]})`, x: ed.weeks.map(ms), y: ed.percentCovid, color: "#8e44ad" }],
    });
  } else edHost.textContent = "No NSSP emergency-department data for this place.";
  const hosp = h.hospitalAdmissions;
  if (hosp && hosp.weeks.length > 0) {
    const x = hosp.weeks.map(ms);
    drawChart(hospHost, {
      title: `${hosp.name}: COVID-19 hospital admissions per 100k, weekly`,
      yLabel: "admissions / 100k / week",
      lines: [
        { label: `Admissions per 100k (NHSN, ${hosp.name})`, x, y: hosp.per100k, color: "#16a085" },
        { label: "CDC medium level (10)", x: [x[0], x[x.length - 1]], y: [10, 10], color: "#e0b000", dashed: true },
      ],
    });
  } else hospHost.textContent = "No NHSN hospital admissions for this place's state.";
}
