// Country series for countries the JHU global file reports only by province (Canada, China,
// Australia): the day-by-day sum of their provinces, as the backtest's country level defines
// it. A province counts 0 before its first day; an unknown value (or a province that has ended)
// makes the day unknown. Countries with a national row of their own are left alone.
import type { RegionRecord } from "../../../sql/mod.ts";
import { lastDayOf, type RegionSeries } from "../snapshotTypes.ts";

/** The dataset whose provinces are summed: JHU US states are not the US's only components. */
export const PROVINCE_DATASET = "jhu-global";

export function countryAggregates(series: Map<number, RegionSeries>, regions: Map<number, RegionRecord>): RegionSeries[] {
  const provinces = new Map<number, RegionSeries[]>();
  for (const s of series.values()) {
    const parent = s.region.parentId;
    if (s.dataset !== PROVINCE_DATASET || s.region.level !== "state" || parent === null || series.has(parent)) continue;
    if (regions.get(parent)?.level !== "country") continue;
    if (!provinces.has(parent)) provinces.set(parent, []);
    provinces.get(parent)!.push(s);
  }
  const out: RegionSeries[] = [];
  for (const [countryId, parts] of provinces) {
    const first = Math.min(...parts.map((p) => p.firstDay));
    const last = Math.max(...parts.map(lastDayOf));
    const cumCases = new Float64Array(last - first + 1);
    const cumDeaths = new Float64Array(last - first + 1);
    for (const p of parts) {
      const end = lastDayOf(p);
      for (let d = p.firstDay; d <= last; d++) {
        const k = d - p.firstDay;
        cumCases[d - first] += d <= end ? p.cumCases[k] : Number.NaN;
        cumDeaths[d - first] += d <= end ? p.cumDeaths[k] : Number.NaN;
      }
    }
    out.push({ region: regions.get(countryId)!, dataset: `${PROVINCE_DATASET} (sum of provinces)`, firstDay: first, cumCases, cumDeaths });
  }
  return out;
}
