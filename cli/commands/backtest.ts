// covid-mesh backtest: re-forecasts every Monday of a range from the given files, as of that
// Monday, with COVIDhub-baseline and covid-mesh, and scores both against the same files.
// Runs without a started system (no NATS, no database): files → pipelines adapters → models.
//
// "Using only the data published up to that date": each forecast sees the series cut after the
// Saturday before its Monday. The files are the final, revised data, so this is as-of
// truncation, not the vintage a forecaster had then (later revisions leak in; see README).
import { parseArgs } from "node:util";
import { backtest, baselineModel, dayFromIso, isMonday, mondaysBetween, BASELINE_MODEL_NAME } from "../../models/forecast/mod.ts";
import type { RegionLevel } from "../../sql/mod.ts";
import { aggregateToLevel } from "../backtest/aggregate.ts";
import { BacktestDataError, BacktestUsageError } from "../backtest/errors.ts";
import { readSources } from "../backtest/readSources.ts";
import { chooseCovidMesh } from "../backtest/selection.ts";
import { formatTable, jsonRows } from "../backtest/table.ts";
import { hospBacktestCommand, HOSP_BACKTEST_USAGE } from "../backtest/hospCommand.ts";
import { COVIDHUB_HOSP_SOURCE } from "../../domain/mod.ts";

export const BACKTEST_USAGE =
  "usage: covid-mesh backtest --source <id> --file PATH [--file PATH] --from YYYY-MM-DD --to YYYY-MM-DD [--level state|country|county] [--select-from YYYY-MM-DD [--per-horizon]] [--json]\n" +
  `   or: ${HOSP_BACKTEST_USAGE.slice("usage: ".length)}`;

/** The level a source is scored at when --level is not given. */
const DEFAULT_LEVEL: Record<string, RegionLevel> = { "nyt-us-states": "state", "nyt-us-counties": "county", "jhu-global": "country", "jhu-us": "county" };
const LEVELS = new Set<string>(["county", "state", "country"]);

function isoDay(text: string | undefined, flag: string): number {
  try {
    return dayFromIso(text ?? "");
  } catch (err) {
    throw new BacktestUsageError(`${flag} must be a date YYYY-MM-DD, got ${JSON.stringify(text ?? null)}\n${BACKTEST_USAGE}`, { cause: err });
  }
}

/** Every Monday in [from, to]; either end may be any day. */
function mondaysIn(from: number, to: number): Int32Array {
  let first = from;
  while (!isMonday(first)) first++;
  let last = to;
  while (!isMonday(last)) last--;
  return last < first ? new Int32Array(0) : mondaysBetween(first, last);
}

export interface BacktestCommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export async function backtestCommand(argv: string[], io: BacktestCommandIo = { out: console.log, err: console.error }): Promise<number> {
  const sourceAt = argv.findIndex((a) => a === "--source" || a.startsWith("--source="));
  const source = sourceAt < 0 ? undefined : argv[sourceAt].startsWith("--source=") ? argv[sourceAt].slice(9) : argv[sourceAt + 1];
  if (source === COVIDHUB_HOSP_SOURCE) return hospBacktestCommand(argv, io);
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        source: { type: "string" },
        file: { type: "string", multiple: true },
        from: { type: "string" },
        to: { type: "string" },
        level: { type: "string" },
        "select-from": { type: "string" },
        "per-horizon": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
      },
    }));
  } catch (err) {
    throw new BacktestUsageError(`${(err as Error).message}\n${BACKTEST_USAGE}`, { cause: err });
  }
  if (!values.source) throw new BacktestUsageError(`--source is required\n${BACKTEST_USAGE}`);
  const files = values.file ?? [];
  if (files.length === 0) throw new BacktestUsageError(`--file is required\n${BACKTEST_USAGE}`);
  const from = isoDay(values.from, "--from");
  const to = isoDay(values.to, "--to");
  if (to < from) throw new BacktestUsageError(`--to (${values.to}) is before --from (${values.from})`);
  const level = (values.level ?? DEFAULT_LEVEL[values.source] ?? "state") as RegionLevel;
  if (!LEVELS.has(level)) throw new BacktestUsageError(`--level must be state, country or county, got "${values.level}"`);
  const selectFrom = values["select-from"] === undefined ? null : isoDay(values["select-from"], "--select-from");
  if (selectFrom !== null && selectFrom > from - 7) throw new BacktestUsageError(`--select-from (${values["select-from"]}) must be at least a week before --from (${values.from})`);
  const mondays = mondaysIn(from, to);
  if (mondays.length === 0) throw new BacktestUsageError(`no Monday between ${values.from} and ${values.to}`);

  const t0 = performance.now();
  const data = await readSources(values.source, files);
  if (data.rejected > 0) io.err(`warning: ${data.rejected} source rows rejected, e.g. ${data.reasons.join("; ")}`);
  const series = aggregateToLevel(data, level);
  // Parameters are chosen before the window is forecast, from truth known before it.
  const meshChoice = chooseCovidMesh(series, mondays[0], selectFrom, values["per-horizon"]);
  const rows = backtest({
    series: { cases: series.cases, deaths: series.deaths },
    forecastDates: mondays,
    models: [baselineModel({ seed: 1 }), meshChoice.model],
  });
  if (rows.every((r) => r.n === 0)) throw new BacktestDataError(`nothing to score: no truth in the files for forecasts from ${values.from} to ${values.to}`);

  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  io.out(formatTable(rows, BASELINE_MODEL_NAME));
  io.out(
    `\n${values.source} at ${level} level: ${series.cases.size} locations × ${mondays.length} forecast dates ` +
      `(Mondays ${values.from} … ${values.to}${isMonday(from) ? "" : ", from the first Monday"}); ${seconds} s`,
  );
  for (const line of meshChoice.lines) io.out(line);
  if (series.unplaced > 0) io.out(`${series.unplaced} regions of other levels had no ${level} to sum into and were left out`);
  if (values.json) io.out(JSON.stringify(jsonRows(rows)));
  return 0;
}
