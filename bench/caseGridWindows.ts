// Design bench for the case grid of the selection, on the report windows before 2022 only:
// for each variant of the case grid, picks the parameters by rolling origin from SELECT_FROM to
// the week before the window (as `backtest --select-from` does) and prints the window's case
// relative WIS per horizon and 95% coverage. It refuses windows that reach 2022, so a grid can be
// judged on windows 1–2 without looking at the 2022 window.
//
//   SHARED_DATA=/work/shared/data bun bench/caseGridWindows.ts FROM TO [SELECT_FROM]
//   VARIANTS='name=param:v1,v2,…;…' adds or replaces case-grid entries per variant
//   (e.g. 'blend3=baselineWeight:0,0.1,0.2'); "current" (the committed grid) runs first unless SKIP_CURRENT=1.
import { join } from "node:path";
import { backtest, baselineModel, covidMeshModelByTarget, dayFromIso, mondaysBetween, SELECTION_GRID, selectParameters, type ParameterGrid } from "../models/forecast/mod.ts";
import { readSources } from "../cli/backtest/readSources.ts";
import { aggregateToLevel } from "../cli/backtest/aggregate.ts";

const DATA = process.env.SHARED_DATA ?? "/work/shared/data";
const [fromIso, toIso, selectFromIso = "2020-06-01"] = process.argv.slice(2);
if (fromIso === undefined || toIso === undefined) throw new Error("usage: caseGridWindows.ts FROM TO [SELECT_FROM]");
// The last forecast date allowed is 2021-12-27 (window 2's; its 4-week truth ends 2022-01-22).
if (dayFromIso(toIso) > dayFromIso("2021-12-27")) throw new Error("this bench is for windows before 2022 only");

const variants: Array<[string, ParameterGrid]> = process.env.SKIP_CURRENT === "1" ? [] : [["current", SELECTION_GRID["inc case"]]];
for (const spec of (process.env.VARIANTS ?? "").split(";").filter((s) => s.trim() !== "")) {
  const [name, body] = spec.split("=");
  const grid: ParameterGrid = [...SELECTION_GRID["inc case"]];
  for (const entry of body.split("|")) {
    const [param, values] = entry.split(":");
    const list = values.split(",").map(Number) as number[];
    const at = grid.findIndex(([p]) => p === param);
    const row: ParameterGrid[number] = [param as ParameterGrid[number][0], list];
    if (at >= 0) grid[at] = row;
    else grid.push(row);
  }
  variants.push([name, grid]);
}

const data = await readSources("nyt-us-states", [join(DATA, "nyt/us-states.csv.gz")]);
const series = aggregateToLevel(data, "state");
const from = dayFromIso(fromIso);
const selectDates = mondaysBetween(dayFromIso(selectFromIso), from - 7);
const forecastDates = mondaysBetween(from, dayFromIso(toIso));
for (const [name, caseGrid] of variants) {
  const t0 = performance.now();
  const choice = selectParameters({
    series: { cases: series.cases, deaths: series.deaths },
    selectDates,
    truthBefore: from,
    grid: { "inc case": caseGrid, "inc death": [] },
  });
  const rows = backtest({
    series: { cases: series.cases, deaths: series.deaths },
    forecastDates,
    models: [baselineModel({ seed: 1 }), covidMeshModelByTarget({ "inc case": choice["inc case"].options, "inc death": choice["inc death"].options })],
  }).filter((r) => r.model === "covid-mesh" && r.target === "inc case" && r.horizon !== null);
  const rel = rows.map((r) => r.relativeWis.toFixed(3)).join(" / ");
  const cov = rows.map((r) => r.coverage95.toFixed(2)).join(" / ");
  const mean = rows.reduce((a, r) => a + r.relativeWis, 0) / rows.length;
  const o = choice["inc case"].options;
  console.log(
    `${fromIso} ${name.padEnd(10)} cases ${rel} (mean ${mean.toFixed(4)}) cov95 ${cov} | selection crit ${choice["inc case"].criterion.toFixed(4)} | chosen: damping ${o.caseGrowthDamping} cap ${o.growthCapSd}/${o.growthCapWeeks} blend ${o.baselineWeight ?? 0} abovePeak ${o.abovePeakScale ?? 1} AR ${String(o.arCoefficients)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
  );
}
