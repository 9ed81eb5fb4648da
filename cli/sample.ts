// The bundled real sample (JHU CSSE, CC BY 4.0; see sample/ATTRIBUTION.md), ingested on first
// start so that a query answers at once on a fresh machine.
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { JobEvent } from "../mesh/messages.ts";
import type { System } from "./system.ts";
import { submitIngest } from "./ingestClient.ts";

const dir = fileURLToPath(new URL("../sample/", import.meta.url));

export const SAMPLE_FILES: Array<{ source: string; file: string }> = [
  { source: "jhu-lookup", file: join(dir, "UID_ISO_FIPS_LookUp_Table.csv.gz") },
  { source: "jhu-us-cases", file: join(dir, "jhu_confirmed_US_sample.csv.gz") },
  { source: "jhu-us-deaths", file: join(dir, "jhu_deaths_US_sample.csv.gz") },
];

/**
 * When the database holds no observations, ingests the sample one file after the other (so the
 * first risk snapshot holds whole files, not a mix of half-stored ones) and resolves with the
 * jobs' final events; null when there was data already.
 */
export async function ingestSampleIfEmpty(
  system: Pick<System, "client" | "storage">,
  onJobDone?: (ev: JobEvent) => void,
): Promise<JobEvent[] | null> {
  if ((await system.storage.countObservations()) > 0) return null;
  const events: JobEvent[] = [];
  for (const s of SAMPLE_FILES) {
    const ev = await (await submitIngest(system.client, s)).done;
    onJobDone?.(ev);
    events.push(ev);
  }
  return events;
}
