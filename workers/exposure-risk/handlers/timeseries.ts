// covid.timeseries.get: a region's daily metrics and levels between two dates, column-wise.
import { ServiceError } from "../../../domain/mod.ts";
import { dayOfIso, isoOfDay, type Timeseries, type TimeseriesQuery } from "../../../domain/mod.ts";
import { caseDensityLevel, cdcLevel, infectionRateLevel, overallLevel } from "../levels.ts";
import { regionMetrics, valueOrNull } from "../regionMetrics.ts";
import { regionSummary } from "../regionSummary.ts";
import { lastDayOf, type Snapshot } from "../snapshotTypes.ts";
import { seriesOf } from "./regionGet.ts";

export function regionTimeseries(snapshot: Snapshot | null, q: TimeseriesQuery): Timeseries {
  const s = seriesOf(snapshot, q.id);
  const first = Math.max(s.firstDay, q.from ? dayOfIso(q.from) : s.firstDay);
  const last = Math.min(lastDayOf(s), q.to ? dayOfIso(q.to) : lastDayOf(s));
  if (first > last) {
    throw new ServiceError("no_data_in_range", `${s.region.name} has data from ${isoOfDay(s.firstDay)} to ${isoOfDay(lastDayOf(s))}`);
  }
  const m = regionMetrics(snapshot!, s);
  const from = first - s.firstDay;
  const to = last - s.firstDay + 1;
  const col = (a: Float64Array) => Array.from(a.subarray(from, to), valueOrNull);
  const days: string[] = [];
  for (let d = first; d <= last; d++) days.push(isoOfDay(d));

  const caseDensity = col(m.caseDensity);
  const rt = col(m.rt);
  const cdLevels = caseDensity.map(caseDensityLevel);
  const rtLevels = rt.map(infectionRateLevel);
  return {
    region: regionSummary(s.region),
    dataset: s.dataset,
    days,
    metrics: {
      cumulativeCases: col(s.cumCases),
      newCases: col(m.newCases),
      newCases7dAvg: col(m.newCases7dAvg),
      caseDensity,
      weeklyNewCasesPer100k: col(m.weeklyCasesPer100k),
      cumulativeDeaths: col(s.cumDeaths),
      newDeaths7dAvg: col(m.newDeaths7dAvg),
      infectionRate: rt,
      infectionRateCI90Low: col(m.rtLow),
      infectionRateCI90High: col(m.rtHigh),
    },
    riskLevels: {
      overall: caseDensity.map((cd, i) => overallLevel(cd, rt[i])),
      caseDensity: cdLevels,
      infectionRate: rtLevels,
    },
    cdcLevel: col(m.weeklyCasesPer100k).map(cdcLevel),
  };
}
