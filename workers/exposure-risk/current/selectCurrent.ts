// The `current` part of a risk answer: which weekly rows answer for a point.
// - edVisits: the county's NSSP row when it has a value, else its state's, else the nation's
//   (scope says which). Some states publish state rows only: their counties say "Data
//   Unavailable" every week, so they answer from the state.
// - hospitalAdmissions: the point's state, from whichever NHSN series has the newest week, per
//   100k of the hub's population of the state (hubPopulations.ts), else the registry's.
// A row counts when it is fresh: its week ends within 21 days of the reference, which is the
// source's newest week (no date asked) or the asked date (history answers as it did that day).
import { type CurrentEdVisits, type CurrentHospitalAdmissions, type CurrentIndicators, ED_LEVELS, ED_TRENDS, isoOfDay } from "../../../domain/mod.ts";
import type { RegionRecord } from "../../../sql/mod.ts";
import { admissionLevel, per100kOf } from "./admissionLevel.ts";
import { admissionsPopulation } from "./hubPopulations.ts";
import type { WeeklyData } from "./weeklyData.ts";
import { newestWithValue, type IndexedWeekly } from "./weeklyIndex.ts";

export const CURRENT_FRESH_DAYS = 21;
export const US_UID = 840;

/** The regions around a point, most local first; any may be missing. */
export interface PointRegions {
  county: RegionRecord | null;
  state: RegionRecord | null;
  nation: RegionRecord | null;
}

/** The week window a source may answer from: [reference − 21 days, reference]. */
export function freshWindow(ix: IndexedWeekly, day: number | null): [number, number] | null {
  const ref = day ?? ix.newestWeek;
  if (ref < 0) return null;
  return [ref - CURRENT_FRESH_DAYS, ref];
}

export function edVisitsFor(data: WeeklyData, at: PointRegions, day: number | null): CurrentEdVisits | null {
  const window = freshWindow(data.ed, day);
  if (!window) return null;
  const scopes: Array<[CurrentEdVisits["scope"], RegionRecord | null]> = [
    ["county", at.county],
    ["state", at.state],
    ["nation", at.nation],
  ];
  const s = data.ed.series;
  for (const [scope, region] of scopes) {
    if (!region) continue;
    const i = newestWithValue(data.ed, region.id, window[0], window[1]);
    if (i < 0) continue;
    return {
      regionId: region.id,
      name: region.name,
      fips: scope === "nation" ? null : region.fips,
      scope,
      weekEnding: isoOfDay(s.weekEnd[i]),
      percentCovid: s.value[i],
      level: s.level[i] >= 0 ? (ED_LEVELS[s.level[i]] ?? null) : null,
      trend: s.trend[i] >= 0 ? (ED_TRENDS[s.trend[i]] ?? null) : null,
      source: "nssp",
    };
  }
  return null;
}

/** Admission series, the one with the newest week first (stable: listed order on ties). */
export function admissionSourcesByRecency(data: WeeklyData): IndexedWeekly[] {
  return [...data.hosp].sort((a, b) => b.newestWeek - a.newestWeek);
}

export function hospitalAdmissionsFor(data: WeeklyData, state: RegionRecord | null, day: number | null): CurrentHospitalAdmissions | null {
  if (!state) return null;
  for (const ix of admissionSourcesByRecency(data)) {
    const window = freshWindow(ix, day);
    if (!window) continue;
    const i = newestWithValue(ix, state.id, window[0], window[1]);
    if (i < 0) continue;
    const weekly = ix.series.value[i];
    const per100k = per100kOf(weekly, admissionsPopulation(state));
    return {
      regionId: state.id,
      name: state.name,
      weekEnding: isoOfDay(ix.series.weekEnd[i]),
      weekly,
      per100k,
      level: admissionLevel(per100k),
      source: "nhsn",
      dataset: ix.source,
    };
  }
  return null;
}

export function currentIndicators(data: WeeklyData | null, at: PointRegions, day: number | null): CurrentIndicators {
  if (!data) return { edVisits: null, hospitalAdmissions: null };
  return { edVisits: edVisitsFor(data, at, day), hospitalAdmissions: hospitalAdmissionsFor(data, at.state, day) };
}
