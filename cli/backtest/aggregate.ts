// Region-days of a source → one daily cumulative series per location of one level. A region of
// that level is its own location; a more local one (a province, a county) is summed into its
// ancestor of that level, but only when the ancestor has no row of its own: JHU's global file
// has a national row for France *and* rows for its overseas departments, and only provinces
// for Canada, China or Australia.
import type { DailyCumulativeSeries } from "../../models/forecast/mod.ts";
import type { RegionLevel, RegionRecord } from "../../sql/mod.ts";
import { BacktestDataError } from "./errors.ts";
import type { SourceData } from "./readSources.ts";

export interface LevelSeries {
  cases: Map<string, DailyCumulativeSeries>;
  deaths: Map<string, DailyCumulativeSeries>;
  /** Regions of other levels that have no ancestor of the level (left out). */
  unplaced: number;
}

const RANK: Record<RegionLevel, number> = { county: 0, state: 1, country: 2 };

/** The id of the region's ancestor at `level` (itself when it is of that level), or null. */
export function ancestorAt(id: number, regions: Map<number, RegionRecord>, level: RegionLevel): number | null {
  let r = regions.get(id);
  for (let hops = 0; r && hops < 4; hops++) {
    if (r.level === level) return r.id;
    if (RANK[r.level] > RANK[level] || r.parentId === null) return null;
    const parent = regions.get(r.parentId);
    // A parent without a record of its own (JHU has no national row for Canada) still names the place.
    if (!parent) return RANK[r.level] + 1 === RANK[level] ? r.parentId : null;
    r = parent;
  }
  return null;
}

interface Segment {
  from: number;
  to: number;
  firstDay: number;
}

export function aggregateToLevel(data: SourceData, level: RegionLevel): LevelSeries {
  const segments = new Map<number, Segment>();
  for (let i = 0; i < data.regionId.length; ) {
    const id = data.regionId[i];
    let j = i;
    while (j < data.regionId.length && data.regionId[j] === id) j++;
    segments.set(id, { from: i, to: j, firstDay: data.day[i] });
    i = j;
  }
  const members = new Map<number, number[]>();
  let unplaced = 0;
  for (const id of segments.keys()) {
    const target = ancestorAt(id, data.regions, level);
    if (target === null) {
      if (data.regions.get(id)?.level !== level) unplaced++;
      continue;
    }
    if (!members.has(target)) members.set(target, []);
    members.get(target)!.push(id);
  }
  const out: LevelSeries = { cases: new Map(), deaths: new Map(), unplaced };
  for (const [target, ids] of members) {
    const own = segments.has(target) ? [target] : ids;
    const key = String(target);
    out.cases.set(
      key,
      sumSeries(
        own.map((id) => segments.get(id)!),
        data,
        data.cumCases,
      ),
    );
    out.deaths.set(
      key,
      sumSeries(
        own.map((id) => segments.get(id)!),
        data,
        data.cumDeaths,
      ),
    );
  }
  if (out.cases.size === 0) throw new BacktestDataError(`no region of level "${level}" in the files`);
  return out;
}

/**
 * Day-by-day sum of members' cumulative values: before a member's first day it counts 0 (it
 * had reported nothing yet); an unknown value, or a day past its last, makes the sum unknown.
 */
function sumSeries(parts: Segment[], data: SourceData, values: Float64Array): DailyCumulativeSeries {
  let first = Infinity;
  let last = -Infinity;
  for (const p of parts) {
    first = Math.min(first, p.firstDay);
    last = Math.max(last, data.day[p.to - 1]);
  }
  const cum = new Float64Array(last - first + 1);
  for (const p of parts) {
    const pLast = data.day[p.to - 1];
    // Rows of a segment may skip days: those days are unknown.
    const own = new Float64Array(pLast - p.firstDay + 1).fill(Number.NaN);
    for (let i = p.from; i < p.to; i++) own[data.day[i] - p.firstDay] = values[i];
    for (let d = p.firstDay; d <= last; d++) cum[d - first] += d <= pLast ? own[d - p.firstDay] : Number.NaN;
  }
  return { cum, firstDay: first };
}
