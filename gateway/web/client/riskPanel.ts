// The risk panel: where the answer comes from (county → state → country), the levels as Covid
// Act Now and the CDC name them, the event risk for the chosen group size, and the figures.
import { el, fmt } from "./dom.ts";
import type { RiskAnswer } from "./types.ts";

const LEVEL_TEXT: Record<string, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
  extreme: "Extreme",
  unknown: "Unknown",
  moderate: "Moderate",
  substantial: "Substantial",
};

const badge = (level: string, label: string) =>
  el("div", { class: `level level-${level}`, "data-level": level }, el("span", { class: "level-name" }, label), el("strong", {}, LEVEL_TEXT[level] ?? level));

const row = (label: string, value: string) => el("tr", {}, el("th", { scope: "row" }, label), el("td", {}, value));

export function renderRiskPanel(host: HTMLElement, a: RiskAnswer): void {
  const chain = el("ol", { class: "chain", "aria-label": "Regions around the point" });
  for (const r of a.regions) {
    const chosen = r.id === a.region.id;
    chain.append(
      el(
        "li",
        { class: chosen ? "chosen" : r.fresh ? "" : "stale" },
        el("span", {}, `${r.name} (${r.level})`),
        el("small", {}, ` ${r.match === "contains" ? "contains the point" : "nearest"}, centre ${fmt.km(r.distanceKm)}${r.lastDate ? "" : ", no data"}`),
      ),
    );
  }
  const p = a.eventRisk.probability;
  const eventRisk = el(
    "div",
    { class: "event-risk", id: "event-risk" },
    el("strong", { id: "event-risk-value", "data-probability": String(p ?? "") }, p === null ? "unknown" : fmt.pct(p)),
    el("span", {}, ` chance that at least one of ${a.eventRisk.groupSize.toLocaleString("en-US")} people at an event is infectious`),
    el("small", {}, ` (Georgia Tech event risk, ascertainment ${a.eventRisk.ascertainment})`),
  );
  const m = a.metrics;
  host.replaceChildren(
    el("h2", { id: "risk-region" }, a.region.name, el("small", {}, ` ${a.region.level}, data as of ${a.asOf}`)),
    chain,
    el(
      "div",
      { class: "levels" },
      badge(a.riskLevels.overall, "Overall"),
      badge(a.riskLevels.caseDensity, "Case density"),
      badge(a.riskLevels.infectionRate, "Infection rate"),
      badge(a.cdcLevel, "CDC transmission"),
    ),
    eventRisk,
    el(
      "table",
      { class: "metrics" },
      el(
        "tbody",
        {},
        row("New cases per day (7-day avg.)", fmt.int(m.newCases7dAvg)),
        row("… per 100k people", fmt.num(m.caseDensity)),
        row("New cases per 100k, last 7 days", fmt.num(m.weeklyNewCasesPer100k)),
        row("Cases in the last 10 days", fmt.int(m.casesLast10Days)),
        row("Rt (infection rate)", m.infectionRate === null ? "not available" : fmt.num(m.infectionRate, 2)),
        row("Total cases / deaths", `${fmt.int(m.cumulativeCases)} / ${fmt.int(m.cumulativeDeaths)}`),
        row("Risk cluster", a.cluster ? a.cluster.label : "—"),
      ),
    ),
  );
}
