// Does fast case growth persist? On forecast dates 2020-06-01 … 2021-12-27 (truth before
// 2022-01-03 only), NYT states with ≥ 1000 weekly cases: the 2-week log slope at the origin,
// binned, against the log change actually observed 1 and 4 weeks later. Evidence for (or
// against) capping fast growth, from data before 2022 (docs/models-cases-deaths.md).
//   SHARED_DATA=/work/shared/data bun bench/caseGrowthPersistence.ts
import { join } from "node:path";
import { cleanWeeklyToLog, dayFromIso, forecastItems, lastObservedSaturday, mondaysBetween } from "../models/forecast/mod.ts";
import { readSources } from "../cli/backtest/readSources.ts";
import { aggregateToLevel } from "../cli/backtest/aggregate.ts";
const data = await readSources("nyt-us-states", [join(process.env.SHARED_DATA ?? "/work/shared/data", "nyt/us-states.csv.gz")]);
const series = aggregateToLevel(data, "state");
const sats = Array.from(mondaysBetween(dayFromIso("2020-06-01"), dayFromIso("2021-12-27")), (m) => lastObservedSaturday(m));
const items = forecastItems(series.cases, series.deaths, "inc case", sats, 4, dayFromIso("2022-01-03"));
const bins = [-9, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 9];
const acc = bins.slice(1).map(() => ({ n: 0, r1: 0, r4: 0, s: 0, rel: 0, relN: 0 }));
for (const it of items) {
  const z = cleanWeeklyToLog(it.input.weekly);
  const e = z.length - 1;
  if (e < 60 || !(z[e] > Math.log(1000))) continue; // also skips an unknown last week (NaN)
  const slope = (z[e] - z[e - 2]) / 2;
  // The slope in SDs of the last 26 weekly changes (what the relative cap compares it to).
  const d: number[] = [];
  for (let t = e - 25; t <= e; t++) if (!Number.isNaN(z[t] - z[t - 1])) d.push(z[t] - z[t - 1]);
  const m = d.reduce((a, x) => a + x, 0) / d.length;
  const sd = Math.sqrt(d.reduce((a, x) => a + (x - m) ** 2, 0) / d.length);
  // Negative weeks in the truth are corrections (log undefined): left out.
  if (!(it.truth[0] >= 0 && it.truth[3] >= 0) || Number.isNaN(slope)) continue;
  const k = bins.findIndex((b, i) => slope >= b && slope < bins[i + 1]);
  const a = acc[k];
  a.n++;
  a.s += slope;
  a.r1 += Math.log1p(it.truth[0]) - z[e];
  a.r4 += Math.log1p(it.truth[3]) - z[e];
  a.rel += slope / sd;
  a.relN++;
}
acc.forEach(
  (a, i) =>
    a.n &&
    console.log(
      `slope [${bins[i]},${bins[i + 1]}) n=${a.n} mean slope ${(a.s / a.n).toFixed(3)} slope/sd26 ${(a.rel / a.relN).toFixed(2)} realized h1 ${(a.r1 / a.n).toFixed(3)} h4 ${(a.r4 / a.n).toFixed(3)} (h4 per week ${(a.r4 / a.n / 4).toFixed(3)})`,
    ),
);
