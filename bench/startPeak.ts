// The start's peak RSS, per process: runs `covid-mesh start` (as `npm start` does: embedded NATS
// + PGlite, the bundled sample ingested) on a fresh DATA_DIR, samples the RSS of every process of
// its tree every 150 ms until the ready line and then until the CPU is quiet, and prints the
// peak of the whole tree, the peak of each process (the storage child separately), when the
// peaks happened (seconds after the spawn, with the last log line before them), the ready time
// and the steady RSS after quiet.
//
// With BENCH_REINGEST=1 it then re-ingests the JHU US pair (from SHARED_DATA, as the reingest
// mode of `npm run bench` does, without its load) and prints the same figures for that window,
// from the submission until the CPU is quiet again.
//
//   bun bench/startPeak.ts        (env: BENCH_RUNS=1, BENCH_SAMPLE_MS=150, BENCH_TIMELINE,
//                                  BENCH_REINGEST, SHARED_DATA)
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, readRecordedNatsUrl } from "../cli/localNats.ts";
import { submitIngest } from "../cli/ingestClient.ts";
import { connectMesh, createContract } from "../mesh/mod.ts";
import { benchSystemEnv, processLabel } from "./http/system.ts";
import { lastLogLineBefore } from "./http/logLines.ts";

const ROOT = join(import.meta.dir, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 150);
const READY = /bundled sample ingested|sample ingest failed/;
const MiB = 1024 * 1024;

function children(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const t of tasks) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/)) if (c) out.push(Number(c));
    } catch {
      // The task ended while we looked.
    }
  }
  return out;
}

function sample(root: number): { rss: Map<number, number>; ticks: number } {
  const rss = new Map<number, number>();
  let ticks = 0;
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    const p = queue[i];
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      rss.set(p, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024);
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      continue;
    }
    queue.push(...children(p));
  }
  return { rss, ticks };
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

interface Window {
  peakByPid: Map<number, { name: string; rss: number; atMs: number }>;
  total: { rss: number; atMs: number };
  timeline: Array<{ atMs: number; total: number; storage: number }>;
  readyMs: number;
  quietMs: number;
}

/**
 * Samples the tree until the CPU is quiet (less than 0.15 of a core in each of 8 consecutive
 * seconds, as bench/http.ts), after the ready line when `waitReady`. Times are ms after the spawn.
 */
async function watch(proc: Bun.Subprocess, spawnedAt: number, dataDir: string, waitReady: boolean): Promise<Window> {
  const logFile = join(dataDir, "system.log");
  const w: Window = { peakByPid: new Map(), total: { rss: 0, atMs: 0 }, timeline: [], readyMs: 0, quietMs: 0 };
  let lastTicks = -1;
  let lastTickAt = 0;
  let quietSeconds = 0;
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    const now = Date.now() - spawnedAt;
    const s = sample(proc.pid);
    let sum = 0;
    for (const [pid, rss] of s.rss) {
      sum += rss;
      const p = w.peakByPid.get(pid) ?? { name: "", rss: 0, atMs: 0 };
      // A process just spawned may show an empty command line: name it again later.
      const name = p.name || processLabel(pid);
      w.peakByPid.set(pid, rss > p.rss ? { name, rss, atMs: now } : { ...p, name });
    }
    if (sum > w.total.rss) w.total = { rss: sum, atMs: now };
    const storagePid = [...w.peakByPid].find(([, p]) => p.name === "storage")?.[0];
    w.timeline.push({ atMs: now, total: sum, storage: storagePid ? (s.rss.get(storagePid) ?? 0) : 0 });
    if (proc.exitCode !== null) throw new Error(`the system exited (${proc.exitCode}): ${readText(join(dataDir, "system.err")).slice(-2000)}`);
    if (!w.readyMs && (!waitReady || READY.test(readText(logFile)))) w.readyMs = now;
    if (w.readyMs && now - lastTickAt >= 1000) {
      if (lastTicks >= 0) quietSeconds = (s.ticks - lastTicks) / 100 / ((now - lastTickAt) / 1000) < 0.15 ? quietSeconds + 1 : 0;
      lastTicks = s.ticks;
      lastTickAt = now;
      if (quietSeconds >= 8) {
        w.quietMs = now;
        break;
      }
    }
    await Bun.sleep(SAMPLE_MS);
  }
  return w;
}

function report(w: Window, log: string, spawnedAt: number): void {
  console.log(`  peak total ${(w.total.rss / MiB).toFixed(0)} MiB at ${(w.total.atMs / 1000).toFixed(1)} s (after "${lastLogLineBefore(log, spawnedAt + w.total.atMs)}")`);
  for (const [pid, p] of [...w.peakByPid].sort((a, b) => b[1].rss - a[1].rss)) {
    console.log(`  peak ${p.name} (${pid}) ${(p.rss / MiB).toFixed(0)} MiB at ${(p.atMs / 1000).toFixed(1)} s (after "${lastLogLineBefore(log, spawnedAt + p.atMs)}")`);
  }
  if (process.env.BENCH_TIMELINE) {
    // One line a second: the highest total of that second, the storage child's RSS then, the last log line.
    const first = Math.floor(w.timeline[0].atMs / 1000);
    for (let sec = first; sec * 1000 <= w.timeline[w.timeline.length - 1].atMs; sec++) {
      const inSec = w.timeline.filter((t) => Math.floor(t.atMs / 1000) === sec);
      if (!inSec.length) continue;
      const top = inSec.reduce((a, b) => (b.total > a.total ? b : a));
      console.log(`    ${sec} s: total ${(top.total / MiB).toFixed(0)}, storage ${(top.storage / MiB).toFixed(0)} MiB ("${lastLogLineBefore(log, spawnedAt + top.atMs)}")`);
    }
  }
}

function steadyLine(proc: Bun.Subprocess, w: Window): string {
  const steady = sample(proc.pid);
  const steadyTotal = [...steady.rss.values()].reduce((a, b) => a + b, 0);
  const steadyParts = [...steady.rss].map(([pid, rss]) => `${w.peakByPid.get(pid)?.name ?? processLabel(pid)} ${(rss / MiB).toFixed(0)}`).join(", ");
  return `  steady after quiet ${(steadyTotal / MiB).toFixed(0)} MiB (${steadyParts})`;
}

const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

/** Submits the JHU US pair through the system's NATS, as the reingest mode of bench/http.ts. */
async function reingestPair(dataDir: string): Promise<string> {
  const mesh = await connectMesh({ servers: readRecordedNatsUrl(dataDir)!.split(","), name: "bench-startpeak", contract: createContract("") });
  try {
    const shared = process.env.SHARED_DATA ?? join(ROOT, "../shared/data");
    const jobs = await Promise.all(
      (["confirmed", "deaths"] as const).map(async (kind) => {
        const file = join(shared, `jhu_csse/time_series_covid19_${kind}_US.csv.gz`);
        return (await submitIngest(mesh, { source: kind === "confirmed" ? "jhu-us-cases" : "jhu-us-deaths", file }, { timeoutMs: 3_600_000 })).done;
      }),
    );
    return jobs.map((j) => `${j.jobId} ${j.state}`).join(", ");
  } finally {
    await mesh.close();
  }
}

async function once(run: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "startpeak-"));
  const logFile = join(dataDir, "system.log");
  const spawnedAt = Date.now();
  const proc = Bun.spawn([process.execPath, join(ROOT, "cli/main.ts"), "start"], {
    cwd: ROOT,
    env: benchSystemEnv(dataDir, await freePort()),
    stdout: Bun.file(logFile),
    stderr: Bun.file(join(dataDir, "system.err")),
  });
  try {
    const w = await watch(proc, spawnedAt, dataDir, true);
    const log = readText(logFile);
    const storageReady = Number(/"time":(\d+)[^\n]*"msg":"storage ready"/.exec(log)?.[1] ?? Number.NaN) - spawnedAt;
    console.log(
      `run ${run}: storage ready ${(storageReady / 1000).toFixed(1)} s, ready ${(w.readyMs / 1000).toFixed(1)} s, quiet ${(w.quietMs / 1000).toFixed(1)} s; load ${loadavg()}`,
    );
    report(w, log, spawnedAt);
    console.log(steadyLine(proc, w));
    if (process.env.BENCH_REINGEST) {
      const from = Date.now() - spawnedAt;
      const [r, jobs] = await Promise.all([watch(proc, spawnedAt, dataDir, false), reingestPair(dataDir)]);
      console.log(`run ${run}, re-ingest of the JHU US pair from ${(from / 1000).toFixed(1)} s (${jobs}), quiet ${(r.quietMs / 1000).toFixed(1)} s; load ${loadavg()}`);
      report(r, readText(logFile), spawnedAt);
      console.log(steadyLine(proc, r));
    }
  } finally {
    proc.kill("SIGTERM");
    await Promise.race([proc.exited, Bun.sleep(20_000)]);
    if (proc.exitCode === null) proc.kill("SIGKILL");
    if (!process.env.BENCH_KEEP) rmSync(dataDir, { recursive: true, force: true });
    else console.log(`  data dir kept: ${dataDir}`);
  }
}

for (let i = 1; i <= RUNS; i++) await once(i);
