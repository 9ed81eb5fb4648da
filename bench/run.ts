// `npm run bench:mesh`: ingestion throughput (CSV → committed Postgres rows, bench/ingest.ts) and /v1/risk load.
// Uses this machine's NATS and Postgres (NATS_URL / BENCH_DATABASE_ADMIN_URL to override),
// with its own database and subject prefix, removed afterwards.
import { createTempDatabase } from "../sql/testSupport.ts";
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { loadConfig } from "../cli/config.ts";
import { startSystem } from "../cli/system.ts";
import { submitIngest } from "../cli/ingestClient.ts";
import { benchRiskModels } from "./riskModels.ts";
import { benchIngestion, ingestBenchOptionsFromEnv } from "./ingest.ts";

const DATA = process.env.SHARED_DATA ?? join(import.meta.dir, "../../shared/data");
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RISK_CONCURRENCY = (process.env.BENCH_RISK_CONCURRENCY ?? "16,64").split(",").map(Number);

const rand = Math.random().toString(36).slice(2, 8);
const db = await createTempDatabase("covidmesh_bench", ADMIN_URL);
const dbUrl = db.url;
const dataDir = mkdtempSync(join(tmpdir(), "covidmesh-bench-"));

const config = loadConfig({
  NATS_URL,
  DATABASE_URL: dbUrl,
  MESH_PREFIX: `bench${rand}`,
  PORT: "0",
  HOST: "127.0.0.1",
  DATA_DIR: dataDir,
  INGEST_SAMPLE: "false",
  LOG_LEVEL: "warn",
  // One load generator is one client: the per-client rate limit would measure itself.
  RATE_LIMIT_RPS: "0",
});
console.log("# covid-mesh benchmarks");
console.log(`machine: ${navigator.hardwareConcurrency} cores, bun ${Bun.version}\n`);

// 1. Ingestion throughput, per source group, with only the ingestion services running (bench/ingest.ts).
await benchIngestion({
  ...ingestBenchOptionsFromEnv(),
  data: DATA,
  natsUrl: NATS_URL,
  adminUrl: ADMIN_URL,
  prefix: `benchingest${rand}`,
  persistenceConcurrency: config.WORKER_CONCURRENCY,
  ingestProcesses: 2,
  poolSize: 4,
});

const system = await startSystem(config, { quiet: true });

async function ingest(source: string, file: string) {
  const job = await submitIngest(system.client, { source, file }, { timeoutMs: 600_000 });
  const ev = await job.done;
  if (ev.state !== "done") throw new Error(`${source} failed: ${ev.error}`);
  return ev;
}

try {
  console.log(`## risk benchmarks (storage ${system.storage.driver}): JHU US data loaded through the full system first\n`);
  await ingest("jhu-lookup", join(DATA, "jhu_csse/UID_ISO_FIPS_LookUp_Table.csv.gz"));
  await Promise.all([
    ingest("jhu-us-cases", join(DATA, "jhu_csse/time_series_covid19_confirmed_US.csv.gz")),
    ingest("jhu-us-deaths", join(DATA, "jhu_csse/time_series_covid19_deaths_US.csv.gz")),
  ]);

  await system.risk.rebuild();
  // The risk-model recompute that follows a rebuild must not share the CPU with the load test.
  await system.risk.riskModelsIdle();

  // 2. /v1/risk under a fixed closed-loop load from a separate process, at fixed points: with
  // cache hits (the same 15 queries again and again: the gateway's edge cache answers) and with
  // cache misses (every request a new groupSize: each one crosses the mesh to the risk pool).
  const points = [
    [40.7128, -74.006],
    [34.0522, -118.2437],
    [41.8781, -87.6298],
    [29.7604, -95.3698],
    [33.4484, -112.074],
    [39.9526, -75.1652],
    [29.4241, -98.4936],
    [32.7157, -117.1611],
    [32.7767, -96.797],
    [37.3382, -121.8863],
    [47.6062, -122.3321],
    [39.7392, -104.9903],
    [25.7617, -80.1918],
    [42.3601, -71.0589],
    [36.1627, -86.7816],
  ];
  const paths = points.map(([lat, lon], i) => `/v1/risk?lat=${lat}&lon=${lon}&groupSize=${10 + i}`);
  for (const p of paths) if ((await fetch(system.gateway.url + p)).status !== 200) throw new Error(`warm-up ${p} failed`);
  const load = async (concurrency: number, miss: boolean) => {
    const args = ["--url", system.gateway.url, "--seconds", String(LOAD_SECONDS), "--concurrency", String(concurrency), "--paths", paths.join("|")];
    const proc = Bun.spawn([process.execPath, join(import.meta.dir, "loadgen.ts"), ...args, ...(miss ? ["--unique-group-size"] : [])], {
      stdout: "pipe",
      stderr: "inherit",
    });
    const out = JSON.parse((await new Response(proc.stdout).text()).trim());
    console.log(
      `## /v1/risk, ${miss ? "cache misses: every request through the mesh" : "cache hits: answered by the gateway's edge cache"}, ${concurrency} concurrent clients, ${LOAD_SECONDS} s`,
    );
    console.log(`requests: ${out.requests}, errors: ${out.errors}, ${Math.round(out.rps)} req/s, p50 ${out.p50.toFixed(2)} ms, p99 ${out.p99.toFixed(2)} ms\n`);
  };
  for (const concurrency of RISK_CONCURRENCY) {
    await load(concurrency, false);
    await load(concurrency, true);
  }

  await printRiskModelsBench();
} finally {
  const s = system.client.contract.streams;
  for (const spec of Object.values(s)) await system.client.jsm.streams.delete(spec.name).catch(() => {});
  await system.stop();
  await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** 3. Recompute of every risk model for every region in the shared data (no mesh, no SQL). */
async function printRiskModelsBench(): Promise<void> {
  console.log("## risk models: metrics, Rt, levels, clusters and forecasts for every region in the shared data");
  const r = await benchRiskModels(DATA);
  for (const line of r.lines) console.log(line);
  console.log("");
}
