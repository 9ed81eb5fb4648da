// Ingestion throughput for `npm run bench:mesh` and `npm run bench` (JHU US pair): compressed CSV → covid-data worker → JetStream →
// persistence pool → committed Postgres rows, per source group, on a database of its own. Only
// the ingestion services run, as in the compose deployment: covid-data workers in processes of
// their own (`covid-mesh serve covid-data`), the persistence pool in this one. The exposure-risk
// pool, which rebuilds after commits, is measured separately by run.ts.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { submitIngest } from "../cli/ingestClient.ts";
import { connectMesh, createContract, ensureStreams, type Mesh } from "../mesh/mod.ts";
import { createPostgresStorage } from "../sql/mod.ts";
import type { JobEvent } from "../domain/mod.ts";
import { startPersistenceWorker } from "../workers/persistence/mod.ts";
import { createTempDatabase } from "../sql/testSupport.ts";

export interface IngestBenchOptions {
  data: string;
  natsUrl: string;
  adminUrl: string;
  prefix: string;
  /** Persistence handlers in flight (WORKER_CONCURRENCY). */
  persistenceConcurrency: number;
  /** covid-data worker processes (each parses up to 2 jobs at once). */
  ingestProcesses: number;
  /** Postgres connections of the persistence pool. */
  poolSize: number;
  /** Indexes of the source groups to run (all when absent). */
  groups?: number[];
  /** Ingest the US pair a second time, unchanged (default true). */
  reingest?: boolean;
}

interface Group {
  title: string;
  jobs: [source: string, file: string][];
  /** Value columns per region-day (observations of a cases or deaths file: cumulative + new). */
  valuesPerRegionDay: number;
}

function groups(data: string): Group[] {
  const f = (p: string) => join(data, p);
  const google = join(data, "google_mobility/Region_Mobility_Report_CSVs");
  return [
    {
      title: "JHU US confirmed + deaths (3,340 counties × 344 days, both files in parallel)",
      valuesPerRegionDay: 2,
      jobs: [
        ["jhu-us-cases", f("jhu_csse/time_series_covid19_confirmed_US.csv.gz")],
        ["jhu-us-deaths", f("jhu_csse/time_series_covid19_deaths_US.csv.gz")],
      ],
    },
    {
      title: "JHU global confirmed + deaths (288 places × 891 days)",
      valuesPerRegionDay: 2,
      jobs: [
        ["jhu-global-cases", f("jhu_csse/time_series_covid19_confirmed_global.csv.gz")],
        ["jhu-global-deaths", f("jhu_csse/time_series_covid19_deaths_global.csv.gz")],
      ],
    },
    { title: "NYT states (47,046 state-days, cases and deaths)", valuesPerRegionDay: 4, jobs: [["nyt-us-states", f("nyt/us-states.csv.gz")]] },
    {
      title: "Google mobility: all 122 Region CSVs + the US state file (1.15 M rows)",
      valuesPerRegionDay: 6,
      jobs: [
        ...readdirSync(google)
          .filter((n) => n.endsWith(".csv.gz"))
          .sort()
          .map((n): [string, string] => ["google-mobility", join(google, n)]),
        ["google-mobility", f("google_mobility/US_mobility_state_cleaned.csv.gz")],
      ],
    },
  ];
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** A `covid-mesh serve covid-data` process on the bench's subject prefix; returns its stop. */
function spawnCovidData(o: IngestBenchOptions): () => Promise<void> {
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "../cli/main.ts"), "serve", "covid-data"], {
    env: { ...process.env, NATS_URL: o.natsUrl, MESH_PREFIX: o.prefix, LOG_LEVEL: "warn" },
    stdout: "inherit",
    stderr: "inherit",
  });
  return async () => {
    proc.kill("SIGTERM");
    await proc.exited;
  };
}

/** One source group's committed region-days and the seconds they took. */
export interface IngestGroupResult {
  title: string;
  regionDays: number;
  seconds: number;
}

export async function benchIngestion(o: IngestBenchOptions): Promise<IngestGroupResult[]> {
  const results: IngestGroupResult[] = [];
  const db = await createTempDatabase("covidmesh_bench_ingest", o.adminUrl);
  const storage = createPostgresStorage(db.url, { max: o.poolSize });
  const contract = createContract(o.prefix);
  const meshes: Mesh[] = [];
  const connect = async (name: string) => {
    const m = await connectMesh({ servers: o.natsUrl.split(","), name, contract });
    meshes.push(m);
    return m;
  };
  const stops: Array<() => Promise<void>> = [];
  try {
    await storage.migrate();
    const client = await connect("bench");
    await ensureStreams(client);
    stops.push((await startPersistenceWorker({ mesh: await connect("persistence"), storage, concurrency: o.persistenceConcurrency })).stop);
    for (let i = 0; i < o.ingestProcesses; i++) stops.push(spawnCovidData(o));

    const run = async (jobs: [string, string][]): Promise<JobEvent[]> =>
      Promise.all(
        jobs.map(async ([source, file]) => {
          const ev = await (await submitIngest(client, { source, file }, { timeoutMs: 900_000 })).done;
          if (ev.state !== "done") throw new Error(`${source} ${file} failed: ${ev.error}`);
          return ev;
        }),
      );

    console.log(
      `## ingestion: CSV.gz → mesh → committed Postgres rows (${o.ingestProcesses} covid-data processes, ` +
        `persistence concurrency ${o.persistenceConcurrency}, pool ${o.poolSize})`,
    );
    await run([["jhu-lookup", join(o.data, "jhu_csse/UID_ISO_FIPS_LookUp_Table.csv.gz")]]);
    const only = o.groups;
    for (const [i, g] of groups(o.data).entries()) {
      if (only && !only.includes(i)) continue;
      const gz = g.jobs.reduce((a, [, f]) => a + statSync(f).size, 0);
      const csv = g.jobs.reduce((a, [, f]) => a + gunzipSync(readFileSync(f)).length, 0);
      const t0 = performance.now();
      const evs = await run(g.jobs);
      const secs = (performance.now() - t0) / 1000;
      const regionDays = evs.reduce((a, e) => a + (e.counts?.accepted ?? 0), 0);
      results.push({ title: g.title, regionDays, seconds: secs });
      const skipped = evs.reduce((a, e) => a + (e.counts?.skipped ?? 0), 0);
      console.log(`### ${g.title}`);
      console.log(
        `${fmt(regionDays)} region-days committed in ${secs.toFixed(2)} s: ${fmt(regionDays / secs)} region-days/s ` +
          `(${fmt((regionDays * g.valuesPerRegionDay) / secs)} values/s), ${(gz / 1e6 / secs).toFixed(2)} MB/s compressed ` +
          `(${(csv / 1e6 / secs).toFixed(1)} MB/s of CSV)` +
          (skipped > 0 ? `; ${fmt(skipped)} rows skipped (outside the registry)` : ""),
      );
    }
    if (o.reingest === false) return results;
    const us = groups(o.data)[0];
    const t1 = performance.now();
    const again = await run(us.jobs);
    const written = again.reduce((a, e) => a + (e.counts?.accepted ?? 0), 0);
    console.log(`### re-ingest of the unchanged JHU US pair (every row compared): ${written} region-days written, ${((performance.now() - t1) / 1000).toFixed(2)} s\n`);
    return results;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    for (const spec of Object.values(contract.streams)) await meshes[0]?.jsm.streams.delete(spec.name).catch(() => {});
    for (const m of meshes) await m.close().catch(() => {});
    await storage.close();
    await db.drop();
  }
}

/** The options `bun bench/ingest.ts` runs with: this machine's NATS and Postgres, BENCH_* variables. */
export function ingestBenchOptionsFromEnv(): IngestBenchOptions {
  return {
    data: process.env.SHARED_DATA ?? join(import.meta.dir, "../../shared/data"),
    natsUrl: process.env.NATS_URL ?? "nats://127.0.0.1:4222",
    adminUrl: process.env.BENCH_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    prefix: `benchingest${Math.random().toString(36).slice(2, 8)}`,
    persistenceConcurrency: Number(process.env.BENCH_PERSISTENCE_CONCURRENCY ?? 4),
    ingestProcesses: Number(process.env.BENCH_INGEST_PROCESSES ?? 2),
    poolSize: Number(process.env.BENCH_POOL_SIZE ?? 4),
    ...(process.env.BENCH_INGEST_GROUPS ? { groups: process.env.BENCH_INGEST_GROUPS.split(",").map(Number) } : {}),
    reingest: !process.env.BENCH_INGEST_SKIP_REINGEST,
  };
}

/** The last line of `bun bench/ingest.ts`: the results as JSON, for `npm run bench` (bench/http.ts). */
export const RESULTS_PREFIX = "ingestion results (JSON): ";

if (import.meta.main) console.log(`${RESULTS_PREFIX}${JSON.stringify(await benchIngestion(ingestBenchOptionsFromEnv()))}`);
