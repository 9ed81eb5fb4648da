// Turns a risk query into an answer from the snapshot: the regions around the point (county →
// state → country), the most local one with fresh data, and its figures as of the day.
import { eventRisk, casesInLastDays, haversineKm, type LocateResult } from "../../models/mod.ts";
import { ServiceError } from "../../domain/mod.ts";
import { dayOfIso, type ForecastSummary, isoOfDay, type RegionCandidate, type RiskAnswer, type RiskQuery } from "../../domain/mod.ts";
import { clusterOf } from "./clusters.ts";
import { Q, quantileAt, regionForecast } from "./forecasts.ts";
import { coversDay, HORIZONS, lastDayOf, type RegionSeries, type Snapshot } from "./snapshotTypes.ts";
import { cdcLevel, riskLevels } from "./levels.ts";
import { regionMetrics, valueOrNull } from "./regionMetrics.ts";
import { parentsOf, regionSummary } from "./regionSummary.ts";
import { eventRiskDetails } from "./compute/eventRiskDetails.ts";
import { currentIndicators, type PointRegions } from "./current/selectCurrent.ts";
import type { WeeklyData } from "./current/weeklyData.ts";
import { weeklyOnlyAnswer } from "./current/weeklyOnlyAnswer.ts";

const round3 = (km: number) => Math.round(km * 1000) / 1000;

interface Picked {
  series: RegionSeries;
  chain: RegionCandidate[];
  match: "contains" | "nearest";
  distanceKm: number;
}

/** The chain of containing regions, and the most local one that can answer for `day`. */
export function pickRegion(snapshot: Snapshot, lat: number, lon: number, day: number, hits = containingChain(snapshot, lat, lon)): Picked | null {
  const chain: RegionCandidate[] = [];
  let picked: Picked | null = null;
  for (const hit of hits) {
    const s = snapshot.series.get(hit.region.id);
    const fresh = s !== undefined && coversDay(s, day);
    chain.push(candidate(hit.region.id, hit.region.name, hit.region.level, "contains", hit.distanceKm, s, fresh));
    if (fresh && !picked) picked = { series: s!, chain, match: "contains", distanceKm: hit.distanceKm };
  }
  if (picked) return picked;
  // Nothing around the point has data for the day (open sea, or a place no dataset covers).
  const near = snapshot.locator.nearest(lat, lon, (r) => {
    const s = snapshot.series.get(r.id);
    return s !== undefined && coversDay(s, day);
  });
  if (!near) return null;
  const s = snapshot.series.get(near.region.id)!;
  chain.push(candidate(near.region.id, near.region.name, near.region.level, "nearest", near.distanceKm, s, true));
  return { series: s, chain, match: "nearest", distanceKm: near.distanceKm };
}

const LEVEL_ORDER = { county: 0, state: 1, country: 2 } as const;

/**
 * The regions that contain the point: the most local boundary that does, then its parents. The
 * parents are not looked up by boundary: they contain the point by definition, a coastal point
 * inside a county can fall outside the coarser country outline (world-atlas is 1:50m), and the
 * country polygons are the costliest test of all.
 */
export function containingChain(snapshot: Snapshot, lat: number, lon: number): LocateResult[] {
  const local = snapshot.locator.locate(lat, lon);
  if (local?.match !== "contains") return [];
  return withParents(snapshot, local, lat, lon);
}

/**
 * The chain of the regions the gateway located the point in (ids most local first): the first
 * one in the registry, then its parents, as containingChain finds them. Null when none of the
 * ids is known with a centre: then only the point itself can say.
 */
export function chainOfIds(snapshot: Snapshot, ids: readonly number[], lat: number, lon: number): LocateResult[] | null {
  for (const id of ids) {
    const region = snapshot.regions.get(id);
    if (!region) continue;
    if (region.lat === null || region.lon === null) return null;
    return withParents(snapshot, { region, match: "contains", distanceKm: haversineKm(lat, lon, region.lat, region.lon) }, lat, lon);
  }
  return null;
}

function withParents(snapshot: Snapshot, local: LocateResult, lat: number, lon: number): LocateResult[] {
  const hits = [local];
  for (const p of parentsOf(snapshot, local.region)) {
    if (hits.some((h) => h.region.id === p.id) || p.lat === null || p.lon === null) continue;
    hits.push({ region: p, match: "contains", distanceKm: haversineKm(lat, lon, p.lat, p.lon) });
  }
  return hits.sort((a, b) => LEVEL_ORDER[a.region.level] - LEVEL_ORDER[b.region.level]);
}

function candidate(
  id: number,
  name: string,
  level: RegionCandidate["level"],
  match: RegionCandidate["match"],
  km: number,
  s: RegionSeries | undefined,
  fresh: boolean,
): RegionCandidate {
  return { id, name, level, match, distanceKm: round3(km), lastDate: s ? isoOfDay(lastDayOf(s)) : null, fresh };
}

/** County, state and country around the point (by boundary, else the answering region's parents). */
export function pointRegions(snapshot: Snapshot, hits: LocateResult[], picked: Picked | null): PointRegions {
  const out: PointRegions = { county: null, state: null, nation: null };
  const chain = hits.length > 0 ? hits.map((h) => h.region) : picked ? [picked.series.region, ...parentsOf(snapshot, picked.series.region)] : [];
  for (const r of chain) {
    if (r.level === "county") out.county ??= r;
    else if (r.level === "state") out.state ??= r;
    else out.nation ??= r;
  }
  return out;
}

/**
 * `weekly`: the weekly indicators as known on the asked date (or all of them when none is asked),
 * for `current`. A point no daily dataset covers still answers when `current` has something.
 * `located`: the containing chain when the caller already has it (chainOfIds).
 */
export function answerRiskQuery(snapshot: Snapshot | null, q: RiskQuery, ascertainment: number, weekly: WeeklyData | null = null, located?: LocateResult[]): RiskAnswer {
  if (!snapshot) throw new ServiceError("not_loaded", "no observations are loaded yet; try again shortly");
  const requested = q.date ? dayOfIso(q.date) : snapshot.lastDay;
  const hits = located ?? containingChain(snapshot, q.lat, q.lon);
  const picked = snapshot.series.size > 0 ? pickRegion(snapshot, q.lat, q.lon, requested, hits) : null;
  const current = currentIndicators(weekly, pointRegions(snapshot, hits, picked), q.date ? dayOfIso(q.date) : null);
  if (!picked && (current.edVisits || current.hospitalAdmissions)) {
    return weeklyOnlyAnswer(
      hits.map((h) => candidate(h.region.id, h.region.name, h.region.level, "contains", h.distanceKm, snapshot.series.get(h.region.id), false)),
      hits,
      current,
      q,
      ascertainment,
    );
  }
  if (snapshot.series.size === 0) throw new ServiceError("not_loaded", "no observations are loaded yet; try again shortly");
  if (!picked) {
    const what = q.date ? `for ${q.date}` : "";
    throw new ServiceError(q.date ? "no_data_for_date" : "no_region", `no region around ${q.lat},${q.lon} has data ${what}`.trim());
  }
  const s = picked.series;
  // A date past the region's last data answers as of its latest data; asOf says so.
  const day = Math.min(requested, lastDayOf(s));
  const t = day - s.firstDay;
  const population = s.region.population;
  const m = regionMetrics(snapshot, s);

  const last10 = casesInLastDays(s.cumCases, t, 10);
  const risk = eventRisk({ casesLast10Days: last10, population, groupSize: q.groupSize, ascertainment });
  const metrics = {
    cumulativeCases: valueOrNull(s.cumCases[t]),
    cumulativeDeaths: valueOrNull(s.cumDeaths[t]),
    newCases7dAvg: valueOrNull(m.newCases7dAvg[t]),
    newCases7dAvgPer100k: valueOrNull(m.caseDensity[t]),
    casesLast10Days: valueOrNull(last10),
    caseDensity: valueOrNull(m.caseDensity[t]),
    weeklyNewCasesPer100k: valueOrNull(m.weeklyCasesPer100k[t]),
    infectionRate: valueOrNull(m.rt[t]),
    infectionRateCI90: valueOrNull(m.rtHigh[t]),
    testPositivityRatio: null,
  };

  return {
    region: regionSummary(s.region),
    match: picked.match,
    distanceKm: round3(picked.distanceKm),
    asOf: isoOfDay(day),
    dataset: s.dataset,
    metrics,
    eventRisk: { groupSize: q.groupSize, ascertainment, prevalence: risk.prevalence, ...riskDetails(snapshot, s, day, risk.prevalence, q.groupSize, ascertainment) },
    regions: picked.chain,
    riskLevels: riskLevels(metrics),
    cdcLevel: cdcLevel(metrics.weeklyNewCasesPer100k),
    cluster: clusterOf(snapshot, s.region.id),
    forecast: forecastSummary(snapshot, s, day),
    current,
  };
}

function forecastSummary(snapshot: Snapshot, s: RegionSeries, day: number): ForecastSummary | null {
  const f = regionForecast(snapshot, s, day);
  if (!f?.cases) return null;
  const cases = f.cases;
  const horizons = [];
  for (let h = 1; h <= HORIZONS; h++) {
    horizons.push({
      horizon: h,
      targetEndDate: isoOfDay(f.lastSaturday + 7 * h),
      median: quantileAt(cases, h, Q.median),
      lower50: quantileAt(cases, h, Q.lower50),
      upper50: quantileAt(cases, h, Q.upper50),
      lower95: quantileAt(cases, h, Q.lower95),
      upper95: quantileAt(cases, h, Q.upper95),
    });
  }
  return {
    model: f.model,
    target: "inc case",
    forecastDate: isoOfDay(f.forecastDay),
    lastObservedWeek: isoOfDay(f.lastSaturday),
    lastObservedValue: f.lastWeekCases,
    horizons,
  };
}

/** Interval and mobility contact adjustment of the event risk (compute/eventRiskDetails.ts); mobility is known for the latest day only. */
function riskDetails(snapshot: Snapshot, s: RegionSeries, day: number, prevalence: number | null, groupSize: number, ascertainment: number) {
  const latest = snapshot.models?.latest.get(s.region.id);
  const mobilityChange = latest && latest.day === day ? latest.mobilityChange : null;
  return eventRiskDetails({ prevalence, groupSize, ascertainment, mobilityChange, contactStrength: snapshot.models?.contactStrength ?? 0 });
}
