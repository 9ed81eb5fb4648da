// Throughput of the parquet weekly sources (`bun bench/weeklyIngest.ts`):
// 1. parse only: hyparquet decode + adapter (sort, batches), in this process;
// 2. end to end: covid-data worker → JetStream (weekly Arrow batches) → persistence → Postgres,
//    first load and re-ingest (every version compared, none written), on a throwaway database
//    and subject prefix (NATS_URL / TEST_ADMIN_DATABASE_URL to override the local servers).
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { submitIngest } from "../cli/ingestClient.ts";
import { getAdapter, parquetFromBytes } from "../pipelines/mod.ts";
import { startIngestionSystem } from "../workers/covid-data/testSupport.ts";

const DATA = process.env.SHARED_DATA ?? join(import.meta.dir, "../../shared/data");
const SOURCES: [string, string][] = [
  ["covidhub-time-series", join(DATA, "covidhub/time-series-asof-2025-12-31.parquet")],
  ["nssp-ed-visits", join(DATA, "covidhub/nssp-raw-asof-2025-12-31.parquet")],
];
const REPS = Number(process.env.BENCH_REPS ?? 3);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

console.log("# weekly parquet sources");
// Wall times on a shared machine depend on its load: CPU time of the parse is printed beside them.
console.log(
  `machine: ${navigator.hardwareConcurrency} cores, bun ${Bun.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}\n`,
);
console.log(`## parse only (decode + adapter), best of ${REPS}`);
console.log("| source | rows | MB | wall ms | CPU ms | rows/s (wall) | rows/s (CPU) |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const [id, file] of SOURCES) {
  const bytes = readFileSync(file);
  const adapter = getAdapter(id);
  if (adapter.format !== "parquet") throw new Error(`${id} is not a parquet source`);
  let best = { wall: Infinity, cpu: 0, rows: 0 };
  for (let r = 0; r < REPS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let rows = 0;
    for await (const ev of adapter.parseParquet(parquetFromBytes(bytes), { batchValues: 32_768, publishedDay: 20_453 })) {
      if (ev.kind === "weekly") rows += ev.columns.regionId.length;
    }
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (wall < best.wall) best = { wall, cpu: (c.user + c.system) / 1000, rows };
  }
  console.log(
    `| ${id} | ${fmt(best.rows)} | ${(bytes.length / 1e6).toFixed(1)} | ${fmt(best.wall)} | ${fmt(best.cpu)} | ${fmt((best.rows / best.wall) * 1000)} | ${fmt((best.rows / best.cpu) * 1000)} |`,
  );
}

console.log("\n## end to end: file → mesh → committed Postgres rows (2 covid-data, 4 persistence handlers)");
console.log("| source | run | rows read | written | unchanged | s | rows/s |");
console.log("|---|---|---:|---:|---:|---:|---:|");
const system = await startIngestionSystem();
try {
  for (const [id, file] of SOURCES) {
    for (const run of ["first load", "re-ingest"]) {
      const t0 = performance.now();
      const job = await submitIngest(system.client, { source: id, file }, { timeoutMs: 600_000 });
      const ev = await job.done;
      const s = (performance.now() - t0) / 1000;
      if (ev.state !== "done") throw new Error(`${id}: ${ev.error}`);
      const c = ev.counts!;
      const rows = c.accepted + c.unchanged + c.rejected;
      console.log(`| ${id} | ${run} | ${fmt(rows)} | ${fmt(c.accepted)} | ${fmt(c.unchanged)} | ${s.toFixed(1)} | ${fmt(rows / s)} |`);
    }
  }
  console.log("\n## reading back: loadWeeklySeries (newest version of every region-week as of a day)");
  console.log("| dataset | metric | as of | region-weeks | ms |");
  console.log("|---|---|---|---:|---:|");
  const reads: [string, "hosp-admissions" | "ed-visits-prop" | "ed-visits-pct", string | undefined][] = [
    ["covidhub-time-series", "hosp-admissions", undefined],
    ["covidhub-time-series", "hosp-admissions", "2025-06-01"],
    ["covidhub-time-series", "ed-visits-prop", undefined],
    ["nssp-ed-visits", "ed-visits-pct", undefined],
  ];
  for (const [dataset, metric, asOf] of reads) {
    const t0 = performance.now();
    const series = await system.storage.loadWeeklySeries(dataset, metric, asOf);
    console.log(`| ${dataset} | ${metric} | ${asOf ?? "latest"} | ${fmt(series.regionId.length)} | ${fmt(performance.now() - t0)} |`);
  }
} finally {
  await system.stop();
}
console.log(
  `\nload average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
