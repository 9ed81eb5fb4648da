// The system under test, as `npm start` runs it: `bun cli/main.ts start` in its own process
// group, embedded NATS and PGlite under a fresh DATA_DIR, the bundled sample ingested on first
// start. The bench waits for the sample and for the CPU to go quiet before it loads the system.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { BENCH_STALL_MS } from "./loopStalls.ts";
import { type RssPeak, type RssReading, trackRssPeak } from "./rssPeak.ts";

export class SystemStartError extends Error {
  override name = "SystemStartError";
}

export interface RunningSystem {
  url: string;
  pid: number;
  dataDir: string;
  /** Where the system's log goes (stdout of `covid-mesh start` and its children). */
  logFile: string;
  /** RSS of the system's processes (the start process and its children, e.g. nats-server), bytes. */
  rss(): RssReading;
  /**
   * The highest RSS of the system's processes since the spawn, sampled every 250 ms and still
   * sampling: the caller stops it when it counts the start as over (e.g. when the CPU is quiet).
   */
  startPeak: { stop(): RssPeak };
  /**
   * CPU time used so far (user + system, seconds) by each of the system's processes: the start
   * process (the gateway), its children (the storage child with the risk pool, nats-server, …).
   */
  cpuByProcess(): Array<{ pid: number; name: string; seconds: number }>;
  /** Answers other than 2xx/3xx in the system's access log since the last call, by status. */
  statusesSinceLastCall(): Record<string, number>;
  stop(): Promise<void>;
}

export interface StartOptions {
  root: string;
  dataDir: string;
  port: number;
  env?: Record<string, string>;
  /** A log message that says the system is ready for load. */
  readyPattern: RegExp;
  timeoutMs: number;
}

/**
 * The environment of a `covid-mesh start` under a bench (every bench that starts the system):
 * embedded defaults unless `extra` names servers, loopback only, the access log on.
 */
export function benchSystemEnv(dataDir: string, port: number, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    // One load generator is one client: the per-client rate limit would measure itself.
    RATE_LIMIT_RPS: "0",
    // Every stall of a process's event loop of 20 ms or more is logged (the re-ingest benches count them).
    LOOP_STALL_WARN_MS: BENCH_STALL_MS,
    NATS_URL: undefined,
    DATABASE_URL: undefined,
    ...extra,
  };
}

export async function startSystemProcess(opts: StartOptions): Promise<RunningSystem> {
  const env = benchSystemEnv(opts.dataDir, opts.port, opts.env);
  // The log goes to a file, not a pipe: reading every access-log line would take the bench's
  // CPU away from the system it measures.
  const logFile = join(opts.dataDir, "system.log");
  const proc = Bun.spawn([process.execPath, join(opts.root, "cli/main.ts"), "start"], {
    cwd: opts.root,
    env,
    stdout: Bun.file(logFile),
    stderr: Bun.file(join(opts.dataDir, "system.err")),
  });
  const started = performance.now();
  let outcome = "timeout";
  const startPeak = trackRssPeak(() => treeRss(proc.pid));
  while (performance.now() - started < opts.timeoutMs) {
    if (proc.exitCode !== null) {
      outcome = `exit ${proc.exitCode}`;
      break;
    }
    if (opts.readyPattern.test(readText(logFile))) {
      outcome = "ready";
      break;
    }
    await Bun.sleep(500);
  }
  if (outcome !== "ready") {
    startPeak.stop();
    proc.kill("SIGKILL");
    const tail = `${readText(logFile)}\n${readText(join(opts.dataDir, "system.err"))}`.trim().split("\n").slice(-15).join("\n");
    throw new SystemStartError(`the system did not get ready (${outcome}); last log lines:\n${tail}`);
  }
  let logOffset = readText(logFile).length;
  const url = `http://127.0.0.1:${opts.port}`;
  return {
    url,
    pid: proc.pid,
    dataDir: opts.dataDir,
    logFile,
    rss: () => treeRss(proc.pid),
    startPeak,
    cpuByProcess: () => treeCpu(proc.pid),
    statusesSinceLastCall() {
      const text = readText(logFile);
      const fresh = text.slice(logOffset);
      logOffset = text.length;
      const counts: Record<string, number> = {};
      for (const m of fresh.matchAll(/"status":(\d{3})/g)) if (m[1][0] !== "2" && m[1][0] !== "3") counts[m[1]] = (counts[m[1]] ?? 0) + 1;
      return counts;
    },
    async stop() {
      proc.kill("SIGTERM");
      const done = await Promise.race([proc.exited.then(() => true), Bun.sleep(20_000).then(() => false)]);
      if (!done) proc.kill("SIGKILL");
    },
  };
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/**
 * Waits until the processes have used less than `maxCpu` of one core in each of `seconds`
 * consecutive seconds: the rebuild and risk-model recompute after the sample start after a
 * debounce, so one quiet second right after the ingest proves nothing.
 */
export async function waitForQuiet(pid: number, opts: { maxCpu: number; seconds: number; timeoutMs: number }): Promise<{ quiet: boolean; waitedMs: number }> {
  const tick = 100; // USER_HZ on Linux
  return waitUntilQuiet(() => treeCpuTicks(pid) / tick, opts.maxCpu, opts);
}

/**
 * Waits until `cpuSeconds` (a cumulative CPU-time reading) grew by less than `max` in each of
 * `seconds` consecutive seconds, or gives up after `timeoutMs`.
 */
export async function waitUntilQuiet(cpuSeconds: () => number, max: number, opts: { seconds: number; timeoutMs: number }): Promise<{ quiet: boolean; waitedMs: number }> {
  const started = performance.now();
  let quietSeconds = 0;
  while (performance.now() - started < opts.timeoutMs) {
    const a = cpuSeconds();
    await Bun.sleep(1000);
    quietSeconds = cpuSeconds() - a < max ? quietSeconds + 1 : 0;
    if (quietSeconds >= opts.seconds) return { quiet: true, waitedMs: performance.now() - started };
  }
  return { quiet: false, waitedMs: performance.now() - started };
}

function treePids(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${out[i]}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        for (const c of readFileSync(`/proc/${out[i]}/task/${t}/children`, "utf8").trim().split(/\s+/)) if (c) out.push(Number(c));
      } catch {
        // The task ended while we looked.
      }
    }
  }
  return out;
}

/** A readable name: the `--name` of a `serve` child, "start (gateway)", else the command's name. */
export function processLabel(pid: number): string {
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

function treeRss(pid: number): RssReading {
  const byProcess: Array<{ pid: number; name: string; rss: number }> = [];
  for (const p of treePids(pid)) {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      byProcess.push({ pid: p, name: processLabel(p) || (/Name:\s+(\S+)/.exec(status)?.[1] ?? "?"), rss: kb * 1024 });
    } catch {
      // Gone.
    }
  }
  return { total: byProcess.reduce((s, p) => s + p.rss, 0), byProcess };
}

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

function treeCpu(pid: number): Array<{ pid: number; name: string; seconds: number }> {
  const out: Array<{ pid: number; name: string; seconds: number }> = [];
  for (const p of treePids(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.push({ pid: p, name, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND });
    } catch {
      // Gone.
    }
  }
  return out;
}

function treeCpuTicks(pid: number): number {
  let ticks = 0;
  for (const p of treePids(pid)) {
    try {
      // Fields after the command name: utime and stime are the 14th and 15th of the line.
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone.
    }
  }
  return ticks;
}
