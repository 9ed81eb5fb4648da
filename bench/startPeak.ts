// The start's peak RSS, per process: runs `covid-mesh start` (as `npm start` does: embedded NATS
// + PGlite, the bundled sample ingested) on a fresh DATA_DIR, samples the RSS of every process of
// its tree every 150 ms until the ready line and then until the CPU is quiet, and prints the
// peak of the whole tree, the peak of each process (the storage child separately), when the
// peaks happened (seconds after the spawn, with the last log line before them), the ready time
// and the steady RSS after quiet.
//
//   bun bench/startPeak.ts        (env: BENCH_RUNS=1, BENCH_SAMPLE_MS=150)
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../cli/localNats.ts";
import { benchSystemEnv } from "./http/system.ts";

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

/** A readable name: the `--name` of a `serve` child, else the command's name. */
function label(pid: number): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    const i = argv.indexOf("--name");
    if (i >= 0) return argv[i + 1];
    if (argv.includes("start")) return "start (gateway)";
    return argv[0].split("/").pop() ?? "";
  } catch {
    return "";
  }
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

/** The last log line (its msg and logger name) written before `atMs` after the spawn. */
function lastLineBefore(log: string, spawnedAt: number, atMs: number): string {
  let best = "";
  for (const line of log.split("\n")) {
    const time = /"time":(\d+)/.exec(line);
    if (!time || Number(time[1]) - spawnedAt > atMs || line.includes("event loop stalled")) continue;
    const msg = /"msg":"([^"]*)"/.exec(line)?.[1] ?? "";
    const name = /"name":"([^"]*)"/.exec(line)?.[1] ?? "";
    best = `${name}: ${msg}`;
  }
  return best;
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
  const peakByPid = new Map<number, { name: string; rss: number; atMs: number }>();
  let total = { rss: 0, atMs: 0 };
  const timeline: Array<{ atMs: number; total: number; storage: number }> = [];
  let readyMs = 0;
  let quietMs = 0;
  let lastTicks = -1;
  let lastTickAt = 0;
  let quietSeconds = 0;
  const deadline = spawnedAt + 10 * 60_000;
  try {
    while (Date.now() < deadline) {
      const now = Date.now() - spawnedAt;
      const s = sample(proc.pid);
      let sum = 0;
      for (const [pid, rss] of s.rss) {
        sum += rss;
        const p = peakByPid.get(pid) ?? { name: "", rss: 0, atMs: 0 };
        // A process just spawned may show an empty command line: name it again later.
        const name = p.name || label(pid);
        peakByPid.set(pid, rss > p.rss ? { name, rss, atMs: now } : { ...p, name });
      }
      if (sum > total.rss) total = { rss: sum, atMs: now };
      const storagePid = [...peakByPid].find(([, p]) => p.name === "storage")?.[0];
      timeline.push({ atMs: now, total: sum, storage: storagePid ? (s.rss.get(storagePid) ?? 0) : 0 });
      if (proc.exitCode !== null) throw new Error(`the system exited (${proc.exitCode}): ${readText(join(dataDir, "system.err")).slice(-2000)}`);
      if (!readyMs && READY.test(readText(logFile))) readyMs = now;
      // Quiet: less than 0.15 of a core in each of 8 consecutive seconds after the ready line (as bench/http.ts).
      if (readyMs && now - lastTickAt >= 1000) {
        if (lastTicks >= 0) quietSeconds = (s.ticks - lastTicks) / 100 / ((now - lastTickAt) / 1000) < 0.15 ? quietSeconds + 1 : 0;
        lastTicks = s.ticks;
        lastTickAt = now;
        if (quietSeconds >= 8) {
          quietMs = now;
          break;
        }
      }
      await Bun.sleep(SAMPLE_MS);
    }
    const steady = sample(proc.pid);
    const log = readText(logFile);
    const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
    const storageReady = Number(/"time":(\d+)[^\n]*"msg":"storage ready"/.exec(log)?.[1] ?? Number.NaN) - spawnedAt;
    console.log(`run ${run}: storage ready ${(storageReady / 1000).toFixed(1)} s, ready ${(readyMs / 1000).toFixed(1)} s, quiet ${(quietMs / 1000).toFixed(1)} s; load ${load}`);
    console.log(`  peak total ${(total.rss / MiB).toFixed(0)} MiB at ${(total.atMs / 1000).toFixed(1)} s (after "${lastLineBefore(log, spawnedAt, total.atMs)}")`);
    for (const [pid, p] of [...peakByPid].sort((a, b) => b[1].rss - a[1].rss)) {
      console.log(`  peak ${p.name} (${pid}) ${(p.rss / MiB).toFixed(0)} MiB at ${(p.atMs / 1000).toFixed(1)} s (after "${lastLineBefore(log, spawnedAt, p.atMs)}")`);
    }
    if (process.env.BENCH_TIMELINE) {
      // One line a second: the highest total of that second, the storage child's RSS then, the last log line.
      for (let sec = 0; sec * 1000 <= timeline[timeline.length - 1].atMs; sec++) {
        const inSec = timeline.filter((t) => Math.floor(t.atMs / 1000) === sec);
        if (!inSec.length) continue;
        const top = inSec.reduce((a, b) => (b.total > a.total ? b : a));
        console.log(`    ${sec} s: total ${(top.total / MiB).toFixed(0)}, storage ${(top.storage / MiB).toFixed(0)} MiB ("${lastLineBefore(log, spawnedAt, top.atMs)}")`);
      }
    }
    const steadyTotal = [...steady.rss.values()].reduce((a, b) => a + b, 0);
    const steadyParts = [...steady.rss].map(([pid, rss]) => `${peakByPid.get(pid)?.name ?? label(pid)} ${(rss / MiB).toFixed(0)}`).join(", ");
    console.log(`  steady after quiet ${(steadyTotal / MiB).toFixed(0)} MiB (${steadyParts})`);
  } finally {
    proc.kill("SIGTERM");
    await Promise.race([proc.exited, Bun.sleep(20_000)]);
    if (proc.exitCode === null) proc.kill("SIGKILL");
    if (!process.env.BENCH_KEEP) rmSync(dataDir, { recursive: true, force: true });
    else console.log(`  data dir kept: ${dataDir}`);
  }
}

for (let i = 1; i <= RUNS; i++) await once(i);
