// The "Now" panel: the CDC's current weekly indicators around the point — the NSSP level and
// trend of COVID-19 emergency-department visits (and which row answered: county, state or
// nation), the point's state's NHSN hospital admissions with their CDC level, and covid-mesh's
// forecast of those admissions for the next weeks (median and 95% interval), when there is one.
import { el, fmt } from "./dom.ts";
import type { RiskAnswer } from "./types.ts";

type Current = RiskAnswer["current"];
type HospSummary = NonNullable<RiskAnswer["hospitalAdmissionsForecast"]>;

const ED_LEVEL_TEXT: Record<string, string> = { "very-low": "Very low", low: "Low", moderate: "Moderate", high: "High", "very-high": "Very high" };
const TREND_TEXT: Record<string, string> = { decreasing: "↓ Decreasing", "no-change": "→ No change", increasing: "↑ Increasing" };
const ADMISSION_TEXT: Record<string, string> = { low: "Low", medium: "Medium", high: "High" };
const SCOPE_TEXT = { county: "county row", state: "state row (no county data)", nation: "national row (no county or state data)" } as const;

const badge = (cls: string, label: string, value: string, id: string) =>
  el("div", { class: `level ${cls}`, id, "data-level": cls.replace(/^level-/, "") }, el("span", { class: "level-name" }, label), el("strong", {}, value));

export function renderNowPanel(host: HTMLElement, current: Current, hospForecast: HospSummary | null = null): void {
  const ed = current.edVisits;
  const hosp = current.hospitalAdmissions;
  if (!ed && !hosp) {
    host.replaceChildren(el("h2", {}, "Now"), el("p", { class: "note" }, "No current CDC data (NSSP ED visits, NHSN admissions) for this place."));
    return;
  }
  const parts: Node[] = [el("h2", {}, "Now", el("small", {}, " CDC weekly indicators"))];
  const levels = el("div", { class: "levels" });
  if (ed) {
    levels.append(
      badge(`level-ed-${ed.level ?? "unknown"}`, "ED visits (CDC level)", ed.level ? ED_LEVEL_TEXT[ed.level] : "Not classified", "now-ed-level"),
      badge(`level-trend-${ed.trend ?? "unknown"}`, "ED trend", ed.trend ? TREND_TEXT[ed.trend] : "Unknown", "now-ed-trend"),
    );
  }
  if (hosp) levels.append(badge(`level-${hosp.level ?? "unknown"}`, `${hosp.name} admissions`, hosp.level ? ADMISSION_TEXT[hosp.level] : "Unknown", "now-hosp-level"));
  parts.push(levels);
  const rows = el("tbody", {});
  if (ed) {
    rows.append(
      el("tr", {}, el("th", { scope: "row" }, "ED visits due to COVID-19"), el("td", { id: "now-ed-pct" }, `${fmt.num(ed.percentCovid, 2)}%`)),
      el(
        "tr",
        {},
        el("th", { scope: "row" }, "… from"),
        el("td", { id: "now-ed-from" }, `${ed.name}${ed.fips ? ` (${ed.fips})` : ""}, ${SCOPE_TEXT[ed.scope]}, week ending ${ed.weekEnding}`),
      ),
    );
  }
  if (hosp) {
    rows.append(
      el("tr", {}, el("th", { scope: "row" }, `${hosp.name}: hospital admissions, week ending ${hosp.weekEnding}`), el("td", { id: "now-hosp-weekly" }, fmt.int(hosp.weekly))),
      el("tr", {}, el("th", { scope: "row" }, "… per 100k people"), el("td", { id: "now-hosp-per100k" }, fmt.num(hosp.per100k, 2))),
    );
  }
  if (hosp && hospForecast) {
    // Horizons 0…3: the current week and the three after it (−1, the last reported week, is shown above).
    for (const h of hospForecast.horizons.filter((x) => x.horizon >= 0)) {
      rows.append(
        el(
          "tr",
          {},
          el("th", { scope: "row" }, `Forecast, week ending ${h.targetEndDate}`),
          el("td", { id: `now-hosp-forecast-${h.horizon}` }, `${fmt.int(h.median)} (95%: ${fmt.int(h.lower95)}–${fmt.int(h.upper95)})`),
        ),
      );
    }
  }
  parts.push(el("table", { class: "metrics" }, rows));
  if (hosp && hospForecast)
    parts.push(
      el(
        "p",
        { class: "note" },
        `Admission forecast: ${hospForecast.model}, median and 95% interval, reference date ${hospForecast.referenceDate}, from the NHSN data published by then.`,
      ),
    );
  parts.push(
    el("p", { class: "note" }, "Sources: CDC NSSP (emergency departments), NHSN (hospitals). Admission levels per 100k over 7 days: low < 10, medium 10–19.9, high ≥ 20."),
  );
  host.replaceChildren(...parts);
}
