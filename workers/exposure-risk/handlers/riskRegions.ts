// covid.risk.regions: the answer for the regions the gateway located a point in, as a risk frame
// (the JSON cut at its per-point distances, with the centre of each) that the gateway caches per
// region and fills in per point. Answers that depend on the point itself (nearest-centroid
// fallback, or no located region known here) are marked byPoint.
import { riskFrameOf, type RiskFrame, type RiskRegionQuery } from "../../../mesh/riskFrameMessages.ts";
import type { RiskAnswer } from "../../../mesh/messages.ts";
import { answerRiskQuery, chainOfIds } from "../answer.ts";
import type { WeeklyData } from "../current/weeklyData.ts";
import type { Snapshot } from "../snapshot.ts";

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
