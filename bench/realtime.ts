// `bun bench/realtime.ts`: real-time paths on the full JHU US data (this machine's NATS and
// Postgres, own database and prefix, removed afterwards):
//  1. latency from POST /v1/reports (202) until /v1/risk answers with the pushed figure;
//  2. POST /v1/activity throughput (batches of 50 pings, several clients).
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createTempDatabase } from "../sql/testSupport.ts";
import { loadConfig } from "../cli/config.ts";
import { startSystem } from "../cli/system.ts";
import { submitIngest } from "../cli/ingestClient.ts";
import { deleteContractBuckets } from "../mesh/mod.ts";

const DATA = process.env.SHARED_DATA ?? join(import.meta.dir, "../../shared/data");
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REPORTS = Number(process.env.BENCH_REPORTS ?? 30);
const ACTIVITY_SECONDS = Number(process.env.BENCH_ACTIVITY_SECONDS ?? 5);
const KEY = "bench-key";

const db = await createTempDatabase("covidmesh_rt", ADMIN_URL);
const dataDir = mkdtempSync(join(tmpdir(), "covidmesh-rt-"));
const config = loadConfig({
  NATS_URL: process.env.NATS_URL ?? "nats://127.0.0.1:4222",
  DATABASE_URL: db.url,
  MESH_PREFIX: `rt${Math.random().toString(36).slice(2, 8)}`,
  PORT: "0",
  HOST: "127.0.0.1",
  DATA_DIR: dataDir,
  LOG_LEVEL: "warn",
  RATE_LIMIT_RPS: "0",
  API_KEYS: KEY,
});
const system = await startSystem(config, { quiet: true });
const url = system.gateway.url;
const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

try {
  for (const [source, file] of [
    ["jhu-lookup", "jhu_csse/UID_ISO_FIPS_LookUp_Table.csv.gz"],
    ["jhu-us-cases", "jhu_csse/time_series_covid19_confirmed_US.csv.gz"],
    ["jhu-us-deaths", "jhu_csse/time_series_covid19_deaths_US.csv.gz"],
  ]) {
    const ev = await (await submitIngest(system.client, { source, file: join(DATA, file) }, { timeoutMs: 600_000 })).done;
    if (ev.state !== "done") throw new Error(`${source}: ${ev.error}`);
  }
  await system.risk.rebuild();
  console.log("# real-time paths");
  console.log(`machine: ${navigator.hardwareConcurrency} cores, bun ${Bun.version}; data: JHU US counties (cases + deaths)\n`);

  // 1. Pushed report → risk answer.
  const counties = (await system.storage.listRegions()).filter((r) => r.level === "county" && r.lat !== null && r.population);
  const latencies: number[] = [];
  for (let i = 0; i < REPORTS; i++) {
    const c = counties[Math.floor((i * counties.length) / REPORTS)];
    const q = `/v1/risk?lat=${c.lat}&lon=${c.lon}`;
    const before = (await (await fetch(`${url}${q}`)).json()) as any;
    if (!before.region) continue;
    const next = new Date(Date.parse(`${before.asOf}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const report = { regionId: before.region.id, date: next, cumulativeCases: (before.metrics.cumulativeCases ?? 0) + 1000 };
    const t0 = performance.now();
    const res = await fetch(`${url}/v1/reports`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ reports: [report] }),
    });
    if (res.status !== 202) throw new Error(`report refused: ${res.status} ${await res.text()}`);
    for (;;) {
      const a = (await (await fetch(`${url}${q}`)).json()) as any;
      if (a.asOf === next && a.metrics.cumulativeCases === report.cumulativeCases) break;
      if (performance.now() - t0 > 10_000) throw new Error(`report for ${c.name} not visible after 10 s`);
      await Bun.sleep(2);
    }
    latencies.push(performance.now() - t0);
  }
  console.log("## pushed report → /v1/risk (POST /v1/reports until the answer shows it)");
  console.log(`reports: ${latencies.length}, p50 ${pct(latencies, 50).toFixed(0)} ms, p95 ${pct(latencies, 95).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms\n`);

  // 2. Activity ingestion.
  const nyc = { lat: 40.7831, lon: -73.9712 };
  let requests = 0;
  let pings = 0;
  const end = performance.now() + ACTIVITY_SECONDS * 1000;
  const worker = async (w: number) => {
    for (let i = 0; performance.now() < end; i++) {
      const batch = Array.from({ length: 50 }, (_, j) => ({
        deviceId: `bench-${w}-${(i * 50 + j) % 5000}`,
        lat: nyc.lat + (j % 10) * 0.001,
        lon: nyc.lon - (j % 7) * 0.001,
        time: new Date(Date.now() - j * 60_000).toISOString(),
      }));
      const res = await fetch(`${url}/v1/activity`, {
        method: "POST",
        headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ pings: batch }),
      });
      if (res.status !== 202) throw new Error(`activity refused: ${res.status} ${await res.text()}`);
      requests++;
      pings += 50;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
  const secs = (performance.now() - t0) / 1000;
  console.log("## POST /v1/activity (50 pings per request, 8 clients)");
  console.log(`${(requests / secs).toFixed(0)} req/s, ${(pings / secs).toFixed(0)} pings/s over ${secs.toFixed(1)} s`);
} finally {
  for (const spec of Object.values(system.client.contract.streams)) await system.client.jsm.streams.delete(spec.name).catch(() => {});
  await deleteContractBuckets(system.client);
  await system.stop();
  await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
