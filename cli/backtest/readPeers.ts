// Reads hubverse model-output files (`reference_date,location,horizon,target,target_end_date,
// output_type,output_type_id,value`, gzipped or not) of target `wk inc covid hosp`: the
// peers a backtest compares against. A peer's model name is its file name without extensions.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { gunzipSync } from "node:zlib";
import { dayFromIso, QUANTILE_COUNT, QUANTILE_LEVELS } from "../../models/forecast/mod.ts";
import { HOSP_TARGET } from "../../models/forecast/hosp/mod.ts";
import { BacktestDataError } from "./errors.ts";
import { forecastKey, type ForecastSet } from "./hospScoring.ts";

export interface PeerModel {
  name: string;
  forecasts: ForecastSet;
}

export function peerName(path: string): string {
  return basename(path).replace(/\..*$/, "");
}

export async function readPeer(path: string): Promise<PeerModel> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new BacktestDataError(`cannot read peer file ${path}`, { cause: err });
  }
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8");
  return { name: peerName(path), forecasts: parseModelOutput(text, path) };
}

/** Quantile rows of `wk inc covid hosp` keyed by (reference date, location, horizon); other rows are ignored. */
export function parseModelOutput(text: string, name = "model output"): ForecastSet {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(",").map((h) => h.trim().replace(/^"|"$/g, ""));
  const need = ["reference_date", "location", "horizon", "target", "output_type", "output_type_id", "value"];
  const col = need.map((h) => header.indexOf(h));
  if (col.some((c) => c < 0)) throw new BacktestDataError(`${name}: header must have ${need.join(",")}, got ${lines[0]}`);
  const [cRef, cLoc, cH, cTarget, cType, cLevel, cValue] = col;
  const out: ForecastSet = new Map();
  const dayCache = new Map<string, number>();
  for (let ln = 1; ln < lines.length; ln++) {
    const line = lines[ln];
    if (line === "") continue;
    const f = line.split(",").map((x) => x.replace(/^"|"$/g, ""));
    if (f[cTarget] !== HOSP_TARGET || f[cType] !== "quantile") continue;
    const q = levelIndex(Number(f[cLevel]));
    if (q < 0) continue;
    let ref = dayCache.get(f[cRef]);
    if (ref === undefined) {
      try {
        ref = dayFromIso(f[cRef]);
      } catch (err) {
        throw new BacktestDataError(`${name}:${ln + 1}: bad reference_date`, { cause: err });
      }
      dayCache.set(f[cRef], ref);
    }
    const value = Number(f[cValue]);
    if (!Number.isFinite(value)) throw new BacktestDataError(`${name}:${ln + 1}: bad value ${JSON.stringify(f[cValue])}`);
    const key = forecastKey(ref, f[cLoc], Number(f[cH]));
    let qs = out.get(key);
    if (qs === undefined) {
      qs = new Float64Array(QUANTILE_COUNT).fill(Number.NaN);
      out.set(key, qs);
    }
    qs[q] = value;
  }
  // A forecast missing some of the 23 levels cannot be scored with the same WIS: drop it.
  for (const [key, qs] of out) if (qs.some((v) => Number.isNaN(v))) out.delete(key);
  return out;
}

function levelIndex(level: number): number {
  for (let q = 0; q < QUANTILE_COUNT; q++) if (Math.abs(QUANTILE_LEVELS[q] - level) < 1e-9) return q;
  return -1;
}
