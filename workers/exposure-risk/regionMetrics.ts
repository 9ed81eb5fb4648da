// Per-region daily metrics for the snapshot, computed on first use per region and memoized:
// incidence and densities from models/metrics, Rt with its 90% credible interval from
// models/rt (Bettencourt & Ribeiro, as Covid Act Now runs it). Only the columns answers use
// are kept, so a snapshot of every county stays tens of MB.
import { computeDailyMetrics } from "../../models/metrics/mod.ts";
import { createRtWorkspace, estimateRt, type RtWorkspace } from "../../models/rt/mod.ts";
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

export function regionMetrics(snapshot: Snapshot, s: RegionSeries): RegionMetrics {
  return snapshot.memo.once(`metrics|${s.region.id}|${s.dataset}`, () => {
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
  });
}

/** A typed-array value as JSON: NaN and ±Infinity are "unknown" (null). */
export const valueOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
