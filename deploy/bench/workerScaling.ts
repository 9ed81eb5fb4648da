#!/usr/bin/env bun
// Ingestion throughput with 1 and with 2 persistence instances (`covid-mesh serve persistence`
// processes sharing one durable consumer, as two hosts run them): `bun deploy/bench/workerScaling.ts`.
// Uses this machine's NATS (NATS_URL, default nats://127.0.0.1:4222) under its own subject
// prefix, and a throwaway database per run on its Postgres (BENCH_DATABASE_ADMIN_URL).
// Two measures per instance count, each on a fresh database (same work: every row new):
//   drain:       both JHU US files already parsed into a queued backlog of batches; the clock runs
//                from the first persistence instance up to both jobs committed (persistence alone);
//   end to end:  submit both files with the instances running, until both jobs are committed.
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { submitIngest } from "../../cli/ingestClient.ts";
import { SHARED_DATA } from "../../cli/testSupport.ts";
import { connectMesh, createContract, ensureStreams, type Mesh } from "../../mesh/mod.ts";
import { createPostgresStorage } from "../../sql/mod.ts";
import { createTempDatabase } from "../../sql/testSupport.ts";
import { spawnManaged, type ManagedProcess } from "../harness/managedProcess.ts";
import { waitUntil } from "../harness/waitUntil.ts";

const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const ROOT = join(import.meta.dir, "../..");
const FILES = [
  ["jhu-us-cases", join(SHARED_DATA, "jhu_csse/time_series_covid19_confirmed_US.csv.gz")],
  ["jhu-us-deaths", join(SHARED_DATA, "jhu_csse/time_series_covid19_deaths_US.csv.gz")],
] as const;
const LOOKUP = join(ROOT, "sample/UID_ISO_FIPS_LookUp_Table.csv.gz");

interface Run {
  mesh: Mesh;
  dir: string;
  /** Starts n instances; resolves when all are up, with the time (performance.now) the first was. */
  start(service: "persistence" | "covid-data", n: number): Promise<{ procs: ManagedProcess[]; firstUpAt: number }>;
  done(): Promise<void>;
}

async function setUp(label: string): Promise<Run> {
  const db = await createTempDatabase("covidmesh_scale", ADMIN_URL);
  const storage = createPostgresStorage(db.url);
  await storage.migrate();
  await storage.close();
  const prefix = `scale${crypto.randomUUID().slice(0, 8)}`;
  const mesh = await connectMesh({ servers: NATS_URL, name: "worker-scaling", contract: createContract(prefix) });
  await ensureStreams(mesh);
  const dir = mkdtempSync(join(tmpdir(), `covidmesh-scale-${label}-`));
  const procs: ManagedProcess[] = [];
  let k = 0;
  return {
    mesh,
    dir,
    async start(service, n) {
      const started = Array.from({ length: n }, () => {
        const id = `${service}-${k++}`;
        const health = join(dir, `${id}.health`);
        const proc = spawnManaged({
          name: id,
          command: process.execPath,
          args: [join(ROOT, "cli/main.ts"), "serve", service],
          cwd: ROOT,
          env: { PATH: process.env.PATH ?? "", HOME: dir, NATS_URL, DATABASE_URL: db.url, MESH_PREFIX: prefix, HEALTH_FILE: health, LOG_LEVEL: "warn", DATA_DIR: dir },
          logFile: join(dir, `${id}.log`),
        });
        return { proc, health };
      });
      let firstUpAt = Infinity;
      await Promise.all(
        started.map((s) =>
          waitUntil(() => existsSync(s.health) && (firstUpAt = Math.min(firstUpAt, performance.now())) > 0, { what: `${s.proc.name} up`, timeoutMs: 60_000, intervalMs: 5 }),
        ),
      );
      procs.push(...started.map((s) => s.proc));
      return { procs: started.map((s) => s.proc), firstUpAt };
    },
    async done() {
      await Promise.all(procs.map((p) => p.stop()));
      for (const spec of Object.values(mesh.contract.streams)) await mesh.jsm.streams.delete(spec.name).catch(() => false);
      await mesh.close();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function ingest(mesh: Mesh, source: string, file: string) {
  const job = await submitIngest(mesh, { source, file }, { timeoutMs: 900_000 });
  const ev = await job.done;
  if (ev.state !== "done") throw new Error(`${source}: ${ev.error}`);
  return ev.counts?.accepted ?? 0;
}

/** Both files parsed into a backlog first, then timed: persistence instances alone. */
async function drain(instances: number): Promise<{ values: number; seconds: number }> {
  const run = await setUp(`drain${instances}`);
  try {
    await run.start("covid-data", 1);
    const [first] = (await run.start("persistence", 1)).procs;
    await ingest(run.mesh, "jhu-lookup", LOOKUP);
    await first!.stop();
    const jobs = await Promise.all(FILES.map(([s, f]) => submitIngest(run.mesh, { source: s, file: f }, { timeoutMs: 900_000 })));
    const data = run.mesh.contract.streams.data.name;
    const manifests = run.mesh.contract.subjects.persistAll.find((s) => s.endsWith(".manifests.*"))!;
    // Each job ends with its manifest: two manifests stored = both files fully parsed.
    const manifestCount = async () => {
      const info = await run.mesh.jsm.streams.info(data, { subjects_filter: manifests });
      return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
    };
    await waitUntil(async () => (await manifestCount()) >= 2, { what: "both files parsed into the backlog", timeoutMs: 600_000, intervalMs: 200 });
    // The clock starts when the first instance is up (it consumes from then on), not at spawn.
    const { firstUpAt: t0 } = await run.start("persistence", instances);
    const events = await Promise.all(jobs.map((j) => j.done));
    const seconds = (performance.now() - t0) / 1000;
    return { values: events.reduce((a, e) => a + (e.counts?.accepted ?? 0), 0), seconds };
  } finally {
    await run.done();
  }
}

/** Submit → committed, with two covid-data instances so parsing is not the bottleneck. */
async function endToEnd(instances: number): Promise<{ values: number; seconds: number }> {
  const run = await setUp(`e2e${instances}`);
  try {
    await run.start("covid-data", 2);
    await run.start("persistence", instances);
    await ingest(run.mesh, "jhu-lookup", LOOKUP);
    const t0 = performance.now();
    const values = (await Promise.all(FILES.map(([s, f]) => ingest(run.mesh, s, f)))).reduce((a, b) => a + b, 0);
    return { values, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await run.done();
  }
}

const rate = (r: { values: number; seconds: number }) => Math.round(r.values / r.seconds);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// Rounds alternate 1 and 2 instances, so background load on a shared machine hits both alike.
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const seen: Record<number, { drain: number[]; endToEnd: number[] }> = { 1: { drain: [], endToEnd: [] }, 2: { drain: [], endToEnd: [] } };
console.log(`# persistence pool scaling (${navigator.hardwareConcurrency} cores, JHU US confirmed + deaths = 2,297,920 region-days, every row new, ${ROUNDS} rounds)`);
for (let round = 1; round <= ROUNDS; round++) {
  for (const n of [1, 2]) {
    const load = loadavg()[0]!.toFixed(1);
    const d = await drain(n);
    const e = await endToEnd(n);
    seen[n]!.drain.push(rate(d));
    seen[n]!.endToEnd.push(rate(e));
    console.log(
      `round ${round}, persistence ×${n}: drain ${rate(d).toLocaleString("en-US")} values/s (${d.seconds.toFixed(1)} s), end to end ${rate(e).toLocaleString("en-US")} values/s (${e.seconds.toFixed(1)} s); load average ${load}`,
    );
  }
}
const summary = Object.fromEntries(
  [1, 2].map((n) => [`persistence×${n}`, { drainMedian: median(seen[n]!.drain), endToEndMedian: median(seen[n]!.endToEnd), drain: seen[n]!.drain, endToEnd: seen[n]!.endToEnd }]),
);
console.log(JSON.stringify(summary));
process.exit(0);
