// Reads a source's files with the pipelines adapters, with no mesh and no database: the same
// parsing (and the same rejections) as an ingest, collected into regions and flat columns.
// `--source jhu-global --file A --file B` names the adapter pair jhu-global-cases (A) and
// jhu-global-deaths (B); a source that is itself an adapter id takes one file. Regions start
// from the JHU UID lookup table bundled in sample/ (what `ingest jhu-lookup` stores), since
// adapters of files keyed by code (NYT) name regions by UID without describing them.
import { fileURLToPath } from "node:url";
import { adapters, csvRows, getCsvAdapter, openSource, DEFAULT_BATCH_VALUES } from "../../pipelines/mod.ts";
import type { RegionRecord } from "../../sql/mod.ts";
import { BacktestUsageError } from "./errors.ts";

/** Region-days of every file merged: NaN where a file did not give the value. */
export interface SourceData {
  regions: Map<number, RegionRecord>;
  regionId: Int32Array;
  day: Int32Array;
  cumCases: Float64Array;
  cumDeaths: Float64Array;
  /** Source rows the adapters rejected (each with its reason, printed as a warning). */
  rejected: number;
  reasons: string[];
}

const BUNDLED_LOOKUP = fileURLToPath(new URL("../../sample/UID_ISO_FIPS_LookUp_Table.csv.gz", import.meta.url));

/** Adapter ids for a source and its files: itself (one file), or `<source>-cases` + `<source>-deaths` (two). */
export function adaptersFor(source: string, files: number): string[] {
  const pair = [`${source}-cases`, `${source}-deaths`];
  if (Object.hasOwn(adapters, source) && adapters[source].writes === "observations") {
    if (files !== 1) throw new BacktestUsageError(`source "${source}" reads one file, got ${files}`);
    return [source];
  }
  if (pair.every((id) => Object.hasOwn(adapters, id))) {
    if (files !== 2) throw new BacktestUsageError(`source "${source}" reads two files (--file <cases> --file <deaths>), got ${files}`);
    return pair;
  }
  const usable = Object.values(adapters)
    .filter((a) => a.writes === "observations")
    .map((a) => a.id);
  throw new BacktestUsageError(`unknown source "${source}"; sources with cases or deaths: ${usable.join(", ")} (or a <name>-cases/<name>-deaths pair by its <name>)`);
}

export async function readSources(source: string, files: string[]): Promise<SourceData> {
  const ids = adaptersFor(source, files.length);
  const regions = new Map<number, RegionRecord>();
  const lookup = await openSource({ file: BUNDLED_LOOKUP });
  for await (const ev of getCsvAdapter("jhu-lookup").parse(csvRows(lookup.stream), { batchValues: DEFAULT_BATCH_VALUES })) {
    if (ev.kind === "regions") for (const r of ev.regions) regions.set(r.id, r);
  }
  // (regionId, day) → [cases, deaths]: files of a pair share their keys.
  const values = new Map<number, Map<number, [number, number]>>();
  let rejected = 0;
  const reasons: string[] = [];
  for (let f = 0; f < files.length; f++) {
    const opened = await openSource({ file: files[f] });
    for await (const ev of getCsvAdapter(ids[f]).parse(csvRows(opened.stream), { batchValues: DEFAULT_BATCH_VALUES })) {
      if (ev.kind === "regions") for (const r of ev.regions) regions.set(r.id, { ...regions.get(r.id), ...r });
      else if (ev.kind === "quarantine") {
        rejected += ev.rows.length;
        for (const r of ev.rows) if (reasons.length < 5) reasons.push(`${files[f]}:${r.line}: ${r.reason}`);
      } else if (ev.kind === "observations") {
        const c = ev.columns;
        for (let i = 0; i < c.regionId.length; i++) {
          let byDay = values.get(c.regionId[i]);
          if (!byDay) values.set(c.regionId[i], (byDay = new Map()));
          let v = byDay.get(c.day[i]);
          if (!v) byDay.set(c.day[i], (v = [Number.NaN, Number.NaN]));
          if (c.cumCases) v[0] = c.cumCases[i];
          if (c.cumDeaths) v[1] = c.cumDeaths[i];
        }
      }
    }
  }
  let n = 0;
  for (const byDay of values.values()) n += byDay.size;
  const out: SourceData = {
    regions,
    regionId: new Int32Array(n),
    day: new Int32Array(n),
    cumCases: new Float64Array(n),
    cumDeaths: new Float64Array(n),
    rejected,
    reasons,
  };
  let at = 0;
  for (const id of [...values.keys()].sort((a, b) => a - b)) {
    const byDay = values.get(id)!;
    for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
      const v = byDay.get(day)!;
      out.regionId[at] = id;
      out.day[at] = day;
      out.cumCases[at] = v[0];
      out.cumDeaths[at] = v[1];
      at++;
    }
  }
  return out;
}
