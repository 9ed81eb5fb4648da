// How much does mobility tell us about transmission two weeks later, on the real data? For every
// US state: mobility change m(t) (mean of Google's retail, grocery, transit and workplaces
// changes, OI state file, 7-day averages) against
//   - the case growth rate g(t + lag) (ln of 7-day sums one week apart, per day; NYT states), and
//   - Rt on t + lag (Rt reported on day d describes d − 9, the smoothing lag, so we read it 9 days later).
// Reports the pooled Pearson r, the within-state r (each state's means removed: states differ in
// level for reasons unrelated to mobility) and the slope of Rt per 10 points of mobility, for
// lags 0–28 days and for 2020-03…2020-06 (first wave, lockdowns) vs 2020-07…2022-06.
//   ./node_modules/.bin/bun tools/mobilityLag.ts
import { join } from "node:path";
import { csvRows, getCsvAdapter, openSource, DEFAULT_BATCH_VALUES } from "../pipelines/mod.ts";
import { computeDailyMetrics, estimateRt, RT_SMOOTHING_LAG_DAYS } from "../models/mod.ts";
import { readSources } from "../cli/backtest/readSources.ts";
import { aggregateToLevel } from "../cli/backtest/aggregate.ts";
import { mobilityChangeAt } from "../workers/exposure-risk/compute/mobility.ts";
import type { MobilitySeries } from "../sql/mod.ts";
import { dayOfIso, isoOfDay } from "../domain/mod.ts";

const DATA = process.env.SHARED_DATA ?? join(import.meta.dir, "../../shared/data");

async function readMobility(): Promise<Map<number, Map<number, number>>> {
  const file = join(DATA, "opportunity_insights/Google Mobility - State - Daily.csv.gz");
  const out = new Map<number, Map<number, number>>();
  const opened = await openSource({ file });
  for await (const ev of getCsvAdapter("oi-mobility-state").parse(csvRows(opened.stream), { batchValues: DEFAULT_BATCH_VALUES })) {
    if (ev.kind !== "mobility") continue;
    const c = ev.columns as MobilitySeries;
    for (let i = 0; i < c.regionId.length; i++) {
      const v = mobilityChangeAt(c, i);
      if (!Number.isFinite(v)) continue;
      if (!out.has(c.regionId[i])) out.set(c.regionId[i], new Map());
      out.get(c.regionId[i])!.set(c.day[i], v);
    }
  }
  return out;
}

interface Pairs {
  state: number[];
  x: number[];
  y: number[];
}

function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

function slope(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0,
    sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  return sxy / sxx;
}

/** Each state's mean removed from x and y. */
function withinState(p: Pairs): { x: number[]; y: number[] } {
  const sums = new Map<number, [number, number, number]>();
  p.state.forEach((s, i) => {
    const a = sums.get(s) ?? [0, 0, 0];
    a[0] += p.x[i];
    a[1] += p.y[i];
    a[2]++;
    sums.set(s, a);
  });
  return {
    x: p.x.map((v, i) => v - sums.get(p.state[i])![0] / sums.get(p.state[i])![2]),
    y: p.y.map((v, i) => v - sums.get(p.state[i])![1] / sums.get(p.state[i])![2]),
  };
}

const mobility = await readMobility();
const nytData = await readSources("nyt-us-states", [join(DATA, "nyt/us-states.csv.gz")]);
const nyt = aggregateToLevel(nytData, "state");
const populations = nytData.regions;

const outcomes = new Map<number, { firstDay: number; growth: Float64Array; rt: Float64Array }>();
for (const [key, cases] of nyt.cases) {
  const id = Number(key);
  if (!mobility.has(id)) continue;
  const deaths = nyt.deaths.get(key)!;
  const m = computeDailyMetrics(cases.cum, deaths.cum, populations.get(id)?.population ?? null);
  outcomes.set(id, { firstDay: cases.firstDay, growth: Float64Array.from(m.growthRate), rt: estimateRt(m.newCasesRaw).mean });
}

const periods: Array<[string, number, number]> = [
  ["2020-03-01…2022-06-30", dayOfIso("2020-03-01"), dayOfIso("2022-06-30")],
  ["2020-03-01…2020-06-30", dayOfIso("2020-03-01"), dayOfIso("2020-06-30")],
  ["2020-07-01…2022-06-30", dayOfIso("2020-07-01"), dayOfIso("2022-06-30")],
];
console.log(`${outcomes.size} states with mobility and cases; mobility = mean change of retail, grocery, transit, workplaces (%)`);
console.log("| period | lag (days) | outcome | n | pooled r | within-state r | slope per +10 points |");
console.log("|---|---:|---|---:|---:|---:|---:|");
for (const [label, from, to] of periods) {
  for (const lag of [0, 7, 14, 21, 28]) {
    for (const outcome of ["growth", "rt"] as const) {
      const p: Pairs = { state: [], x: [], y: [] };
      for (const [id, o] of outcomes) {
        for (const [day, m] of mobility.get(id)!) {
          if (day < from || day > to) continue;
          const at = day + lag + (outcome === "rt" ? RT_SMOOTHING_LAG_DAYS : 0) - o.firstDay;
          const y = at >= 0 && at < o.rt.length ? o[outcome][at] : Number.NaN;
          if (!Number.isFinite(y)) continue;
          p.state.push(id);
          p.x.push(m);
          p.y.push(y);
        }
      }
      const w = withinState(p);
      const unit = outcome === "rt" ? "Rt" : "growth/day";
      console.log(
        `| ${label} | ${lag} | ${outcome === "rt" ? "Rt" : "growth rate"} | ${p.x.length} | ${pearson(p.x, p.y).toFixed(3)} | ${pearson(w.x, w.y).toFixed(3)} | ${(10 * slope(w.x, w.y)).toFixed(4)} ${unit} |`,
      );
    }
  }
}
console.log(`(mobility ${isoOfDay(Math.min(...[...mobility.values()].flatMap((m) => [...m.keys()])))} … ; Rt read ${RT_SMOOTHING_LAG_DAYS} days later to undo its smoothing lag)`);
