// Quick backtest on the NYT state data: COVIDhub-baseline vs covid-mesh, every Monday of a
// window (default 2022-01-03 … 2022-06-06), printed as a table.
//   ./node_modules/.bin/bun models/forecast/scripts/tryBacktest.ts [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--file path]
import { parseArgs } from "node:util";
import { backtest, type BacktestRow } from "../backtest.ts";
import { baselineModel } from "../baseline.ts";
import { covidMeshModel } from "../covidMesh.ts";
import { dayFromIso, mondaysBetween } from "../epiweek.ts";
import { readNytStates } from "./nytStates.ts";

const { values } = parseArgs({
  options: {
    from: { type: "string", default: "2022-01-03" },
    to: { type: "string", default: "2022-06-06" },
    file: { type: "string", default: "/work/shared/data/nyt/us-states.csv.gz" },
  },
});

const started = performance.now();
const data = readNytStates(values.file!);
const forecastDates = mondaysBetween(dayFromIso(values.from!), dayFromIso(values.to!));
const rows = backtest({
  series: { cases: data.cases, deaths: data.deaths },
  forecastDates,
  models: [baselineModel({ seed: 1 }), covidMeshModel()],
});
printTable(rows);
console.log(
  `\n${data.cases.size} locations × ${forecastDates.length} forecast dates (${values.from} … ${values.to}); ` +
    `${((performance.now() - started) / 1000).toFixed(1)} s`,
);

function printTable(rows: BacktestRow[]): void {
  const header = ["model", "target", "horizon", "WIS", "rel WIS", "MAE", "cov50", "cov95", "n"];
  const lines = rows.map((r) => [
    r.model, r.target, r.horizon === null ? "all" : String(r.horizon), r.wis.toFixed(1), r.relativeWis.toFixed(3),
    r.mae.toFixed(1), r.coverage50.toFixed(2), r.coverage95.toFixed(2), String(r.n),
  ]);
  for (const target of ["inc case", "inc death"]) {
    const rel = rows.filter((r) => r.target === target && r.horizon !== null && r.model !== "COVIDhub-baseline");
    for (const model of new Set(rel.map((r) => r.model))) {
      const xs = rel.filter((r) => r.model === model).map((r) => r.relativeWis);
      lines.push([model, target, "mean 1-4", "", (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3), "", "", "", ""]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  console.log(fmt(header));
  console.log(`|${widths.map((w, i) => (i < 3 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const l of lines) console.log(fmt(l));
}
