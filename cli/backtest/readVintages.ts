// Reads the Forecast Hub's stacked admissions publications (hospital-admissions-vintages.csv.gz,
// SOURCES.md §6: `as_of,location,state,target_end_date,value`, gzipped or not) into one
// WeeklySeries holding every version. Rows of locations the hub does not forecast (HHS regions,
// location "NA") are skipped and counted; a malformed row is an error, not a silent skip.
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import type { WeeklySeries } from "../../domain/mod.ts";
import { dayFromIso } from "../../models/forecast/mod.ts";
import { regionIdFromHubLocation } from "../../models/forecast/hosp/mod.ts";
import { BacktestDataError } from "./errors.ts";

export interface Vintages {
  /** Every version of every region-week (asOf varies). */
  versions: WeeklySeries;
  /** Rows of locations that are not hub locations. */
  skipped: number;
}

const HEADER = ["as_of", "location", "state", "target_end_date", "value"];

export async function readVintages(path: string): Promise<Vintages> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new BacktestDataError(`cannot read vintages file ${path}`, { cause: err });
  }
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8");
  return parseVintages(text, path);
}

export function parseVintages(text: string, name = "vintages"): Vintages {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(",").map((h) => h.trim().replace(/^"|"$/g, ""));
  const at = (name: string) => header.indexOf(name);
  // The hub renamed `date` to `target_end_date` in 2025; both spellings are accepted.
  const col = [at("as_of"), at("location"), -1, at("target_end_date") >= 0 ? at("target_end_date") : at("date"), at("value")];
  if (col[0] < 0 || col[1] < 0 || col[3] < 0 || col[4] < 0) {
    throw new BacktestDataError(`${name}: header must have ${HEADER.join(",")} (or date for target_end_date), got ${lines[0]}`);
  }
  const region: number[] = [];
  const week: number[] = [];
  const asOf: number[] = [];
  const value: number[] = [];
  let skipped = 0;
  for (let ln = 1; ln < lines.length; ln++) {
    const line = lines[ln];
    if (line === "") continue;
    const f = line.split(",").map((x) => x.replace(/^"|"$/g, ""));
    const id = regionIdFromHubLocation(f[col[1]]);
    if (id === null) {
      skipped++;
      continue;
    }
    try {
      asOf.push(dayFromIso(f[col[0]]));
      week.push(dayFromIso(f[col[3]]));
    } catch (err) {
      throw new BacktestDataError(`${name}:${ln + 1}: bad date in ${JSON.stringify(line)}`, { cause: err });
    }
    const raw = f[col[4]];
    const v = raw === "" || raw === "NA" ? Number.NaN : Number(raw);
    if (raw !== "" && raw !== "NA" && !Number.isFinite(v)) throw new BacktestDataError(`${name}:${ln + 1}: bad value ${JSON.stringify(raw)}`);
    region.push(id);
    value.push(v);
  }
  const n = region.length;
  if (n === 0) throw new BacktestDataError(`${name}: no rows of hub locations`);
  return {
    versions: {
      regionId: Int32Array.from(region),
      weekEnd: Int32Array.from(week),
      asOf: Int32Array.from(asOf),
      value: Float64Array.from(value),
      level: new Int8Array(n).fill(-1),
      trend: new Int8Array(n).fill(-1),
      missingReason: new Array<string | null>(n).fill(null),
    },
    skipped,
  };
}
