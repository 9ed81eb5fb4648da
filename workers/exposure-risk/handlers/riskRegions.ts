// covid.risk.regions: the answer for the regions the gateway located a point in, as a risk frame
// (the JSON cut at its per-point distances, with the centre of each) that the gateway caches per
// region and fills in per point. Answers that depend on the point itself (nearest-centroid
// fallback, or no located region known here) are marked byPoint. Frames are remembered per
// region with the data they were made from.
import { riskFrameOf, type RiskFrame, type RiskRegionQuery } from "../../../mesh/mod.ts";
import { answerRiskQuery, chainOfIds } from "../answer.ts";
import type { WeeklyData } from "../current/weeklyData.ts";
import type { Snapshot } from "../snapshotTypes.ts";
import type { HospForecastRun } from "../current/hospForecasts.ts";
import { withHospForecast } from "./hospForecast.ts";
import type { RiskAnswer } from "../../../domain/mod.ts";

export function answerRiskRegions(
  snapshot: Snapshot | null,
  q: RiskRegionQuery,
  ascertainment: number,
  weekly: WeeklyData | null,
  finish: (answer: RiskAnswer) => RiskAnswer = (a) => a,
): RiskFrame {
  const located = snapshot ? chainOfIds(snapshot, q.regionIds, q.lat, q.lon) : null;
  const query = { lat: q.lat, lon: q.lon, groupSize: q.groupSize, ...(q.date ? { date: q.date } : {}) };
  const answer = finish(answerRiskQuery(snapshot, query, ascertainment, weekly, located ?? undefined));
  const centreOf = (id: number): [number, number] | null => {
    const r = snapshot?.regions.get(id);
    return r && r.lat !== null && r.lon !== null ? [r.lat, r.lon] : null;
  };
  return riskFrameOf(answer, centreOf, located === null || answer.match === "nearest");
}

export interface RiskRegionsDeps {
  snapshot: () => Snapshot | null;
  ascertainment: number;
  weeklyFor: (date: string | undefined) => Promise<WeeklyData | null>;
  hospRun: () => HospForecastRun | null;
  /** Frames remembered (least recently made dropped first). */
  maxFrames?: number;
}

interface Remembered {
  snapshot: Snapshot;
  weekly: WeeklyData | null;
  run: HospForecastRun | null;
  frame: RiskFrame;
}

/**
 * The covid.risk.regions handler. A region's frame depends only on the regions, groupSize and
 * date, and on the data it was made from (snapshot, weekly indicators, admissions forecast):
 * it is remembered with those, so a request that bypasses the gateway's cache (or another
 * gateway's) is answered with the frame already made, until any of them is replaced.
 */
export function riskRegionsHandler(deps: RiskRegionsDeps): (q: RiskRegionQuery) => Promise<RiskFrame> {
  const max = deps.maxFrames ?? 10_000;
  const frames = new Map<string, Remembered>();
  return async (q) => {
    const snapshot = deps.snapshot();
    const weekly = await deps.weeklyFor(q.date);
    const run = deps.hospRun();
    const key = `${q.regionIds.join(",")}|${q.groupSize}|${q.date ?? ""}`;
    const r = frames.get(key);
    if (r && r.snapshot === snapshot && r.weekly === weekly && r.run === run) return r.frame;
    const frame = answerRiskRegions(snapshot, q, deps.ascertainment, weekly, (a) => withHospForecast(a, run));
    if (snapshot && !frame.byPoint && q.regionIds.length > 0) {
      frames.delete(key);
      frames.set(key, { snapshot, weekly, run, frame });
      if (frames.size > max) frames.delete(frames.keys().next().value!);
    }
    return frame;
  };
}
