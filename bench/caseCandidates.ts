// Design bench for changes to the case/death model, on data before 2022 only: replays fixed
// parameter sets (and candidate changes on top of them) on the forecast dates FROM … TO with
// truth before TRUTH_BEFORE, and prints the relative WIS against COVIDhub-baseline per horizon,
// pooled, per 13-week block, and the worst block (the selection's criterion). It reads nothing
// from TRUTH_BEFORE on, so it can judge a change without looking at the 2022 report window.
//
//   SHARED_DATA=/work/shared/data bun bench/caseCandidates.ts [FROM TO TRUTH_BEFORE]
// (default 2020-06-01 2021-12-27 2022-01-03; the candidates are listed below).
import { join } from "node:path";
import { intervalLayout, weightedIntervalScore } from "../models/evaluation/intervalScore.ts";
import {
  baselineModel,
  covidMeshModel,
  dayFromIso,
  forecastItems,
  lastObservedSaturday,
  mondaysBetween,
  QUANTILE_COUNT,
  QUANTILE_LEVELS,
  type CovidMeshOptions,
  type ForecastItem,
  type ForecastModel,
  type TargetKind,
} from "../models/forecast/mod.ts";
import { runModel } from "../models/forecast/backtest.ts";
import { readSources } from "../cli/backtest/readSources.ts";
import { aggregateToLevel } from "../cli/backtest/aggregate.ts";
import { isoOfDay } from "../domain/mod.ts";

const DATA = process.env.SHARED_DATA ?? "/work/shared/data";
const [fromIso = "2020-06-01", toIso = "2021-12-27", beforeIso = "2022-01-03"] = process.argv.slice(2);
const H = 4;
const BLOCK = 13;

/** The parameters the selection chose on 2020-06-01 … 2021-12-27 (docs/models-cases-deaths.md), i.e. from data before 2022. */
const BASE: Record<TargetKind, CovidMeshOptions> = {
  "inc case": { arCoefficients: [0.13, 0.261], caseTrendWindows: [1, 2, 3], caseGrowthDamping: 0.5, declineDamping: 0.8, errorWeeks: 52, spreadScale: 0.9 },
  "inc death": { deathTrendWindow: 4, deathGrowthDamping: 0, caseLagWeeks: 4, caseElasticity: 0.9, declineDamping: 0.5, errorWeeks: 104, spreadScale: 0.9 },
};

const CANDIDATES: Array<[string, CovidMeshOptions]> = (process.env.CANDIDATES ?? "")
  .split(";")
  .filter((s) => s.trim() !== "")
  .map((s) => [s.trim(), JSON.parse(`{${s.trim()}}`) as CovidMeshOptions]);
if (CANDIDATES.length === 0) {
  CANDIDATES.push(
    ["reference", {}],
    ['"growthCapSd":1.5', { growthCapSd: 1.5 }],
    ['"growthCapSd":2', { growthCapSd: 2 }],
    ['"growthCapSd":3', { growthCapSd: 3 }],
    ['"flatSkillWeeks":8', { flatSkillWeeks: 8 }],
    ['"baselineWeight":0.2', { baselineWeight: 0.2 }],
    ['"abovePeakScale":0.75', { abovePeakScale: 0.75 }],
  );
}
const TARGETS = (process.env.TARGETS ?? "inc case").split(",") as TargetKind[];

const LAYOUT = intervalLayout(QUANTILE_LEVELS);

function wis(f: Float64Array | null, item: ForecastItem): number[] {
  return Array.from({ length: H }, (_, h) => (f === null || Number.isNaN(item.truth[h]) ? Number.NaN : weightedIntervalScore(LAYOUT, f, item.truth[h], h * QUANTILE_COUNT)));
}

const data = await readSources("nyt-us-states", [join(DATA, "nyt/us-states.csv.gz")]);
const series = aggregateToLevel(data, "state");
const mondays = mondaysBetween(dayFromIso(fromIso), dayFromIso(toIso));
const saturdays = Array.from(mondays, (m) => lastObservedSaturday(m));
const lastSat = Math.max(...saturdays);
const truthBefore = dayFromIso(beforeIso);
const nBlocks = Math.max(1, Math.round(saturdays.length / BLOCK));

for (const target of TARGETS) {
  const own = target === "inc case" ? series.cases : series.deaths;
  const other = target === "inc case" ? series.deaths : series.cases;
  const items = forecastItems(own, other, target, saturdays, H, truthBefore);
  const block = items.map((it) => Math.min(nBlocks - 1, Math.floor((lastSat - it.saturday) / (7 * BLOCK))));
  const base = baselineModel({ seed: 1 });
  const baseWis = items.map((it) => wis(runModel(base, it.input, H), it));
  const labels = Array.from({ length: nBlocks }, (_, k) => {
    const ss = saturdays.filter((s) => Math.min(nBlocks - 1, Math.floor((lastSat - s) / (7 * BLOCK))) === k);
    return `${isoOfDay(Math.min(...ss) + 2)}…${isoOfDay(Math.max(...ss) + 2)}`;
  });
  console.log(`\n${target}: ${items.length} items, forecast dates ${fromIso} … ${toIso}, truth before ${beforeIso}; blocks (newest first): ${labels.join(", ")}`);
  for (const [name, extra] of CANDIDATES) {
    const t0 = performance.now();
    const model: ForecastModel = covidMeshModel({ ...BASE[target], ...extra });
    const m = new Float64Array(nBlocks * H);
    const b = new Float64Array(nBlocks * H);
    items.forEach((it, i) => {
      const w = wis(runModel(model, it.input, H), it);
      for (let h = 0; h < H; h++) {
        if (Number.isNaN(w[h]) || Number.isNaN(baseWis[i][h])) continue;
        m[block[i] * H + h] += w[h];
        b[block[i] * H + h] += baseWis[i][h];
      }
    });
    const pooled: string[] = [];
    const worst: number[] = [];
    for (let h = 0; h < H; h++) {
      let sm = 0;
      let sb = 0;
      let mx = 0;
      for (let k = 0; k < nBlocks; k++) {
        sm += m[k * H + h];
        sb += b[k * H + h];
        if (b[k * H + h] > 0) mx = Math.max(mx, m[k * H + h] / b[k * H + h]);
      }
      pooled.push((sm / sb).toFixed(3));
      worst.push(mx);
    }
    const blocks = Array.from({ length: nBlocks }, (_, k) => Array.from({ length: H }, (_, h) => (m[k * H + h] / b[k * H + h]).toFixed(3)).join("/"));
    const crit = worst.reduce((a, x) => a + x, 0) / H;
    console.log(
      `${name.padEnd(40)} pooled ${pooled.join(" ")} | worst ${worst.map((x) => x.toFixed(3)).join(" ")} crit ${crit.toFixed(4)} | blocks ${blocks.join("  ")} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
  }
}
