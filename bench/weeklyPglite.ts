// The embedded default (PGlite, in this process): the NSSP file's weekly batches applied one after
// another, first load and re-ingest, then the whole series read back; wall and CPU time (PGlite's
// work is in this process's CPU). `SHARED_DATA=/work/shared/data bun bench/weeklyPglite.ts`
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { WeeklyColumns } from "../domain/mod.ts";
import { getAdapter, parquetFromBytes } from "../pipelines/mod.ts";
import { createPgliteStorage } from "../sql/drivers/pglite.ts";

const DATA = process.env.SHARED_DATA ?? join(import.meta.dir, "../../shared/data");
const adapter = getAdapter("nssp-ed-visits");
if (adapter.format !== "parquet") throw new Error("nssp-ed-visits is a parquet source");
const batches: WeeklyColumns[] = [];
const file = parquetFromBytes(readFileSync(join(DATA, "covidhub/nssp-raw-asof-2025-12-31.parquet")));
for await (const ev of adapter.parseParquet(file, { batchValues: 32_768, publishedDay: 20_453 })) if (ev.kind === "weekly") batches.push(ev.columns);

const s = createPgliteStorage(undefined);
try {
  await s.migrate();
  for (const run of ["first load", "re-ingest"]) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let written = 0;
    let unchanged = 0;
    for (let i = 0; i < batches.length; i++) {
      const r = await s.applyWeekly(`bench-${run}`, i, "nssp-ed-visits", batches[i]);
      written += r.accepted;
      unchanged += r.unchanged;
    }
    const c = process.cpuUsage(c0);
    console.log(`${run}: ${written} written, ${unchanged} unchanged, ${Math.round(performance.now() - t0)} ms wall, ${Math.round((c.user + c.system) / 1000)} ms CPU`);
  }
  const t0 = performance.now();
  const series = await s.loadWeeklySeries("nssp-ed-visits", "ed-visits-pct");
  console.log(`loadWeeklySeries: ${series.regionId.length} region-weeks, ${Math.round(performance.now() - t0)} ms`);
} finally {
  await s.close();
}
