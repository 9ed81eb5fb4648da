// The full real-time backtest of hospital-admission forecasts, with the four hub peers, and its
// wall time: the table of the "done" check (reference dates 2025-03-01 … 2025-12-06).
//   bun bench/hospBacktest.ts [--data ../shared/data/covidhub] [--from 2025-03-01] [--to 2025-12-06]
import { join } from "node:path";
import { parseArgs } from "node:util";
import { backtestCommand } from "../cli/commands/backtest.ts";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: process.env.SHARED_DATA ? join(process.env.SHARED_DATA, "covidhub") : join(import.meta.dir, "../../shared/data/covidhub") },
    from: { type: "string", default: "2025-03-01" },
    to: { type: "string", default: "2025-12-06" },
  },
});
const dir = values.data!;
const peers = ["CovidHub-baseline", "CovidHub-ensemble", "UMass-ar6_pooled", "CMU-TimeSeries"].flatMap((m) => ["--peer", join(dir, "forecasts", `${m}.csv.gz`)]);
const t0 = performance.now();
await backtestCommand(["--source", "covidhub-hosp", "--vintages", join(dir, "hospital-admissions-vintages.csv.gz"), "--from", values.from!, "--to", values.to!, ...peers]);
console.log(`wall time ${((performance.now() - t0) / 1000).toFixed(1)} s`);
