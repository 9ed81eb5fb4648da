// covid-mesh backtest --source covidhub-hosp --vintages FILE --from DATE --to DATE [--peer FILE]... [--json]
// The real-time backtest of hospital-admission forecasts (see hospRun.ts): reference dates are
// the Saturdays in [from, to]; locations the states, DC and PR; horizons 0–3 on the common set.
// ED-visit shares are read from --ed, or from a time-series-asof-*.parquet beside the vintages
// file (the hub's layout); --no-ed runs the model on admissions alone.
import { parseArgs } from "node:util";
import { dayFromIso, isSaturday } from "../../models/forecast/mod.ts";
import { COVIDHUB_HOSP_SOURCE } from "../../domain/mod.ts";
import { BacktestDataError, BacktestUsageError } from "./errors.ts";
import { runHospBacktest } from "./hospRun.ts";
import { formatChoices, formatHospTable } from "./hospTable.ts";
import { readPeer } from "./readPeers.ts";
import { readVintages } from "./readVintages.ts";
import { findEdFileNear, readEdVintages } from "./readEdVintages.ts";
import { basename } from "node:path";
import { isoOfDay } from "../../domain/mod.ts";

export const HOSP_BACKTEST_USAGE = `usage: covid-mesh backtest --source ${COVIDHUB_HOSP_SOURCE} --vintages FILE --from YYYY-MM-DD --to YYYY-MM-DD [--peer FILE]... [--ed FILE | --no-ed] [--choices] [--json]`;

export interface HospCommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

function isoDay(text: string | undefined, flag: string): number {
  try {
    return dayFromIso(text ?? "");
  } catch (err) {
    throw new BacktestUsageError(`${flag} must be a date YYYY-MM-DD, got ${JSON.stringify(text ?? null)}\n${HOSP_BACKTEST_USAGE}`, { cause: err });
  }
}

/** Every Saturday in [from, to]. */
export function saturdaysIn(from: number, to: number): number[] {
  const out: number[] = [];
  let d = from;
  while (!isSaturday(d)) d++;
  for (; d <= to; d += 7) out.push(d);
  return out;
}

export async function hospBacktestCommand(argv: string[], io: HospCommandIo = { out: console.log, err: console.error }): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        source: { type: "string" },
        vintages: { type: "string" },
        peer: { type: "string", multiple: true },
        from: { type: "string" },
        to: { type: "string" },
        ed: { type: "string" },
        "no-ed": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        choices: { type: "boolean", default: false },
      },
    }));
  } catch (err) {
    throw new BacktestUsageError(`${(err as Error).message}\n${HOSP_BACKTEST_USAGE}`, { cause: err });
  }
  if (values.source !== COVIDHUB_HOSP_SOURCE) throw new BacktestUsageError(`--source must be ${COVIDHUB_HOSP_SOURCE}\n${HOSP_BACKTEST_USAGE}`);
  if (!values.vintages) throw new BacktestUsageError(`--vintages is required\n${HOSP_BACKTEST_USAGE}`);
  const from = isoDay(values.from, "--from");
  const to = isoDay(values.to, "--to");
  if (to < from) throw new BacktestUsageError(`--to (${values.to}) is before --from (${values.from})`);
  const days = saturdaysIn(from, to);
  if (days.length === 0) throw new BacktestUsageError(`no Saturday between ${values.from} and ${values.to}`);

  const t0 = performance.now();
  const vintages = await readVintages(values.vintages);
  // ED visits (NSSP) as a covariate: --ed, else the hub's time-series parquet next to the vintages file.
  const edFile = values["no-ed"] ? null : (values.ed ?? (await findEdFileNear(values.vintages)));
  const ed = edFile === null ? null : await readEdVintages(edFile);
  const peers = await Promise.all((values.peer ?? []).map(readPeer));
  const names = peers.map((p) => p.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new BacktestUsageError(`two peer files are named ${dup}`);
  const result = runHospBacktest({ versions: vintages.versions, ed, referenceDays: days, peers });
  if (result.rows.every((r) => r.n === 0)) throw new BacktestDataError(`nothing to score: no forecast all models made with known truth between ${values.from} and ${values.to}`);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  io.out(formatHospTable(result.rows));
  io.out(
    `\n${COVIDHUB_HOSP_SOURCE}: ${days.length} reference dates (Saturdays ${isoOfDay(days[0])} … ${isoOfDay(days[days.length - 1])}), ` +
      `states + DC + PR, horizons 0-3, data as_of ≤ R − 3 days, truth as of ${result.truthAsOf}; ` +
      `baseline ${names.includes("CovidHub-baseline") ? "from its peer file" : "computed (our flat baseline)"}; ` +
      `ED visits ${edFile === null ? "not used" : `from ${basename(edFile)} (versions with as_of ≤ R − 3 only)`}; ${seconds} s`,
  );
  io.out(formatChoices(result.choices));
  if (values.choices)
    for (const c of result.choices)
      io.out(
        `${c.referenceDate} ${c.candidate} widen ${c.widen.map((w) => w.toFixed(2)).join(" ")} loss ${Object.entries(c.loss)
          .map(([k, v]) => `${k}=${v.toFixed(1)}`)
          .join(" ")}`,
      );
  if (values.json) io.out(JSON.stringify(result.rows));
  return 0;
}
