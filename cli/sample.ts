// The bundled real sample, ingested on first start so that a query answers at once on a fresh
// machine: JHU CSSE 2020 (CC BY 4.0) and the CDC Forecast Hub's files of 2025-12-31 (public
// domain; see sample/ATTRIBUTION.md and cli/currentSample.ts).
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { JobEvent } from "../domain/mod.ts";
import type { JobRecord } from "../domain/mod.ts";
import type { System } from "./system.ts";
import { submitIngest } from "./ingestClient.ts";
import { CURRENT_SAMPLE } from "./currentSample.ts";

const dir = fileURLToPath(new URL("../sample/", import.meta.url));

export interface SampleFile {
  source: string;
  file: string;
  /** Which part of the sample: the region lookup, JHU's 2020 series, or the 2025 weekly data. */
  part: "lookup" | "jhu" | "current";
}

/**
 * In ingest order: the lookup first (every other row names a region of it), then the current
 * weekly data (what the README's first query shows), then the larger JHU 2020 series.
 */
export const SAMPLE_FILES: SampleFile[] = [
  { source: "jhu-lookup", file: join(dir, "UID_ISO_FIPS_LookUp_Table.csv.gz"), part: "lookup" },
  ...CURRENT_SAMPLE.map((f) => ({ source: f.source, file: join(dir, f.file), part: "current" as const })),
  { source: "jhu-us-cases", file: join(dir, "jhu_confirmed_US_sample.csv.gz"), part: "jhu" },
  { source: "jhu-us-deaths", file: join(dir, "jhu_deaths_US_sample.csv.gz"), part: "jhu" },
];

/**
 * Ingests each part of the sample whose data the database lacks (no observations: JHU; no weekly
 * rows: the current part; the lookup with either), one file after the other, so that the first
 * risk snapshot holds whole files, not a mix of half-stored ones. Resolves with the jobs' final
 * events; null when nothing was missing. A database from before the current sample gets it.
 */
export async function ingestSampleIfEmpty(
  system: Pick<System, "client" | "storage">,
  onJobDone?: (ev: JobEvent) => void,
  onProgress?: (file: SampleFile, r: JobRecord) => void,
): Promise<JobEvent[] | null> {
  const needJhu = (await system.storage.countObservations()) === 0;
  const needCurrent = (await system.storage.countWeekly()) === 0;
  if (!needJhu && !needCurrent) return null;
  const events: JobEvent[] = [];
  for (const s of SAMPLE_FILES) {
    if ((s.part === "jhu" && !needJhu) || (s.part === "current" && !needCurrent)) continue;
    const ev = await (await submitIngest(system.client, { source: s.source, file: s.file }, onProgress ? { onProgress: (r) => onProgress(s, r) } : {})).done;
    onJobDone?.(ev);
    events.push(ev);
  }
  return events;
}
