// Reads the NYT us-states file (long format: date,state,fips,cases,deaths; cumulative, no
// quoted fields) into daily cumulative series per state FIPS, for trying the backtest.
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { dayFromIso } from "../epiweek.ts";
import { ForecastInputError } from "../errors.ts";
import type { DailyCumulativeSeries } from "../backtest.ts";

export interface NytStates {
  cases: Map<string, DailyCumulativeSeries>;
  deaths: Map<string, DailyCumulativeSeries>;
  names: Map<string, string>;
}

export function readNytStates(path: string): NytStates {
  const text = gunzipSync(readFileSync(path)).toString("utf8");
  const lines = text.split("\n");
  if (lines[0].trim() !== "date,state,fips,cases,deaths") {
    throw new ForecastInputError(`${path}: unexpected header ${JSON.stringify(lines[0])}`);
  }
  const rows = new Map<string, { day: number[]; cases: number[]; deaths: number[] }>();
  const names = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === "") continue;
    const f = line.split(",");
    if (f.length !== 5) throw new ForecastInputError(`${path}:${i + 1}: expected 5 fields, got ${f.length}`);
    const fips = f[2].padStart(2, "0");
    names.set(fips, f[1]);
    let r = rows.get(fips);
    if (r === undefined) rows.set(fips, (r = { day: [], cases: [], deaths: [] }));
    r.day.push(dayFromIso(f[0]));
    r.cases.push(f[3] === "" ? Number.NaN : Number(f[3]));
    r.deaths.push(f[4] === "" ? Number.NaN : Number(f[4]));
  }
  const cases = new Map<string, DailyCumulativeSeries>();
  const deaths = new Map<string, DailyCumulativeSeries>();
  for (const [fips, r] of rows) {
    const firstDay = Math.min(...r.day);
    const n = Math.max(...r.day) - firstDay + 1;
    // Days missing from the file stay NaN (unknown), never interpolated.
    const c = new Float64Array(n).fill(Number.NaN);
    const d = new Float64Array(n).fill(Number.NaN);
    r.day.forEach((day, k) => {
      c[day - firstDay] = r.cases[k];
      d[day - firstDay] = r.deaths[k];
    });
    cases.set(fips, { cum: c, firstDay });
    deaths.set(fips, { cum: d, firstDay });
  }
  return { cases, deaths, names };
}
