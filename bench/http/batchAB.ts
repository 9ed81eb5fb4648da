// A/B of the gateway's micro-batching on the bypass path (docs/performance.md): the system as
// `npm start` runs it, restarted once per RISK_MESH_BATCH value on one reused DATA_DIR (the
// sample is ingested by the first start only), each run after the CPU is quiet; the bare route
// and the bypass mode alternate, so each ratio compares neighbouring seconds of one load.
//
//   QUICK_VARIANTS=1,0,1 QUICK_REPS=2 bun bench/http/batchAB.ts   (QUICK_DATA: the reused DATA_DIR)
import { mkdirSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { populationWeightedCountyPoints } from "./points.ts";
import { benchSystemEnv, waitForQuiet } from "./system.ts";
import { ensureWrk, fixedPathLua, randomPointsLua, runWrk, type WrkResult } from "./wrk.ts";

const ROOT = join(import.meta.dir, "../..");
const SECONDS = Number(process.env.QUICK_SECONDS ?? 8);
const REPS = Number(process.env.QUICK_REPS ?? 2);
const variants = (process.env.QUICK_VARIANTS ?? "1").split(",");
const dataDir = process.env.QUICK_DATA ?? join(tmpdir(), "covidmesh-bench-ab");
mkdirSync(dataDir, { recursive: true });
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
const wrk = await ensureWrk();
const { points } = populationWeightedCountyPoints(4000);
const bareProc = Bun.spawn([process.execPath, join(ROOT, "bench/http/bareServer.ts")], { stdout: "pipe", stderr: "inherit" });
const bareUrl = new TextDecoder()
  .decode((await bareProc.stdout.getReader().read()).value)
  .trim()
  .split("\n")[0];
const bypassLua = randomPointsLua(points, { jitterDeg: 0.05, groupSize: 50, headers: { "Cache-Control": "no-cache" } });
const bareLua = fixedPathLua("/v1/risk?lat=41.8781&lon=-87.6298&groupSize=50");
const run = (url: string, lua: string, s = SECONDS) => runWrk(wrk, { url, lua, seconds: s, connections: 64, threads: 2 });
const fmt = (r: WrkResult) => `${Math.round(r.rps)} req/s p50 ${r.p50Ms.toFixed(1)} p99 ${r.p99Ms.toFixed(1)} ms non2xx ${r.non2xx} err ${r.errors}`;
try {
  for (const v of variants) {
    const stamp = Date.now();
    const port = 20000 + Math.floor(Math.random() * 20000);
    const proc = Bun.spawn([process.execPath, join(ROOT, "cli/main.ts"), "start"], {
      cwd: ROOT,
      env: benchSystemEnv(dataDir, port, { RISK_MESH_BATCH: v }),
      stdout: Bun.file(join(dataDir, `quick-${v}-${stamp}.log`)),
      stderr: Bun.file(join(dataDir, `quick-${v}-${stamp}.err`)),
    });
    const url = `http://127.0.0.1:${port}`;
    const t0 = performance.now();
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`system exited ${proc.exitCode}`);
      const ok = await fetch(`${url}/v1/risk?lat=41.8781&lon=-87.6298&groupSize=50`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (performance.now() - t0 > 600_000) throw new Error("not ready");
      await Bun.sleep(1000);
    }
    console.log(`RISK_MESH_BATCH=${v}: answering after ${((performance.now() - t0) / 1000).toFixed(0)} s; load ${load()}`);
    // Until the sample is in (a first start ingests it), then until the CPU is quiet.
    const sampleWait = performance.now();
    while (
      !/bundled sample ingested|sample ingest failed|taking queries/.test(readFileSync(join(dataDir, `quick-${v}-${stamp}.log`), "utf8")) &&
      performance.now() - sampleWait < 400_000
    )
      await Bun.sleep(1000);
    const q = await waitForQuiet(proc.pid, { maxCpu: 0.15, seconds: 5, timeoutMs: 180_000 });
    console.log(`  sample in after ${((performance.now() - t0) / 1000).toFixed(0)} s; quiet: ${q.quiet}; load ${load()}`);
    const warm = await run(url, bypassLua, 5);
    console.log(`  warm-up bypass ${fmt(warm)}`);
    for (let i = 0; i < REPS; i++) {
      const b = await run(bareUrl, bareLua);
      const l0 = load();
      const x = await run(url, bypassLua);
      console.log(`  bare ${fmt(b)} | bypass ${fmt(x)} | ratio ${(x.rps / b.rps).toFixed(3)} | load ${l0}`);
    }
    proc.kill("SIGTERM");
    await proc.exited;
  }
} finally {
  bareProc.kill();
}
