// Per-region daily metrics for the snapshot, computed on first use per region and memoized:
// incidence and densities from models/metrics, Rt with its 90% credible interval from
// models/rt (Bettencourt & Ribeiro, as Covid Act Now runs it). Only the columns answers use
// are kept.
//
// The metrics depend on the region's series alone (its values and population), so they are
// remembered per series object, not per snapshot: a snapshot that only gets new risk models or
// a new reports overlay keeps the series objects and with them every metric computed so far.
// A rebuilt snapshot has new series objects; warmMetrics fills in, before it goes live, the
// metrics of the regions the live one had answered for (carried over when the values are the
// same, else computed in slices), so the queries that follow a swap do not each compute Rt on
// the answering thread at once (1–2 ms per region, a burst of them right after every rebuild
// and every recompute, when the gateways drop their caches).
import { computeDailyMetrics } from "../../models/metrics/mod.ts";
import { createRtWorkspace, estimateRt, type RtWorkspace } from "../../models/rt/mod.ts";
import { createSlicer } from "./compute/yieldSlice.ts";
import type { RegionSeries, Snapshot } from "./snapshotTypes.ts";

export interface RegionMetrics {
  newCases: Float64Array;
  newCases7dAvg: Float64Array;
  /** Covid Act Now's caseDensity: 7-day average of new cases per 100k. */
  caseDensity: Float64Array;
  weeklyCasesPer100k: Float64Array;
  newDeaths7dAvg: Float64Array;
  /** Rt (posterior mean) and its 90% credible interval per day; NaN before enough history. */
  rt: Float64Array;
  rtLow: Float64Array;
  rtHigh: Float64Array;
}

let workspace: RtWorkspace | null = null;

/** Metrics by series object: dropped with the series (the snapshots that hold it). */
const bySeries = new WeakMap<RegionSeries, RegionMetrics>();

function computeMetrics(s: RegionSeries): RegionMetrics {
  const d = computeDailyMetrics(s.cumCases, s.cumDeaths, s.region.population);
  // One workspace for the process: estimates run one at a time on this thread.
  const rt = estimateRt(d.newCasesRaw, (workspace ??= createRtWorkspace()));
  return {
    newCases: d.newCases,
    newCases7dAvg: d.newCases7dAvg,
    caseDensity: d.caseDensity,
    weeklyCasesPer100k: d.weeklyCasesPer100k,
    newDeaths7dAvg: d.newDeaths7dAvg,
    rt: rt.mean,
    rtLow: rt.lower,
    rtHigh: rt.upper,
  };
}

export function regionMetrics(_snapshot: Snapshot, s: RegionSeries): RegionMetrics {
  let m = bySeries.get(s);
  if (!m) bySeries.set(s, (m = computeMetrics(s)));
  return m;
}

/** The metrics of `s` if they were computed (or carried over) already. */
export const knownMetrics = (s: RegionSeries): RegionMetrics | undefined => bySeries.get(s);

/** Regions whose metrics a rebuild computes ahead at most (the rest on their first query). */
export const WARM_MAX = 1_000;

/**
 * Before `next` replaces `live`: every region of `live` with metrics gets them in `next` too —
 * the same object when its series is unchanged (values, first day, population), else computed,
 * at most `max` of them, yielding to the event loop every 5 ms (queries keep being answered
 * from `live` meanwhile).
 */
export async function warmMetrics(live: Snapshot, next: Snapshot, max = WARM_MAX): Promise<{ carried: number; computed: number }> {
  const slicer = createSlicer(5);
  let carried = 0;
  let computed = 0;
  for (const [id, old] of live.series) {
    const m = bySeries.get(old);
    const s = next.series.get(id);
    if (!m || !s || bySeries.has(s)) continue;
    if (sameSeries(old, s)) {
      bySeries.set(s, m);
      carried++;
    } else if (computed < max) {
      bySeries.set(s, computeMetrics(s));
      computed++;
    }
    await slicer.maybeYield();
  }
  return { carried, computed };
}

function sameSeries(a: RegionSeries, b: RegionSeries): boolean {
  if (a.firstDay !== b.firstDay || a.cumCases.length !== b.cumCases.length || a.region.population !== b.region.population) return false;
  for (let i = 0; i < a.cumCases.length; i++) {
    if (!Object.is(a.cumCases[i], b.cumCases[i]) || !Object.is(a.cumDeaths[i], b.cumDeaths[i])) return false;
  }
  return true;
}

/** A typed-array value as JSON: NaN and ±Infinity are "unknown" (null). */
export const valueOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
