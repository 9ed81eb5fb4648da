// The latest figures of one region from its daily series: metrics (models/metrics), Rt with its
// 90% credible interval (models/rt), Covid Act Now and CDC levels, and the event-risk
// prevalence with an interval from the ascertainment's interval (constant 3–10, or Gu's ratio
// over the assumed positivity band). The record also carries what clustering reads.
import {
  casesInLastDays,
  computeDailyMetrics,
  constantAscertainment,
  estimateRt,
  timeAwareAscertainment,
  EVENT_RISK_WINDOW_DAYS,
  RT_SMOOTHING_LAG_DAYS,
  type DailyMetrics,
  type RtSeries,
  type RtWorkspace,
} from "../../../models/mod.ts";
import type { RiskSnapshotRecord } from "../../../sql/mod.ts";
import { cdcLevel, riskLevels } from "../levels.ts";
import type { RegionSeries } from "../snapshotTypes.ts";
import type { AscertainmentMode } from "./types.ts";

/** The last day with a known 7-day case average counts as "latest" when within this many days of the series' end. */
const LATEST_WINDOW = 7;

export interface Scratch {
  metrics: DailyMetrics;
  rt: RtSeries;
  rtWorkspace: RtWorkspace;
}

export interface RegionFigures {
  record: RiskSnapshotRecord;
  /** Day index (into the series) the record is as of. */
  t: number;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export interface FigureOptions {
  runId: string;
  ascertainment: number;
  ascertainmentMode: AscertainmentMode;
  mobilityChange: number | null;
}

/** Figures as of the region's latest day with known cases; null when it has none in the last week. */
export function regionFigures(s: RegionSeries, scratch: Scratch, o: FigureOptions): RegionFigures | null {
  const n = s.cumCases.length;
  const m = computeDailyMetrics(s.cumCases, s.cumDeaths, s.region.population, sliceTo(scratch.metrics, n));
  let t = n - 1;
  while (t >= 0 && t > n - 1 - LATEST_WINDOW && !Number.isFinite(m.newCases7dAvg[t])) t--;
  if (t < 0 || !Number.isFinite(m.newCases7dAvg[t])) return null;
  const rt = estimateRt(m.newCasesRaw, scratch.rtWorkspace, sliceRt(scratch.rt, n));

  const caseDensity = finiteOrNull(m.caseDensity[t]);
  const infectionRate = finiteOrNull(rt.mean[t]);
  const levels = riskLevels({ caseDensity, infectionRate, testPositivityRatio: null });
  const weekly = finiteOrNull(m.weeklyCasesPer100k[t]);
  const day = s.firstDay + t;
  const asc = o.ascertainmentMode === "time-aware" ? timeAwareAscertainment(day) : constantAscertainment(o.ascertainment);
  const last10 = casesInLastDays(s.cumCases, t, EVENT_RISK_WINDOW_DAYS);
  const pop = s.region.population;
  const rate = pop !== null && pop > 0 && Number.isFinite(last10) ? Math.max(0, last10) / pop : Number.NaN;
  const prevalence = (a: number) => finiteOrNull(Math.min(1, a * rate));
  return {
    t,
    record: {
      regionId: s.region.id,
      dataset: s.dataset,
      day,
      runId: o.runId,
      newCases7dAvg: finiteOrNull(m.newCases7dAvg[t]),
      caseDensity,
      weeklyCasesPer100k: weekly,
      growthRate: finiteOrNull(m.growthRate[t]),
      // Infinity = not growing: no finite doubling time, stored as unknown.
      doublingTime: finiteOrNull(m.doublingTime[t]),
      newDeaths7dAvg: finiteOrNull(m.newDeaths7dAvg[t]),
      deathsPer100k: finiteOrNull(m.deathsPer100k[t]),
      weeklyDeathsPer100k: finiteOrNull(m.weeklyDeathsPer100k[t]),
      rt: infectionRate,
      rtLow: finiteOrNull(rt.lower[t]),
      rtHigh: finiteOrNull(rt.upper[t]),
      rtLagDays: RT_SMOOTHING_LAG_DAYS,
      caseDensityLevel: levels.caseDensity,
      infectionRateLevel: levels.infectionRate,
      overallLevel: levels.overall,
      cdcLevel: cdcLevel(weekly),
      mobilityChange: o.mobilityChange,
      prevalence: prevalence(asc.point),
      prevalenceLow: prevalence(asc.low),
      prevalenceHigh: prevalence(asc.high),
      clusterRunId: null,
      cluster: null,
    },
  };
}

/** Growing scratch columns: one allocation per size class instead of per region. */
export function ensureScratch(scratch: Scratch, n: number, alloc: (n: number) => Scratch): Scratch {
  return scratch.metrics.newCases.length >= n ? scratch : { ...alloc(Math.max(n, 2 * scratch.metrics.newCases.length)), rtWorkspace: scratch.rtWorkspace };
}

function sliceTo(m: DailyMetrics, n: number): DailyMetrics {
  const out = {} as Record<keyof DailyMetrics, Float64Array>;
  for (const k of Object.keys(m) as Array<keyof DailyMetrics>) out[k] = m[k].subarray(0, n);
  return out;
}

function sliceRt(r: RtSeries, n: number): RtSeries {
  return { mean: r.mean.subarray(0, n), median: r.median.subarray(0, n), lower: r.lower.subarray(0, n), upper: r.upper.subarray(0, n) };
}
