// The system under test, as `npm start` runs it: `bun cli/main.ts start` in its own process
// group, embedded NATS and PGlite under a fresh DATA_DIR, the bundled sample ingested on first
// start. The bench waits for the sample and for the CPU to go quiet before it loads the system.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";

export class SystemStartError extends Error {
  override name = "SystemStartError";
}

export interface RunningSystem {
  url: string;
  pid: number;
  dataDir: string;
  /** RSS of the system's processes (the start process and its children, e.g. nats-server), bytes. */
  rss(): { total: number; byProcess: Array<{ pid: number; name: string; rss: number }> };
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

export async function startSystemProcess(opts: StartOptions): Promise<RunningSystem> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: opts.dataDir,
    PORT: String(opts.port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    // One load generator is one client: the per-client rate limit would measure itself.
    RATE_LIMIT_RPS: "0",
    NATS_URL: undefined,
    DATABASE_URL: undefined,
    ...opts.env,
  };
  const proc = Bun.spawn([process.execPath, join(opts.root, "cli/main.ts"), "start"], { cwd: opts.root, env, stdout: "pipe", stderr: "pipe" });
  const tail: string[] = [];
  const ready = watchLog(proc, opts.readyPattern, tail);
  const timeout = Bun.sleep(opts.timeoutMs).then(() => "timeout" as const);
  const outcome = await Promise.race([ready, proc.exited.then((code) => `exit ${code}` as const), timeout]);
  if (outcome !== "ready") {
    proc.kill("SIGKILL");
    throw new SystemStartError(`the system did not get ready (${outcome}); last log lines:\n${tail.slice(-15).join("\n")}`);
  }
  const url = `http://127.0.0.1:${opts.port}`;
  return {
    url,
    pid: proc.pid,
    dataDir: opts.dataDir,
    rss: () => treeRss(proc.pid),
    async stop() {
      proc.kill("SIGTERM");
      const done = await Promise.race([proc.exited.then(() => true), Bun.sleep(20_000).then(() => false)]);
      if (!done) proc.kill("SIGKILL");
    },
  };
}

/** Resolves "ready" once a log line (pino JSON or text) matches; keeps the last lines for errors. */
async function watchLog(proc: Subprocess<"ignore", "pipe", "pipe">, pattern: RegExp, tail: string[]): Promise<"ready"> {
  let resolveReady!: (v: "ready") => void;
  const ready = new Promise<"ready">((r) => (resolveReady = r));
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    let buf = "";
    for await (const chunk of stream) {
      buf += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        tail.push(line);
        if (tail.length > 50) tail.shift();
        if (pattern.test(line)) resolveReady("ready");
      }
    }
  };
  void pump(proc.stdout);
  void pump(proc.stderr);
  return ready;
}

/** Waits until the processes use less than `maxCpu` of one core over a second (the risk models' recompute after an ingest, say). */
export async function waitForQuiet(pid: number, opts: { maxCpu: number; timeoutMs: number }): Promise<{ quiet: boolean; waitedMs: number }> {
  const started = performance.now();
  const tick = 100; // USER_HZ on Linux
  while (performance.now() - started < opts.timeoutMs) {
    const a = treeCpuTicks(pid);
    await Bun.sleep(1000);
    const b = treeCpuTicks(pid);
    if ((b - a) / tick < opts.maxCpu) return { quiet: true, waitedMs: performance.now() - started };
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

function treeRss(pid: number): { total: number; byProcess: Array<{ pid: number; name: string; rss: number }> } {
  const byProcess: Array<{ pid: number; name: string; rss: number }> = [];
  for (const p of treePids(pid)) {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const name = /Name:\s+(\S+)/.exec(status)?.[1] ?? "?";
      byProcess.push({ pid: p, name, rss: kb * 1024 });
    } catch {
      // Gone.
    }
  }
  return { total: byProcess.reduce((s, p) => s + p.rss, 0), byProcess };
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
