// A risk answer for a point no daily dataset covers (or covers no longer) while the weekly CDC
// indicators do: the region is the most local one whose boundary holds the point, every daily
// figure is null and every daily level "unknown", and `current` carries the answer.
import type { LocateResult } from "../../../models/mod.ts";
import { ServiceError } from "../../../domain/mod.ts";
import type { CurrentIndicators, RegionCandidate, RiskAnswer, RiskQuery } from "../../../domain/mod.ts";
import { regionSummary } from "../regionSummary.ts";

export function weeklyOnlyAnswer(chain: RegionCandidate[], hits: LocateResult[], current: CurrentIndicators, q: RiskQuery, ascertainment: number): RiskAnswer {
  const local = hits[0];
  if (!local) throw new ServiceError("no_region", `no region contains ${q.lat},${q.lon}`);
  const weeks = [current.edVisits?.weekEnding, current.hospitalAdmissions?.weekEnding].filter((w): w is string => !!w).sort();
  const datasets = [current.edVisits ? "nssp-ed-visits" : null, current.hospitalAdmissions?.dataset ?? null].filter((d): d is string => d !== null);
  return {
    region: regionSummary(local.region),
    match: "contains",
    distanceKm: Math.round(local.distanceKm * 1000) / 1000,
    asOf: q.date ?? weeks[weeks.length - 1],
    dataset: datasets.join("+"),
    metrics: {
      cumulativeCases: null,
      cumulativeDeaths: null,
      newCases7dAvg: null,
      newCases7dAvgPer100k: null,
      casesLast10Days: null,
      caseDensity: null,
      weeklyNewCasesPer100k: null,
      infectionRate: null,
      infectionRateCI90: null,
      testPositivityRatio: null,
    },
    eventRisk: { groupSize: q.groupSize, ascertainment, prevalence: null, probability: null },
    regions: chain,
    riskLevels: { overall: "unknown", caseDensity: "unknown", infectionRate: "unknown", testPositivityRatio: "unknown" },
    cdcLevel: "unknown",
    cluster: null,
    forecast: null,
    current,
  };
}
