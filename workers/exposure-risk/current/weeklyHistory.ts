// covid.weekly-indicators.get: a region's weekly NSSP ED visits and NHSN admissions, column-wise.
// ED visits come from the region's own rows when it has any value, else its state's, else the
// nation's (as in `current`); admissions from its state (a state: its own; the US: national),
// from the series with the newest week.
import { dayOfIso, ED_LEVELS, ED_TRENDS, isoOfDay, type WeeklyHistory, type WeeklyQuery } from "../../../domain/mod.ts";
import type { RegionRecord } from "../../../sql/mod.ts";
import { ServiceError } from "../../../domain/mod.ts";
import { admissionLevel, per100kOf } from "./admissionLevel.ts";
import { admissionsPopulation } from "./hubPopulations.ts";
import { stateOf } from "./currentClusters.ts";
import { admissionSourcesByRecency, US_UID } from "./selectCurrent.ts";
import type { WeeklyData } from "./weeklyData.ts";
import { hasAnyValue, type IndexedWeekly } from "./weeklyIndex.ts";

const isUs = (r: RegionRecord) => r.id === US_UID || r.iso3 === "USA";

function rangeOf(ix: IndexedWeekly, regionId: number, from: number, to: number): number[] {
  const r = ix.rows.get(regionId);
  const out: number[] = [];
  if (r) for (let i = r.start; i < r.end; i++) if (ix.series.weekEnd[i] >= from && ix.series.weekEnd[i] <= to) out.push(i);
  return out;
}

export function weeklyHistory(regions: Map<number, RegionRecord>, data: WeeklyData | null, q: WeeklyQuery): WeeklyHistory {
  const region = regions.get(q.id);
  if (!region) throw new ServiceError("unknown_region", `no region with id ${q.id}`);
  const from = q.from ? dayOfIso(q.from) : Number.NEGATIVE_INFINITY;
  const to = q.to ? dayOfIso(q.to) : Number.POSITIVE_INFINITY;
  const state = region.level === "state" ? region : region.level === "county" ? stateOf(regions, region) : null;
  const nation = isUs(region) ? (regions.get(US_UID) ?? null) : null;
  const out: WeeklyHistory = { region: { id: region.id, name: region.name, level: region.level }, edVisits: null, hospitalAdmissions: null };
  if (!data) return out;

  const edScopes: Array<[NonNullable<WeeklyHistory["edVisits"]>["scope"], RegionRecord | null]> = [
    [region.level === "country" ? "nation" : region.level, region],
    ["state", region.level === "county" ? state : null],
    ["nation", region.level !== "country" ? nation : null],
  ];
  for (const [scope, r] of edScopes) {
    if (!r || !hasAnyValue(data.ed, r.id)) continue;
    const rows = rangeOf(data.ed, r.id, from, to);
    const s = data.ed.series;
    out.edVisits = {
      regionId: r.id,
      name: r.name,
      scope,
      source: "nssp",
      weeks: rows.map((i) => isoOfDay(s.weekEnd[i])),
      percentCovid: rows.map((i) => (Number.isFinite(s.value[i]) ? s.value[i] : null)),
      level: rows.map((i) => (s.level[i] >= 0 ? (ED_LEVELS[s.level[i]] ?? null) : null)),
      trend: rows.map((i) => (s.trend[i] >= 0 ? (ED_TRENDS[s.trend[i]] ?? null) : null)),
    };
    break;
  }

  const admitted = state ?? (region.id === US_UID ? region : null);
  if (admitted) {
    const ix = admissionSourcesByRecency(data).find((h) => hasAnyValue(h, admitted.id));
    if (ix) {
      const rows = rangeOf(ix, admitted.id, from, to);
      const s = ix.series;
      const weekly = rows.map((i) => (Number.isFinite(s.value[i]) ? s.value[i] : null));
      const population = admissionsPopulation(admitted);
      const per100k = weekly.map((v) => (v === null ? null : per100kOf(v, population)));
      out.hospitalAdmissions = {
        regionId: admitted.id,
        name: admitted.name,
        source: "nhsn",
        dataset: ix.source,
        population,
        weeks: rows.map((i) => isoOfDay(s.weekEnd[i])),
        weekly,
        per100k,
        level: per100k.map(admissionLevel),
      };
    }
  }
  return out;
}
