// Turns a risk query into an answer from the snapshot: locate the region, pick the day, compute.
import { eventRisk, casesInLastDays } from "../../models/mod.ts";
import type { RiskAnswer, RiskQuery } from "../../mesh/messages.ts";
import { RiskQueryError } from "./errors.ts";
import type { Snapshot } from "./snapshot.ts";

const DAY_MS = 86_400_000;
export const dayOf = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
export const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function answerRiskQuery(snapshot: Snapshot | null, q: RiskQuery, ascertainment: number): RiskAnswer {
  if (!snapshot || snapshot.series.size === 0) {
    throw new RiskQueryError("no_data", 503, "no observations are loaded yet; try again shortly");
  }
  const hit = snapshot.locator.locate(q.lat, q.lon);
  if (!hit) throw new RiskQueryError("no_region", 404, `no region found for ${q.lat},${q.lon}`);
  const s = snapshot.series.get(hit.region.id)!;
  const lastDay = s.firstDay + s.cumCases.length - 1;
  let day = q.date ? dayOf(q.date) : lastDay;
  if (day < s.firstDay) {
    throw new RiskQueryError("no_data_for_date", 404, `${hit.region.name} has data from ${isoOf(s.firstDay)} to ${isoOf(lastDay)}`);
  }
  if (day > lastDay) day = lastDay; // a future or too-recent date answers as of the latest data; asOf says so
  const t = day - s.firstDay;
  const cum = s.cumCases;
  const population = s.region.population;

  const last7 = casesInLastDays(cum, t, 7);
  const avg7 = Number.isFinite(last7) ? last7 / 7 : NaN;
  const last10 = casesInLastDays(cum, t, 10);
  const risk = eventRisk({ casesLast10Days: last10, population, groupSize: q.groupSize, ascertainment });

  return {
    region: {
      id: s.region.id,
      name: s.region.name,
      level: s.region.level,
      fips: s.region.fips,
      iso3: s.region.iso3,
      population,
      lat: s.region.lat,
      lon: s.region.lon,
    },
    match: hit.match,
    distanceKm: Math.round(hit.distanceKm * 1000) / 1000,
    asOf: isoOf(day),
    dataset: snapshot.dataset,
    metrics: {
      cumulativeCases: finiteOrNull(cum[t]),
      cumulativeDeaths: finiteOrNull(s.cumDeaths[t]),
      newCases7dAvg: finiteOrNull(avg7),
      newCases7dAvgPer100k: population && Number.isFinite(avg7) ? (avg7 / population) * 100_000 : null,
      casesLast10Days: finiteOrNull(last10),
    },
    eventRisk: {
      groupSize: q.groupSize,
      ascertainment,
      prevalence: risk.prevalence,
      probability: risk.probability,
    },
  };
}
